//! Rips diagrams against ripser.py's, saved as fixtures by `fixtures/gen_ripser.py`: random clouds
//! in 2 to 16 dimensions, a circle, a sphere, a torus, thresholded clouds (through both edge
//! storages), the standardised scikit-learn data sets and (H0) the collision data set. Equal
//! means the same multiset of pairs up to 1e-5 (relative above 1).

mod rips_support;

use std::path::{Path, PathBuf};

use rips_support::assert_same_diagrams;
use topo_core::{
    Diagram, Euclidean, Points, RipsOptions, RipsParams, RipsStorage, rips_diagrams,
    rips_diagrams_with_options,
};

const TOL: f64 = 1e-5;

struct Case {
    source: String,
    max_dim: usize,
    threshold: Option<f64>,
    points: Vec<f32>,
    dim: usize,
    diagrams: Vec<Diagram>,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn parse_value(s: &str) -> f64 {
    if s == "inf" {
        f64::INFINITY
    } else {
        s.parse().unwrap_or_else(|_| panic!("bad number {s}"))
    }
}

fn read_case(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let mut case = Case {
        source: String::new(),
        max_dim: 0,
        threshold: None,
        points: Vec::new(),
        dim: 0,
        diagrams: Vec::new(),
    };
    while let Some(line) = lines.next() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.first().copied() {
            Some("source") => case.source = words[1..].join(" "),
            Some("maxdim") => case.max_dim = words[1].parse().unwrap(),
            Some("threshold") => {
                case.threshold = (words[1] != "default").then(|| parse_value(words[1]))
            }
            Some("points") => {
                let (n, d): (usize, usize) = (words[1].parse().unwrap(), words[2].parse().unwrap());
                case.dim = d;
                for _ in 0..n {
                    let row = lines.next().unwrap();
                    case.points
                        .extend(row.split_whitespace().map(|v| v.parse::<f32>().unwrap()));
                }
            }
            Some("diagram") => {
                let m: usize = words[2].parse().unwrap();
                let pairs = (0..m)
                    .map(|_| {
                        let l: Vec<f64> = lines
                            .next()
                            .unwrap()
                            .split_whitespace()
                            .map(parse_value)
                            .collect();
                        (l[0], l[1])
                    })
                    .collect();
                case.diagrams.push(Diagram::new(pairs).unwrap());
            }
            _ => {}
        }
    }
    case
}

/// Feature columns (all but the last) of a shipped CSV, z-scored in f64 (population standard
/// deviation, constant columns only centred) and rounded to f32, as the generator does.
fn standardised_csv(name: &str, rows: Option<usize>) -> Option<(Vec<f32>, usize)> {
    let path = repo_root().join("data").join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("NOTE: {} is absent; skipping", path.display());
        return None;
    };
    let mut lines = text.lines();
    let header = lines.next()?;
    let delim = if header.matches(';').count() > header.matches(',').count() {
        ';'
    } else {
        ','
    };
    let mut table: Vec<Vec<f64>> = Vec::new();
    for line in lines
        .filter(|l| !l.trim().is_empty())
        .take(rows.unwrap_or(usize::MAX))
    {
        let cells: Vec<&str> = line.split(delim).collect();
        let row = cells[..cells.len() - 1]
            .iter()
            .map(|c| f64::from(c.trim().parse::<f32>().unwrap()))
            .collect();
        table.push(row);
    }
    let (n, d) = (table.len(), table[0].len());
    let mut out = vec![0.0_f32; n * d];
    for j in 0..d {
        let mean = table.iter().map(|r| r[j]).sum::<f64>() / n as f64;
        let var = table.iter().map(|r| (r[j] - mean).powi(2)).sum::<f64>() / n as f64;
        let std = if var == 0.0 { 1.0 } else { var.sqrt() };
        for (i, r) in table.iter().enumerate() {
            out[i * d + j] = ((r[j] - mean) / std) as f32;
        }
    }
    Some((out, d))
}

fn check(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ripser")
        .join(format!("{name}.txt"));
    if !path.exists() {
        println!("NOTE: fixture {} is absent; skipping", path.display());
        return;
    }
    let case = read_case(&path);
    let (data, dim) = if case.source == "points" {
        (case.points.clone(), case.dim)
    } else {
        let words: Vec<&str> = case.source.split_whitespace().collect();
        let rows = (words.len() == 4).then(|| words[3].parse().unwrap());
        match standardised_csv(words[1], rows) {
            Some(x) => x,
            None => return,
        }
    };
    let params = RipsParams {
        max_dim: case.max_dim,
        threshold: case.threshold,
    };
    let points = Points::new(&data, dim).unwrap();
    let ours = rips_diagrams(points, &params).unwrap();
    assert_same_diagrams(&ours, &case.diagrams, TOL, name);
    // With a threshold, both edge storages (the automatic choice took one of them).
    if case.threshold.is_some() {
        for storage in [RipsStorage::Dense, RipsStorage::Sparse] {
            let options = RipsOptions {
                storage,
                ..RipsOptions::default()
            };
            let ours = rips_diagrams_with_options(points, &Euclidean, &params, &options).unwrap();
            assert_same_diagrams(&ours, &case.diagrams, TOL, &format!("{name} {storage:?}"));
        }
    }
}

macro_rules! fixture_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(stringify!($name));
            }
        )*
    };
}

fixture_tests!(
    uniform_2d_70,
    uniform_3d_70,
    uniform_5d_70,
    uniform_8d_70,
    uniform_16d_70,
    uniform_3d_60_thresh,
    circle_150_thresh,
    torus_300_thresh,
    uniform_3d_250_thresh,
    circle_100,
    sphere_120,
    torus_200,
    iris_std,
    wine_std,
    breast_cancer_std,
    digits_std_500,
    collision_std_h0,
);
