//! Epsilon-representativeness against a brute-force scan on the shipped data sets (every norm,
//! tree path for low dimensions and scan path for digits' 64), and against the reference
//! package's method (scipy cKDTree, Chebyshev) through `fixtures/scipy/epsilon.txt`.

use std::path::PathBuf;

use topo_core::{Error, LabelledPoints, Norm, Points, epsilon_representativeness, hausdorff};

/// Features (as f32) and label codes (sorted label names, numerically) of `data/NAME`, or `None`
/// with a notice when the shipped data are absent.
fn load(name: &str) -> Option<(Vec<f32>, usize, Vec<u32>)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../data")
        .join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("NOTE: {} absent, test skipped", path.display());
        return None;
    };
    let mut lines = text.lines();
    let head = lines.next()?;
    let delim = if head.matches(';').count() > head.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut x = Vec::new();
    let mut raw = Vec::new();
    let mut dim = 0;
    for l in lines.filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = l.split(delim).collect();
        dim = f.len() - 1;
        x.extend(f[..dim].iter().map(|v| v.trim().parse::<f32>().unwrap()));
        raw.push(f[dim].trim().parse::<f64>().unwrap());
    }
    let mut names = raw.clone();
    names.sort_by(f64::total_cmp);
    names.dedup();
    let y = raw
        .iter()
        .map(|v| names.iter().position(|n| n == v).unwrap() as u32)
        .collect();
    Some((x, dim, y))
}

fn subset(x: &[f32], dim: usize, y: &[u32], k: usize, off: usize) -> (Vec<f32>, Vec<u32>) {
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for i in (0..y.len()).filter(|i| i % k == off) {
        xs.extend_from_slice(&x[i * dim..(i + 1) * dim]);
        ys.push(y[i]);
    }
    (xs, ys)
}

/// Per class: (max over full rows of min distance to reduced rows of the class).
fn brute(x: &[f32], y: &[u32], xr: &[f32], yr: &[u32], dim: usize, norm: Norm) -> Vec<Option<f64>> {
    let classes = y.iter().max().map_or(0, |m| *m as usize + 1);
    let mut out = vec![None; classes];
    for c in 0..classes as u32 {
        let red: Vec<&[f32]> = xr
            .chunks_exact(dim)
            .zip(yr)
            .filter(|(_, l)| **l == c)
            .map(|(r, _)| r)
            .collect();
        if red.is_empty() {
            continue;
        }
        let mut worst = 0.0f64;
        for (row, _) in x.chunks_exact(dim).zip(y).filter(|(_, l)| **l == c) {
            let nn = red
                .iter()
                .map(|r| norm.distance(row, r))
                .fold(f64::INFINITY, f64::min);
            worst = worst.max(nn);
        }
        out[c as usize] = Some(worst);
    }
    out
}

#[test]
fn equals_brute_force_on_shipped_data_every_norm() {
    for name in ["iris.csv", "wine.csv", "collision.csv", "digits.csv"] {
        let Some((x, dim, y)) = load(name) else {
            return;
        };
        for (k, off) in [(5, 0), (13, 4)] {
            let (xr, yr) = subset(&x, dim, &y, k, off);
            let full = LabelledPoints::new(&x, dim, &y).unwrap();
            let red = LabelledPoints::new(&xr, dim, &yr).unwrap();
            for norm in [Norm::Chebyshev, Norm::Euclidean, Norm::Manhattan] {
                let got = epsilon_representativeness(&full, &red, norm).unwrap();
                let want = brute(&x, &y, &xr, &yr, dim, norm);
                for c in &got.classes {
                    assert_eq!(
                        c.epsilon, want[c.label as usize],
                        "{name} {k} {norm:?} class {}",
                        c.label
                    );
                    // The reported row attains the value.
                    let at = c.attained_at.unwrap();
                    assert_eq!(y[at], c.label);
                    let row = &x[at * dim..(at + 1) * dim];
                    let nn = xr
                        .chunks_exact(dim)
                        .zip(&yr)
                        .filter(|(_, l)| **l == c.label)
                        .map(|(r, _)| norm.distance(row, r))
                        .fold(f64::INFINITY, f64::min);
                    assert_eq!(Some(nn), c.epsilon);
                }
                let max = want.iter().flatten().fold(0.0f64, |a, &b| a.max(b));
                assert_eq!(got.epsilon, max);
            }
        }
    }
}

#[test]
fn equals_reference_package_chebyshev() {
    let text = include_str!("fixtures/scipy/epsilon.txt");
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let Some((x, dim, y)) = load(f[0]) else {
            return;
        };
        let (k, off): (usize, usize) = (f[1].parse().unwrap(), f[2].parse().unwrap());
        let overall: f64 = f[3].parse().unwrap();
        let (xr, yr) = subset(&x, dim, &y, k, off);
        let full = LabelledPoints::new(&x, dim, &y).unwrap();
        let red = LabelledPoints::new(&xr, dim, &yr).unwrap();
        let got = epsilon_representativeness(&full, &red, Norm::Chebyshev).unwrap();
        assert_eq!(got.epsilon_present(), Some(overall), "{line}");
        for cv in &f[4..] {
            let (c, v) = cv.split_once(':').unwrap();
            let c: u32 = c.parse().unwrap();
            let v: f64 = v.parse().unwrap();
            assert_eq!(got.classes[c as usize].epsilon, Some(v), "{line}");
        }
        checked += 1;
    }
    assert!(checked >= 12 || checked == 0);
}

#[test]
fn missing_class_is_reported_and_overall_is_infinite() {
    let x = [0.0_f32, 1.0, 2.0, 10.0];
    let y = [0, 0, 1, 1];
    let xr = [0.5_f32];
    let yr = [0];
    let full = LabelledPoints::new(&x, 1, &y).unwrap();
    let red = LabelledPoints::new(&xr, 1, &yr).unwrap();
    let e = epsilon_representativeness(&full, &red, Norm::Euclidean).unwrap();
    assert_eq!(e.missing_classes(), vec![1]);
    assert_eq!(e.epsilon, f64::INFINITY);
    assert_eq!(e.epsilon_present(), Some(0.5));
    assert_eq!(e.classes[1].rows_full, 2);
    assert_eq!(e.classes[1].rows_reduced, 0);
}

#[test]
fn bad_input_is_a_typed_error() {
    let x = [0.0_f32, 1.0, 2.0, 3.0];
    let y = [0, 1];
    let full = LabelledPoints::new(&x, 2, &y).unwrap();
    let narrow = LabelledPoints::new(&x[..2], 1, &y).unwrap();
    assert_eq!(
        epsilon_representativeness(&full, &narrow, Norm::Chebyshev),
        Err(Error::DimMismatch {
            expected: 2,
            found: 1
        })
    );
    let alien = [7_u32];
    let red = LabelledPoints::new(&x[..2], 2, &alien).unwrap();
    assert_eq!(
        epsilon_representativeness(&full, &red, Norm::Chebyshev),
        Err(Error::UnknownLabel(7))
    );
    let a = Points::new(&x, 2).unwrap();
    let b = Points::new(&x, 1).unwrap();
    assert!(hausdorff(&a, &b, Norm::Euclidean).is_err());
}
