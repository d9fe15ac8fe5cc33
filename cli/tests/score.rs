//! `frugal score` and `frugal bottleneck` end to end: the JSON keys scripts depend on, hand-worked
//! values, the `row` column, label matching by name, and errors.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("frugal-score-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn frugal(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_frugal"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Class `a`: (0,0), (2,0), (0,3); class `b`: (10,10), (11,10).
const FULL: &str = "x;y;kind\n0;0;a\n2;0;a\n0;3;a\n10;10;b\n11;10;b\n";

#[test]
fn json_report_hand_worked() {
    let d = dir("json");
    let full = d.join("full.csv");
    let red = d.join("red.csv");
    std::fs::write(&full, FULL).unwrap();
    // The reduced file as `frugal reduce` writes it: a leading `row` column.
    std::fs::write(&red, "row;x;y;kind\n0;0;0;a\n4;11;10;b\n").unwrap();
    let (code, out, err) = frugal(&[
        "score",
        full.to_str().unwrap(),
        red.to_str().unwrap(),
        "--label",
        "kind",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    // Chebyshev: class a's worst row is (0,3) at 3 from (0,0); class b's (10,10) at 1.
    assert_eq!(v["epsilon"], 3.0);
    let a = &v["classes"][0];
    assert_eq!(a["label"], "a");
    assert_eq!(a["rows_full"], 3);
    assert_eq!(a["rows_reduced"], 1);
    assert_eq!(a["epsilon"], 3.0);
    assert_eq!(a["epsilon_row"], 2);
    // Euclidean Hausdorff 3, bound 6. H0 of class a: deaths at 2 and 3 (MST of the triangle),
    // against a single point: the worse goes to the diagonal at 3/2. H1: none either side.
    assert_eq!(a["bound"], 6.0);
    assert_eq!(a["bottleneck"]["0"], 1.5);
    assert_eq!(a["bottleneck"]["1"], 0.0);
    let b = &v["classes"][1];
    assert_eq!(b["label"], "b");
    assert_eq!(b["epsilon"], 1.0);
    assert_eq!(b["bottleneck"]["0"], 0.5);
    assert_eq!(b["bound"], 2.0);
    // Only H0 asked for: no "1" key.
    let (_, out, _) = frugal(&[
        "score",
        full.to_str().unwrap(),
        red.to_str().unwrap(),
        "--dims",
        "0",
        "--norm",
        "euclidean",
        "--json",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["classes"][0]["bottleneck"].get("1").is_none());
    assert_eq!(v["classes"][0]["epsilon"], 3.0);
    assert_eq!(v["norm"], "euclidean");
}

#[test]
fn missing_class_gives_null_epsilon_and_is_listed() {
    let d = dir("missing");
    let full = d.join("full.csv");
    let red = d.join("red.csv");
    std::fs::write(&full, FULL).unwrap();
    std::fs::write(&red, "x;y;kind\n0;0;a\n").unwrap();
    let (code, out, err) = frugal(&[
        "score",
        full.to_str().unwrap(),
        red.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["epsilon"].is_null());
    assert_eq!(v["missing_classes"][0], "b");
    assert_eq!(v["classes"][1]["missing"], true);
    assert!(v["classes"][1]["epsilon"].is_null());
    let (_, text, _) = frugal(&["score", full.to_str().unwrap(), red.to_str().unwrap()]);
    assert!(text.contains("MISSING"), "{text}");
}

#[test]
fn bad_inputs_are_errors() {
    let d = dir("bad");
    let full = d.join("full.csv");
    std::fs::write(&full, FULL).unwrap();
    let alien = d.join("alien.csv");
    std::fs::write(&alien, "x;y;kind\n0;0;z\n").unwrap();
    let (code, _, err) = frugal(&["score", full.to_str().unwrap(), alien.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("not a label of the full set"), "{err}");
    let narrow = d.join("narrow.csv");
    std::fs::write(&narrow, "x;kind\n0;a\n").unwrap();
    let (code, _, err) = frugal(&["score", full.to_str().unwrap(), narrow.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("different feature columns"), "{err}");
    let (code, _, err) = frugal(&[
        "score",
        full.to_str().unwrap(),
        full.to_str().unwrap(),
        "--dims",
        "2",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("dimension 2"), "{err}");
}

#[test]
fn bottleneck_prints_one_number() {
    let d = dir("bn");
    let a = d.join("a.txt");
    let b = d.join("b.txt");
    let e = d.join("e.txt");
    std::fs::write(&a, "0 4\n1 2\n").unwrap();
    std::fs::write(&b, "# H0\n0 3.5\n").unwrap();
    std::fs::write(&e, "0 inf\n").unwrap();
    let run = |x: &PathBuf, y: &PathBuf, extra: &[&str]| {
        let mut args = vec!["bottleneck", x.to_str().unwrap(), y.to_str().unwrap()];
        args.extend_from_slice(extra);
        frugal(&args)
    };
    assert_eq!(run(&a, &b, &[]).1, "0.5\n");
    assert_eq!(run(&a, &b, &["--wasserstein", "1"]).1, "1\n");
    assert_eq!(run(&a, &e, &[]).1, "inf\n");
    let (code, _, err) = run(&a, &b, &["--wasserstein", "0.5"]);
    assert_eq!(code, 2);
    assert!(err.contains("order"), "{err}");
    let bad = d.join("bad.txt");
    std::fs::write(&bad, "3 1\n").unwrap();
    let (code, _, err) = run(&a, &bad, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("before birth"), "{err}");
}
