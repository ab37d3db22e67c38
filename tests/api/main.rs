//! The service over HTTP, started for real on port 0 against SQLite and (where a test says
//! so) a throwaway PostgreSQL: sign-in, uploads and background checks, review, re-submission,
//! the role × endpoint × unit matrix and bad requests.

#[path = "../support/mod.rs"]
mod support;

mod auth;
mod bad_requests;
mod cross;
mod helpers;
mod matrix;
mod openapi;
mod review;
mod stats;
mod upload;
