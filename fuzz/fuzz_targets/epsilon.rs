//! Epsilon-representativeness and Hausdorff distances of `topo_core` on arbitrary labelled clouds:
//! a reduced set that is a subset of the full set (rows picked by the input), or an unrelated
//! cloud (other labels, other width), in each norm.
//!
//! Asserts: the errors the documentation names (width mismatch, reduced label unknown to the
//! full set); otherwise one entry per full class, ascending, with its row counts; epsilon per
//! class equal to a brute-force max-min distance, attained at a full row of the class that
//! attains it; missing classes reported with `None` and an infinite overall epsilon; a subset
//! that keeps every row has epsilon 0; Hausdorff is symmetric and zero from a cloud to itself.
#![no_main]

use frugal_fuzz::{Input, check, limits, oracle};
use libfuzzer_sys::fuzz_target;
use topo_core::{
    Error, LabelledPoints, Norm, Points, directed_hausdorff, epsilon_representativeness, hausdorff,
};

const REL: f64 = 1e-9;

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let full = input.cloud(limits::MAX_ROWS, limits::MAX_DIM);
    let full_labels = input.labels(full.rows);
    let norm_index = input.below(3);
    let norm = [Norm::Chebyshev, Norm::Euclidean, Norm::Manhattan][norm_index];
    let subset = input.bool();
    let (red_data, red_labels, red_dim) = if subset {
        let keep: Vec<usize> = (0..full.rows).filter(|_| input.bool()).collect();
        let mut data = Vec::new();
        for &i in &keep {
            data.extend_from_slice(full.row(i));
        }
        let labels = keep.iter().map(|&i| full_labels[i]).collect();
        (data, labels, full.dim)
    } else {
        let other = input.cloud(limits::MAX_ROWS, limits::MAX_DIM);
        let labels = input.labels(other.rows);
        (other.data, labels, other.dim)
    };

    let Ok(full_set) = LabelledPoints::new(&full.data, full.dim, &full_labels) else {
        return;
    };
    let Ok(red_set) = LabelledPoints::new(&red_data, red_dim, &red_labels) else {
        return;
    };
    let result = epsilon_representativeness(&full_set, &red_set, norm);
    if red_dim != full.dim {
        assert!(
            matches!(result, Err(Error::DimMismatch { .. })),
            "{result:?}"
        );
        return;
    }
    let classes = full_set.classes();
    if let Some(&l) = red_labels.iter().find(|l| !classes.contains(l)) {
        assert!(
            matches!(result, Err(Error::UnknownLabel(x)) if red_labels.contains(&x)),
            "label {l}: {result:?}"
        );
        return;
    }
    let eps = result.expect("epsilon of compatible sets");
    assert_eq!(eps.norm, norm);
    let got: Vec<u32> = eps.classes.iter().map(|c| c.label).collect();
    assert_eq!(got, classes, "one entry per full class, ascending");

    let mut overall = 0.0f64;
    let mut any_missing = false;
    for c in &eps.classes {
        let full_rows = full_set.class_rows(c.label);
        let red_rows = red_set.class_rows(c.label);
        assert_eq!(c.rows_full, full_rows.len());
        assert_eq!(c.rows_reduced, red_rows.len());
        if red_rows.is_empty() {
            assert_eq!(
                (c.epsilon, c.attained_at),
                (None, None),
                "missing class {}",
                c.label
            );
            any_missing = true;
            continue;
        }
        let gather = |d: &[f32], rows: &[usize]| -> Vec<f32> {
            rows.iter()
                .flat_map(|&r| d[r * full.dim..(r + 1) * full.dim].to_vec())
                .collect()
        };
        let (want, attaining) = oracle::directed_hausdorff(
            norm_index,
            &gather(&full.data, &full_rows),
            &gather(&red_data, &red_rows),
            full.dim,
            REL,
        );
        let e = c.epsilon.expect("epsilon of a present class");
        check::distance_value(e, "epsilon");
        check::close(e, want, REL, "class epsilon vs brute force");
        let at = c.attained_at.expect("row attaining epsilon");
        let pos = full_rows
            .iter()
            .position(|&r| r == at)
            .expect("attained at a row of the class");
        assert!(
            attaining.contains(&pos),
            "row {at} does not attain epsilon {e}"
        );
        overall = overall.max(e);
    }
    if any_missing {
        assert_eq!(eps.epsilon, f64::INFINITY);
    } else {
        check::close(eps.epsilon, overall, 0.0, "overall epsilon");
    }
    if subset && red_labels.len() == full_labels.len() {
        assert_eq!(eps.epsilon, 0.0, "the full set represents itself exactly");
    }

    // Hausdorff between the unlabelled clouds.
    let a = Points::new(&full.data, full.dim).expect("validated above");
    if let Ok(b) = Points::new(&red_data, red_dim) {
        let ab = hausdorff(&a, &b, norm).expect("same width");
        let ba = hausdorff(&b, &a, norm).expect("same width");
        check::distance_value(ab, "hausdorff");
        check::close(ab, ba, 0.0, "hausdorff symmetry");
        let (d, at) = directed_hausdorff(&a, &b, norm).expect("same width");
        assert!(at < a.len() && d <= ab);
    }
    assert_eq!(hausdorff(&a, &a, norm), Ok(0.0));
});
