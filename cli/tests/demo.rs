//! `frugal demo --quick` end to end: the outputs exist and hold sane values.

use std::process::Command;

use reduce_core::{Budget, class_counts};
use serde_json::Value;

#[test]
fn quick_demo_writes_sane_outputs() {
    let out = std::env::temp_dir().join(format!("frugal-demo-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_frugal"))
        .args(["demo", "--quick", "--out"])
        .arg(&out)
        .output()
        .expect("the frugal binary runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "demo failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("method") && stdout.contains("FULL"),
        "{stdout}"
    );

    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    let ratio = json["ratio"].as_f64().unwrap();
    assert_eq!(ratio, 0.2);
    let runs = json["runs"].as_array().unwrap();
    assert!(!runs.is_empty());
    let mut trained = 0;
    for r in runs {
        let method = r["method"].as_str().unwrap();
        for key in ["accuracy", "macro_f1"] {
            if let Some(a) = r[key].as_f64() {
                assert!((0.0..=1.0).contains(&a), "{method} {key} {a}");
                trained += 1;
            }
        }
        for key in ["epsilon", "bottleneck_h0", "bottleneck_h1"] {
            if let Some(e) = r[key].as_f64() {
                assert!(e.is_finite() && e >= 0.0, "{method} {key} {e}");
            }
        }
        if let Some(t) = r["train_s"].as_f64() {
            assert!(t.is_finite() && t >= 0.0);
        }
        let classes = r["classes"].as_array().unwrap();
        if method == "FULL" || classes.is_empty() {
            continue;
        }
        // Rows kept per class follow the one budget rule of reduce-core. DOM's default
        // (`DomAllocation::ByRadius`) keeps the total and at least one row per class, and
        // shares the rest by covering radius (reduce-core issue: "as close as its epsilon
        // search reaches").
        let mut labels = Vec::new();
        for c in classes {
            let n = c["rows_full"].as_u64().unwrap() as usize;
            labels.extend(std::iter::repeat_n(c["class"].as_u64().unwrap() as u32, n));
        }
        let expected = class_counts(&labels, Budget::Ratio(ratio), true).unwrap();
        let kept = |c: &Value| c["rows_kept"].as_u64().unwrap() as usize;
        if method == "DOM" {
            let total: usize = classes.iter().map(kept).sum();
            assert_eq!(total, expected.total(), "DOM total");
            assert!(
                classes.iter().all(|c| kept(c) >= 1),
                "DOM: a class with no row"
            );
            continue;
        }
        for c in classes {
            let label = c["class"].as_u64().unwrap() as u32;
            assert_eq!(kept(c), expected.keep(label), "{method} class {label}");
        }
    }
    assert!(trained >= 2, "no run was trained");

    let csv = std::fs::read_to_string(out.join("results.csv")).unwrap();
    assert_eq!(csv.lines().count(), runs.len() + 1);
    let svg = std::fs::read_to_string(out.join("accuracy_vs_time.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.contains("training time"));
    let _ = std::fs::remove_dir_all(&out);
}
