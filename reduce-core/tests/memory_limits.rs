//! The methods whose working memory grows faster than the caller's data (PSA's `d x d` scatter
//! matrices, NRMD's SVD of a `(d + classes)`-wide matrix, ProtoDash's kernel of its picks) check
//! an estimate against their `max_bytes` before allocating: exactly at the estimate they run,
//! one byte below it they answer `Error::TooLarge`, and inputs that would need gigabytes are
//! refused with the default limit (these would otherwise allocate until the process dies).

use reduce_core::{
    Budget, DEFAULT_MAX_BYTES, Error, Kernel, LabelledPoints, Nrmd, Points, ProtoDash, Psa,
    Reduced, Reducer, SeededRng,
};

/// `n` rows of `dim` distinct, well-spread features (a fixed quadratic-residue pattern).
fn cloud(n: usize, dim: usize) -> Vec<f32> {
    (0..n * dim)
        .map(|i| ((i * i + 3 * i) % 97) as f32 / 97.0)
        .collect()
}

fn is_too_large<T: std::fmt::Debug>(r: Result<T, Error>) -> bool {
    matches!(r, Err(Error::TooLarge(_)))
}

#[test]
fn psa_runs_at_its_estimate_and_refuses_one_byte_below() {
    let (n, dim) = (12, 5);
    let x = cloud(n, dim);
    let y: Vec<u32> = (0..n as u32).map(|i| i % 3).collect();
    let data = LabelledPoints::new(&x, dim, &y).unwrap();
    let need = Psa::working_bytes(dim, 3).unwrap();
    assert_eq!(need, 8 * (3 + 6) * dim * dim);
    let at = Psa {
        max_bytes: need,
        ..Psa::default()
    };
    let below = Psa {
        max_bytes: need - 1,
        ..Psa::default()
    };
    let budget = Budget::Ratio(0.5);
    let ok = at.reduce(data, budget, &mut SeededRng::new(1)).unwrap();
    // The limit changes nothing else: same answer as with the default limit.
    assert_eq!(
        ok,
        Psa::default()
            .reduce(data, budget, &mut SeededRng::new(1))
            .unwrap()
    );
    assert!(is_too_large(below.reduce(
        data,
        budget,
        &mut SeededRng::new(1)
    )));
}

#[test]
fn psa_refuses_very_wide_rows_with_the_default_limit() {
    // Two rows of 20,000 features (160 KB of input) would need 8 * 7 * 20,000² bytes = 22 GB.
    let dim = 20_000;
    let x = cloud(2, dim);
    let data = LabelledPoints::new(&x, dim, &[0, 0]).unwrap();
    assert!(Psa::working_bytes(dim, 1).unwrap() > DEFAULT_MAX_BYTES);
    assert!(is_too_large(Psa::default().reduce(
        data,
        Budget::Count(1),
        &mut SeededRng::new(0)
    )));
    // Sizes whose estimate overflows usize are refused the same way.
    assert_eq!(Psa::working_bytes(usize::MAX / 2, 1), None);
}

#[test]
fn nrmd_runs_at_its_estimate_and_refuses_one_byte_below() {
    let (n, dim) = (40, 3);
    let x = cloud(n, dim);
    let y: Vec<u32> = (0..n as u32).map(|i| i % 2).collect();
    let data = LabelledPoints::new(&x, dim, &y).unwrap();
    let need = Nrmd::working_bytes(dim, n, 2).unwrap();
    // Width 3 + 2 = 5, k = min(40, 5) = 5, block min(40, 512) = 40: 8 * 5 * (20 + 80).
    assert_eq!(need, 8 * 5 * (4 * 5 + 2 * 40));
    let at = Nrmd {
        max_bytes: need,
        ..Nrmd::default()
    };
    let below = Nrmd {
        max_bytes: need - 1,
        ..Nrmd::default()
    };
    assert_eq!(
        at.scores(data).unwrap(),
        Nrmd::default().scores(data).unwrap()
    );
    assert!(is_too_large(below.scores(data)));
    assert!(is_too_large(below.reduce(
        data,
        Budget::Ratio(0.5),
        &mut SeededRng::new(0)
    )));
}

#[test]
fn nrmd_refuses_one_class_per_row_on_many_rows() {
    // One label per row makes the all-samples matrix (1 + n) wide: n² growth from n rows.
    let n = 20_000;
    let x = cloud(n, 1);
    let y: Vec<u32> = (0..n as u32).collect();
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    assert!(Nrmd::working_bytes(1, n, n).unwrap() > DEFAULT_MAX_BYTES);
    assert!(is_too_large(Nrmd::default().scores(data)));
}

#[test]
fn protodash_stops_before_the_pick_that_would_pass_the_limit() {
    // Well-separated rows under a narrow Gaussian kernel: no saturation, every pick is a
    // gradient pick, so the kernel of the picks grows to m x m.
    let n = 10;
    let x: Vec<f32> = (0..n).map(|i| i as f32 * 10.0).collect();
    let points = Points::new(&x, 1).unwrap();
    let rows: Vec<usize> = (0..n).collect();
    let gaussian = ProtoDash {
        kernel: Kernel::Gaussian { sigma: 1.0 },
        ..ProtoDash::default()
    };
    let free = gaussian.prototypes(points, &rows, 6).unwrap();
    assert_eq!(free.gradient_picks, 6, "the case must not saturate");
    let limited = ProtoDash {
        max_bytes: ProtoDash::working_bytes(5).unwrap(),
        ..gaussian
    };
    assert_eq!(limited.prototypes(points, &rows, 5).unwrap(), {
        gaussian.prototypes(points, &rows, 5).unwrap()
    });
    assert!(is_too_large(limited.prototypes(points, &rows, 6)));
    // Through the Reducer interface as well.
    let y = vec![0_u32; n];
    let data = LabelledPoints::new(&x, 1, &y).unwrap();
    let r = limited.reduce(data, Budget::Count(6), &mut SeededRng::new(0));
    assert!(is_too_large(r));
    let Reduced::Selection(s) = limited
        .reduce(data, Budget::Count(5), &mut SeededRng::new(0))
        .unwrap()
    else {
        panic!("ProtoDash selects rows")
    };
    assert_eq!(s.indices.len(), 5);
}
