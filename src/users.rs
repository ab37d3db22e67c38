//! Adding users: the rules `dossier user add` (and any later admin page) applies before a
//! user is stored — a known role, a unit for the unit-bound roles, a password long enough,
//! hashed with argon2id.

use thiserror::Error;

use crate::auth::{self, AuthError, Role};
use crate::store::{Store, StoreError};

#[derive(Debug, Error)]
pub enum AddUserError {
    #[error("unknown role {0:?}: expected officer, unit_legal, bureau_legal, leader or admin")]
    UnknownRole(String),
    #[error("the role {0} works inside one unit: give --unit")]
    UnitRequired(Role),
    #[error("the user name must be 1 to 64 letters, digits, '.', '-' or '_'")]
    BadUsername,
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Validates and stores a new user; the unit is created if it does not exist yet.
pub async fn add_user(
    store: &Store,
    username: &str,
    role: &str,
    unit: Option<&str>,
    password: &str,
) -> Result<i64, AddUserError> {
    let role = Role::from_id(role).ok_or_else(|| AddUserError::UnknownRole(role.to_string()))?;
    let valid_name = !username.is_empty()
        && username.len() <= 64
        && username
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid_name {
        return Err(AddUserError::BadUsername);
    }
    let unit = unit.map(str::trim).filter(|u| !u.is_empty());
    if role.is_unit_bound() && unit.is_none() {
        return Err(AddUserError::UnitRequired(role));
    }
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| AuthError::Hash(e.to_string()))??;
    let unit_id = match unit {
        Some(code) => Some(store.ensure_unit(code, None).await?),
        None => None,
    };
    Ok(store.add_user(username, &hash, role, unit_id).await?)
}
