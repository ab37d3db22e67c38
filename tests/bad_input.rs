//! Bad input through the real binary: every whole-file failure exits 2 with a message naming
//! the file and the problem, one damaged page does not sink the file, and one bad file does
//! not stop the others from being checked.

mod support;

use std::ffi::OsStr;
use std::path::Path;

use support::{PageContent, dossier, good_pdf, pdf, stderr, stdout, write};

fn check(path: &Path) -> std::process::Output {
    dossier(&[OsStr::new("check"), path.as_os_str()])
}

fn assert_unreadable(path: &Path, needles: &[&str]) {
    let out = check(path);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "exit code for {}; stderr: {err}",
        path.display()
    );
    assert!(
        err.contains(&format!("dossier: {}:", path.display())),
        "stderr names the file: {err}"
    );
    let lower = err.to_lowercase();
    assert!(
        needles.iter().any(|n| lower.contains(n)),
        "stderr names the problem ({needles:?}): {err}"
    );
    assert!(!err.contains("panicked"), "no panic: {err}");
}

#[test]
fn check_rejects_a_text_file_renamed_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "notes.pdf", b"These are meeting notes, not a PDF.\n");
    assert_unreadable(&path, &["not a pdf"]);
}

#[test]
fn check_rejects_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "empty.pdf", b"");
    assert_unreadable(&path, &["empty"]);
}

#[test]
fn check_rejects_a_truncated_pdf_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = good_pdf();
    let path = write(dir.path(), "truncated.pdf", &bytes[..bytes.len() * 2 / 5]);
    assert_unreadable(&path, &["damaged", "truncated"]);
}

#[test]
fn check_rejects_an_encrypted_pdf_with_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let plain = write(dir.path(), "plain.pdf", &good_pdf());
    let locked = dir.path().join("locked.pdf");
    let qpdf = std::process::Command::new("qpdf")
        .args(["--encrypt", "secret", "owner", "256", "--"])
        .arg(&plain)
        .arg(&locked)
        .status();
    match qpdf {
        Ok(s) if s.success() => assert_unreadable(&locked, &["encrypted", "password"]),
        _ => eprintln!("SKIPPED: qpdf is not installed (scripts/setup.sh installs it)"),
    }
}

#[test]
fn check_rejects_a_pdf_with_no_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "zero.pdf", &pdf(&[]));
    assert_unreadable(&path, &["no pages", "0 pages", "zero pages"]);
}

#[test]
fn check_reports_a_missing_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("does-not-exist.pdf");
    assert_unreadable(&path, &["no such file", "not found"]);
}

#[test]
fn one_broken_page_is_listed_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = pdf(&[
        PageContent::Text(&["Page one is fine"]),
        PageContent::BrokenStream,
        PageContent::Text(&["Page three is fine"]),
    ]);
    let path = write(dir.path(), "one-bad-page.pdf", &bytes);
    let out = dossier(&[OsStr::new("check"), OsStr::new("--json"), path.as_os_str()]);
    assert_ne!(
        out.status.code(),
        Some(2),
        "a bad page is not a bad file; stderr: {}",
        stderr(&out)
    );
    let report: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("one JSON report");
    assert_eq!(report["pages"], 3);
    let problems = report["page_problems"].as_array().expect("page_problems present");
    assert!(
        problems.iter().any(|p| p["page"] == 2),
        "page 2 is named: {problems:?}"
    );
    assert!(
        !problems.iter().any(|p| p["page"] == 1 || p["page"] == 3),
        "pages 1 and 3 are fine: {problems:?}"
    );
}

#[test]
fn one_bad_file_among_several_exits_2_and_the_others_are_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.pdf", &good_pdf());
    let bad = write(dir.path(), "bad.pdf", b"GIF89a not a dossier");
    let b = write(dir.path(), "b.pdf", &good_pdf());
    let out = dossier(&[
        OsStr::new("check"),
        OsStr::new("--json"),
        a.as_os_str(),
        bad.as_os_str(),
        b.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("dossier: {}:", bad.display())),
        "{}",
        stderr(&out)
    );
    let files: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("JSON line")["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(files, vec![a.display().to_string(), b.display().to_string()]);
}

#[test]
fn a_bad_rules_file_exits_2_with_its_message() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(dir.path(), "a.pdf", &good_pdf());
    let rules = dir.path().join("missing-rules.toml");
    let out = dossier(&[
        OsStr::new("check"),
        OsStr::new("--rules"),
        rules.as_os_str(),
        doc.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("missing-rules.toml"), "{}", stderr(&out));
}
