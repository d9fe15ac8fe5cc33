//! `frugal forecast`: the CSV reader on synthetic logs (always), and both commands on the
//! EAT-IT file when `FRUGAL_EAT_IT` names it (skipped with a notice otherwise; the file has no
//! licence and is never copied into the repository).

use std::process::Command;

use frugal::forecast::{Protocol, evaluate, parse, simulate};
use predict_core::{FitConfig, Mode};

const HEADER: &str = "dataset,mode,intervention,epoch,val_accuracy,accuracy,loss,energy_nvidia";

/// Synthetic EAT-IT-shaped logs: `sets` data sets, a base run and freeze/quant branches at 10,
/// 20, 30, 40, 50 epochs each.
fn synthetic_csv(sets: usize) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    for d in 0..sets {
        let top = 0.5 + 0.03 * d as f64;
        let acc = |e: u32, bonus: f64| top + bonus - 0.4 * (-(f64::from(e)) / 5.0).exp();
        for e in 1..=50u32 {
            let en = if e == 1 {
                3.0
            } else {
                2.0 + 0.01 * f64::from(e % 3)
            };
            s.push_str(&format!("set{d},base,0,{e},{},0.5,1.0,{en}\n", acc(e, 0.0)));
        }
        for (mode, f, bonus) in [("freeze", 0.8, 0.01), ("quant", 0.95, -0.005)] {
            for iv in [10u32, 20, 30, 40] {
                for e in iv + 1..=50 {
                    let en = 2.0 * f * if e == iv + 1 { 1.3 } else { 1.0 };
                    s.push_str(&format!(
                        "set{d},{mode},{iv},{e},{},0.5,1.0,{en}\n",
                        acc(e, bonus)
                    ));
                }
            }
        }
    }
    s
}

#[test]
fn reads_runs_as_full_paths() {
    let data = parse(&synthetic_csv(2), "energy_nvidia").unwrap();
    assert_eq!(data.len(), 2);
    let q30 = &data[0].branches[&(Mode::Quantize, 30)];
    assert_eq!(q30.len(), 50);
    let r = q30.records();
    assert_eq!(
        (r[29].mode, r[30].mode, r[30].mode_since),
        (Mode::Base, Mode::Quantize, 30)
    );
    // the prefix is the base run's
    assert_eq!(r[10].val_accuracy, data[0].base.records()[10].val_accuracy);
}

#[test]
fn bad_logs_are_errors_not_panics() {
    let bad_mode = format!("{HEADER}\nset0,prune,0,1,0.5,0.5,1.0,2.0\n");
    let e = format!("{:#}", parse(&bad_mode, "energy_nvidia").unwrap_err());
    assert!(e.contains("unknown mode"), "{e}");
    let negative = format!("{HEADER}\nset0,base,0,1,0.5,0.5,1.0,-2.0\n");
    let e = format!("{:#}", parse(&negative, "energy_nvidia").unwrap_err());
    assert!(e.contains("energy"), "{e}");
    let acc = format!("{HEADER}\nset0,base,0,1,1.5,0.5,1.0,2.0\n");
    let e = format!("{:#}", parse(&acc, "energy_nvidia").unwrap_err());
    assert!(e.contains("val_accuracy"), "{e}");
    let nan = format!("{HEADER}\nset0,base,0,1,0.5,0.5,1.0,nan\n");
    assert!(parse(&nan, "energy_nvidia").is_err());
    let repeated =
        format!("{HEADER}\nset0,base,0,2,0.5,0.5,1.0,2.0\nset0,base,0,2,0.5,0.5,1.0,2.0\n");
    let e = format!("{:#}", parse(&repeated, "energy_nvidia").unwrap_err());
    assert!(e.contains("increase"), "{e}");
    assert!(parse(HEADER, "energy_nvidia").is_err());
    assert!(parse(&synthetic_csv(1), "no_such_column").is_err());
}

/// The naive last-epoch MAPE of (accuracy, energy) over every row of the CSV text at epoch >= 7,
/// computed straight from the rows with the data card's lag rule (the previous epoch comes
/// from the same run if it is after the intervention, else from the base run): an
/// independent check of which rows `--protocol all-runs` scores.
fn naive_all_rows(csv: &str) -> ([f64; 2], usize) {
    use std::collections::HashMap;
    let mut rows: HashMap<(String, String, u32, u32), (f64, f64)> = HashMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let key = (
            f[0].to_string(),
            f[1].to_string(),
            f[2].parse().unwrap(),
            f[3].parse().unwrap(),
        );
        rows.insert(key, (f[4].parse().unwrap(), f[7].parse().unwrap()));
    }
    let (mut sum, mut n) = ([0.0; 2], 0);
    for ((ds, mode, iv, ep), (acc, en)) in &rows {
        if *ep < 7 {
            continue;
        }
        let prev = if ep - 1 > *iv {
            rows[&(ds.clone(), mode.clone(), *iv, ep - 1)]
        } else {
            rows[&(ds.clone(), "base".to_string(), 0, ep - 1)]
        };
        sum[0] += ((prev.0 - acc) / acc).abs();
        sum[1] += ((prev.1 - en) / en).abs();
        n += 1;
    }
    (sum.map(|s| s / n as f64), n)
}

#[test]
fn all_runs_protocol_scores_every_row_once() {
    let csv = synthetic_csv(3);
    let data = parse(&csv, "energy_nvidia").unwrap();
    let all = evaluate(&data, FitConfig::default(), Some(10.0), Protocol::AllRuns)
        .unwrap()
        .to_json();
    let ([naive_acc, naive_en], n) = naive_all_rows(&csv);
    // per data set: base epochs 7..=50 (44) + the branches' own epochs 2 x (40 + 30 + 20 + 10)
    assert_eq!(n, 3 * (44 + 200));
    assert_eq!(all["predictions"].as_u64(), Some(n as u64));
    for d in all["datasets"].as_array().unwrap() {
        assert_eq!(d["predictions"].as_u64(), Some(244), "{d}");
    }
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
    assert!(
        close(all["naive_mape_accuracy"].as_f64().unwrap(), naive_acc),
        "{all}"
    );
    assert!(
        close(all["naive_mape_energy"].as_f64().unwrap(), naive_en),
        "{all}"
    );
    assert_eq!(all["protocol"], "all-runs");

    let path = evaluate(&data, FitConfig::default(), Some(10.0), Protocol::Path)
        .unwrap()
        .to_json();
    // base to 30 then quant: epochs 7..=50 of one path per data set
    assert_eq!(path["predictions"].as_u64(), Some(3 * 44));
    assert_eq!(path["protocol"], "path");
}

#[test]
fn simulation_on_synthetic_logs_saves_energy_on_a_plateau() {
    // Accuracy saturates by epoch ~20 in every set: the advisor must stop well before 50.
    let data = parse(&synthetic_csv(3), "energy_nvidia").unwrap();
    let report = simulate(
        &data,
        FitConfig::default(),
        None,
        Protocol::default(),
        Some(0.1),
    )
    .unwrap();
    for r in &report.replays {
        assert!(r.stop_epoch < 50, "{r:?}");
        assert!(r.energy_saved > 0.0, "{r:?}");
    }
}

fn run_json(args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_frugal"))
        .args(args)
        .output()
        .expect("runs frugal");
    assert!(
        out.status.success(),
        "frugal {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn eat_it_targets() {
    let Some(path) = eat_it_path() else { return };
    let ev = run_json(&["forecast", "evaluate", &path, "--json"]);
    let get = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap_or_else(|| panic!("key {k}"));
    let (a, e, s) = (
        get(&ev, "mape_accuracy"),
        get(&ev, "mape_energy"),
        get(&ev, "mape_score"),
    );
    let (na, ne) = (
        get(&ev, "naive_mape_accuracy"),
        get(&ev, "naive_mape_energy"),
    );
    println!("evaluate: accuracy {a:.4} energy {e:.4} score {s:.4}; naive {na:.4} {ne:.4}");
    let ds = ev["datasets"].as_array().expect("datasets array");
    assert_eq!(ds.len(), 12);
    for d in ds {
        for k in [
            "mape_accuracy",
            "mape_energy",
            "mape_score",
            "naive_mape_accuracy",
            "naive_mape_energy",
        ] {
            assert!(d[k].as_f64().is_some_and(f64::is_finite), "{k} in {d}");
        }
    }
    // The default protocol reproduces the naive baselines quoted for the paper's protocol
    // (issue #4 and the protocol spec: about 10.6 % accuracy, 10.4 % energy).
    assert_eq!(ev["protocol"], "all-runs");
    assert!(
        (na - 0.106).abs() < 0.001 && (ne - 0.104).abs() < 0.001,
        "{ev}"
    );
    // Below the naive baselines and within the targets of issue #4.
    assert!(a < na && e < ne, "{ev}");
    assert!(s < get(&ev, "naive_mape_score"), "{ev}");
    assert!(a <= 0.080 && e <= 0.100 && s <= 0.085, "{ev}");

    let sim = run_json(&["forecast", "simulate", &path, "--json"]);
    let (saved, change) = (get(&sim, "energy_saved"), get(&sim, "accuracy_change"));
    println!(
        "simulate: energy saved {saved:.4}, accuracy change {change:+.4}, worst {:+.4}",
        get(&sim, "worst_accuracy_change")
    );
    assert!(saved >= 0.565, "{sim}");
    assert!(change >= 0.0, "{sim}");
    let ds = sim["datasets"].as_array().expect("datasets array");
    assert_eq!(ds.len(), 12);
    let worst = ds
        .iter()
        .filter_map(|d| d["accuracy_change"].as_f64())
        .fold(f64::INFINITY, f64::min);
    assert_eq!(worst, get(&sim, "worst_accuracy_change"));
}

/// The EAT-IT CSV named by `FRUGAL_EAT_IT`, or None (with a printed notice).
fn eat_it_path() -> Option<String> {
    let Some(path) = std::env::var_os("FRUGAL_EAT_IT") else {
        println!("SKIPPED: set FRUGAL_EAT_IT to the EAT-IT all_data.csv to run this test");
        return None;
    };
    let path = path.to_string_lossy().to_string();
    if !std::path::Path::new(&path).exists() {
        println!("SKIPPED: FRUGAL_EAT_IT={path} does not exist");
        return None;
    }
    Some(path)
}

#[test]
fn naive_baselines_match_the_python_reference() {
    // `fixtures/gen_eat_it_protocol.py` computes the naive figures from the CSV rows with its
    // own lag rule; both protocols must score the same rows with the same previous epochs.
    let Some(path) = eat_it_path() else { return };
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/eat_it_protocol.json")).unwrap();
    for protocol in ["all-runs", "path"] {
        let ours = run_json(&[
            "forecast",
            "evaluate",
            &path,
            "--json",
            "--protocol",
            protocol,
        ]);
        let reference = &fixture["protocols"][protocol];
        let close = |a: &serde_json::Value, b: &serde_json::Value| {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            (a - b).abs() <= 1e-9 * b.abs()
        };
        let check = |o: &serde_json::Value, r: &serde_json::Value| {
            assert_eq!(o["predictions"], r["predictions"], "{protocol}: {o} vs {r}");
            assert!(
                close(&o["naive_mape_accuracy"], &r["naive_accuracy"]),
                "{protocol}: {o} vs {r}"
            );
            assert!(
                close(&o["naive_mape_energy"], &r["naive_energy"]),
                "{protocol}: {o} vs {r}"
            );
        };
        check(&ours, &reference["all"]);
        let datasets = ours["datasets"].as_array().unwrap();
        assert_eq!(datasets.len(), 12);
        for d in datasets {
            let name = d["dataset"].as_str().unwrap();
            check(d, &reference["datasets"][name]);
        }
    }
}
