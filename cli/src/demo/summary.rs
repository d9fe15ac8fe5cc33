//! Aggregation over seeds and the printed table.

use serde::Serialize;

use super::job::RunResult;

/// Mean and sample standard deviation of the known values of a column.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation (0 for a single value).
    pub sd: f64,
    /// How many runs had a value.
    pub n: usize,
}

/// Mean and spread of `values`, `None` when empty.
pub fn spread(values: impl IntoIterator<Item = f64>) -> Option<Spread> {
    let v: Vec<f64> = values.into_iter().collect();
    if v.is_empty() {
        return None;
    }
    let n = v.len();
    let mean = v.iter().sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    Some(Spread { mean, sd, n })
}

/// One table row: a method (or the full set) over all seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Method name, `FULL` for the whole training split.
    pub method: String,
    /// Whether the advisor could stop the runs.
    pub advisor: bool,
    /// Rows trained on.
    pub rows_kept: Option<Spread>,
    /// Reduction wall time, seconds.
    pub reduction_s: Option<Spread>,
    /// Epsilon-representativeness.
    pub epsilon: Option<Spread>,
    /// H0 bottleneck distance.
    pub bottleneck_h0: Option<Spread>,
    /// H1 bottleneck distance.
    pub bottleneck_h1: Option<Spread>,
    /// Epochs trained.
    pub epochs: Option<Spread>,
    /// Training wall time, seconds.
    pub train_s: Option<Spread>,
    /// Training CPU time, seconds.
    pub cpu_s: Option<Spread>,
    /// Training energy, joules.
    pub energy_j: Option<Spread>,
    /// Test accuracy.
    pub accuracy: Option<Spread>,
    /// Test macro F1.
    pub macro_f1: Option<Spread>,
    /// Notes: missing pieces, and whether the method's mean accuracy is below SRS's.
    pub notes: Vec<String>,
}

/// Groups runs by (method, advisor) in first-seen order and summarises each group.
pub fn summarise(runs: &[RunResult]) -> Vec<Summary> {
    let mut keys: Vec<(String, bool)> = Vec::new();
    for r in runs {
        let k = (r.method.clone(), r.advisor);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut rows: Vec<Summary> = keys
        .into_iter()
        .map(|(method, advisor)| {
            let group: Vec<&RunResult> = runs
                .iter()
                .filter(|r| r.method == method && r.advisor == advisor)
                .collect();
            let col = |f: fn(&RunResult) -> Option<f64>| spread(group.iter().filter_map(|r| f(r)));
            let mut notes: Vec<String> = group.iter().filter_map(|r| r.note.clone()).collect();
            notes.dedup();
            Summary {
                rows_kept: col(|r| r.rows_kept.map(|v| v as f64)),
                reduction_s: col(|r| r.reduction_s),
                epsilon: col(|r| r.epsilon),
                bottleneck_h0: col(|r| r.bottleneck_h0),
                bottleneck_h1: col(|r| r.bottleneck_h1),
                epochs: col(|r| r.epochs.map(|v| v as f64)),
                train_s: col(|r| r.train_s),
                cpu_s: col(|r| r.cpu_s),
                energy_j: col(|r| r.energy_j),
                accuracy: col(|r| r.accuracy),
                macro_f1: col(|r| r.macro_f1),
                method,
                advisor,
                notes,
            }
        })
        .collect();
    // Say so when a method does worse than random sampling (same advisor setting).
    let srs: Vec<(bool, f64)> = rows
        .iter()
        .filter(|s| s.method == "SRS")
        .filter_map(|s| s.accuracy.map(|a| (s.advisor, a.mean)))
        .collect();
    for s in &mut rows {
        if s.method == "SRS" || s.method == "FULL" {
            continue;
        }
        let base = srs.iter().find(|(adv, _)| *adv == s.advisor).map(|x| x.1);
        if let (Some(base), Some(acc)) = (base, s.accuracy)
            && acc.mean < base
        {
            s.notes.push("accuracy below SRS".into());
        }
    }
    rows
}

fn cell(v: Option<Spread>, decimals: usize) -> String {
    match v {
        None => "n/a".into(),
        Some(s) if s.n > 1 => format!("{:.*} ± {:.*}", decimals, s.mean, decimals, s.sd),
        Some(s) => format!("{:.*}", decimals, s.mean),
    }
}

/// The table as text: one line per summary, columns aligned, "n/a" for not available.
pub fn render_table(rows: &[Summary], energy_available: bool) -> String {
    let cost_header = if energy_available {
        "energy (J)"
    } else {
        "CPU (s)"
    };
    let header = [
        "method",
        "rows kept",
        "reduction (s)",
        "epsilon",
        "bottleneck H0",
        "bottleneck H1",
        "epochs",
        "training (s)",
        cost_header,
        "accuracy",
        "macro F1",
        "notes",
    ];
    let mut lines: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for s in rows {
        let name = if s.method == "FULL" && !s.advisor {
            "FULL (no advisor)".to_string()
        } else {
            s.method.clone()
        };
        lines.push(vec![
            name,
            cell(s.rows_kept, 0),
            cell(s.reduction_s, 3),
            cell(s.epsilon, 3),
            cell(s.bottleneck_h0, 3),
            cell(s.bottleneck_h1, 3),
            cell(s.epochs, 0),
            cell(s.train_s, 2),
            cell(
                if energy_available {
                    s.energy_j
                } else {
                    s.cpu_s
                },
                2,
            ),
            cell(s.accuracy, 3),
            cell(s.macro_f1, 3),
            s.notes.join("; "),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            lines
                .iter()
                .map(|l| l[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        let cells: Vec<String> = l
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(c, (v, &w))| {
                if c == 0 || c + 1 == l.len() {
                    format!("{v:<w$}")
                } else {
                    format!("{v:>w$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if i == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
            out.push_str(&"-".repeat(total.min(200)));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_known_values() {
        let s = spread([1.0, 2.0, 3.0, 4.0]).unwrap();
        assert_eq!(s.mean, 2.5);
        // Sample variance: (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3.
        assert!((s.sd - (5.0_f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(spread([7.0]).unwrap().sd, 0.0);
        assert!(spread(std::iter::empty()).is_none());
    }
}
