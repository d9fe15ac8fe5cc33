//! Bad command-line input gets a one-line error naming the problem and a non-zero exit, never a
//! panic trace.

use std::path::PathBuf;
use std::process::Command;

fn frugal(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_frugal"))
        .args(args)
        .output()
        .expect("the frugal binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_csv(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("frugal-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Exit code non-zero, one line on stderr containing `needle`, no panic.
fn assert_clean_error(args: &[&str], needle: &str) {
    let (code, err) = frugal(args);
    assert_ne!(code, 0, "{args:?} succeeded");
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert!(!err.contains("RUST_BACKTRACE"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.contains(needle), "{args:?}: '{err}' lacks '{needle}'");
}

#[test]
fn missing_file() {
    assert_clean_error(
        &["demo", "--data", "/nonexistent/frugal.csv", "--quick"],
        "cannot read /nonexistent/frugal.csv",
    );
}

#[test]
fn unknown_method() {
    assert_clean_error(
        &["demo", "--quick", "--methods", "SRS,XYZ"],
        "unknown method 'XYZ'",
    );
}

#[test]
fn no_such_label_column() {
    let p = temp_csv("labels.csv", "a,b,y\n1,2,0\n3,4,1\n");
    assert_clean_error(
        &[
            "demo",
            "--quick",
            "--data",
            p.to_str().unwrap(),
            "--label",
            "class",
        ],
        "no label column named 'class'",
    );
}

#[test]
fn ragged_rows() {
    let p = temp_csv("ragged.csv", "a,b,y\n1,2,0\n3,1\n");
    assert_clean_error(
        &["demo", "--quick", "--data", p.to_str().unwrap()],
        "line 3",
    );
}

#[test]
fn non_numeric_cell() {
    let p = temp_csv("text.csv", "a,b,y\n1,2,0\n3,abc,1\n");
    assert_clean_error(
        &["demo", "--quick", "--data", p.to_str().unwrap()],
        "'abc' is not a number",
    );
}

#[test]
fn one_class_only() {
    let p = temp_csv("one.csv", "a,y\n1,0\n2,0\n3,0\n");
    assert_clean_error(
        &["demo", "--quick", "--data", p.to_str().unwrap()],
        "needs at least two",
    );
}

#[test]
fn ratio_out_of_range() {
    assert_clean_error(&["demo", "--quick", "--ratio", "1.5"], "--ratio 1.5");
}

#[test]
fn unknown_skip_column() {
    assert_clean_error(
        &["demo", "--quick", "--skip", "nope"],
        "no column named 'nope'",
    );
}
