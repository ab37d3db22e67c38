//! The command line contract: JSON lines on stdout, the table, exit codes 0/1/2 and the
//! evaluation command, through the real binary.

mod support;

use std::ffi::OsStr;

use support::{dossier, fixture_with_most_defects, generated_fixtures, good_pdf, stderr, stdout, write};

#[test]
fn check_json_prints_one_report_per_line_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.pdf", &good_pdf());
    let b = write(dir.path(), "b.pdf", &good_pdf());
    let out = dossier(&[
        OsStr::new("check"),
        OsStr::new("--json"),
        a.as_os_str(),
        b.as_os_str(),
    ]);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "stderr: {}",
        stderr(&out)
    );
    let lines: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    for (line, path) in lines.iter().zip([&a, &b]) {
        let report: dossier::report::Report = serde_json::from_str(line).expect("a report");
        assert_eq!(report.file, path.display().to_string());
        assert_eq!(report.pages, 3);
        assert_eq!(report.sha256.len(), 64);
        assert!(["text", "scan", "mixed"].contains(&report.source.as_str()));
    }
}

#[test]
fn check_exit_code_says_whether_defects_were_found() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.pdf", &good_pdf());
    let out = dossier(&[OsStr::new("check"), OsStr::new("--json"), a.as_os_str()]);
    let report: dossier::report::Report = serde_json::from_str(stdout(&out).trim()).expect("a report");
    let expected = if report.defects.is_empty() { 0 } else { 1 };
    assert_eq!(out.status.code(), Some(expected), "stderr: {}", stderr(&out));
}

#[test]
fn check_table_names_the_file_pages_and_source() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.pdf", &good_pdf());
    let out = dossier(&[OsStr::new("check"), a.as_os_str()]);
    let text = stdout(&out);
    assert!(text.contains(&a.display().to_string()), "{text}");
    assert!(text.contains("3 pages"), "{text}");
}

#[test]
fn check_exits_1_on_a_fixture_with_known_defects() {
    let Some((pdf, n)) = fixture_with_most_defects() else {
        eprintln!("SKIPPED: no fixtures/generated (run scripts/test.sh or the generator)");
        return;
    };
    assert!(n > 0, "the fixture set has a dossier with defects");
    let out = dossier(&[OsStr::new("check"), OsStr::new("--json"), pdf.as_os_str()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}: stderr {}",
        pdf.display(),
        stderr(&out)
    );
    let report: dossier::report::Report = serde_json::from_str(stdout(&out).trim()).expect("a report");
    assert!(!report.defects.is_empty());
    for d in &report.defects {
        assert!(
            (1..=report.pages).contains(&d.page),
            "defect page within the file: {d:?}"
        );
        assert!(
            d.bbox.iter().all(|v| (0.0..=1.0).contains(v)),
            "bbox as fractions: {d:?}"
        );
    }
}

#[test]
fn eval_scores_a_folder_of_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d001.pdf", &good_pdf());
    write(
        dir.path(),
        "d001.truth.json",
        br#"{"file": "d001.pdf", "source": "text", "documents": [],
             "defects": [{"category": "missing_page", "pages": [2], "note": "page 2 of 4 missing"}]}"#,
    );
    write(dir.path(), "stray.pdf", &good_pdf()); // no truth: ignored
    let out = dossier(&[OsStr::new("eval"), OsStr::new("--json"), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let result: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON result");
    assert_eq!(result["files"], 1);
    assert_eq!(result["overall"]["fn"], 1, "{result}");
    assert_eq!(result["misses"][0]["category"], "missing_page");
    assert_eq!(result["misses"][0]["message"], "page 2 of 4 missing");

    let out = dossier(&[OsStr::new("eval"), dir.path().as_os_str()]);
    let table = stdout(&out);
    assert!(
        table.contains("missing_page") && table.contains("overall (micro)"),
        "{table}"
    );
    assert!(table.contains("misses (1)"), "{table}");
}

#[test]
fn eval_refuses_a_folder_without_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(&[OsStr::new("eval"), dir.path().as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no fixtures"), "{}", stderr(&out));
}

#[test]
fn eval_library_function_agrees_with_the_generated_truth_format() {
    let Some(dir) = generated_fixtures() else {
        eprintln!("SKIPPED: no fixtures/generated");
        return;
    };
    let result = dossier::eval::evaluate(&dir, &dossier::checks::RuleConfig::default()).expect("evaluates");
    assert!(result.files > 0);
    assert!(
        result.failed_files.is_empty(),
        "every fixture is readable: {:?}",
        result.failed_files
    );
    let o = &result.overall;
    assert_eq!(
        o.tp + o.fn_,
        result.categories.iter().map(|c| c.tp + c.fn_).sum::<usize>()
    );
}

#[test]
fn extract_prints_each_page_with_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.pdf", &good_pdf());
    let out = dossier(&[OsStr::new("extract"), a.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("== page 3"), "{text}");
    assert!(text.contains("Record of questioning"), "{text}");
}
