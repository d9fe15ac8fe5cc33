//! Inputs the fuzz targets (fuzz/) found to break topo-core, written out as values. Each test
//! names the target and what went wrong before the fix.

use topo_core::{Diagram, WassersteinParams, bottleneck, wasserstein, wasserstein_with};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// fuzz target `distances`: a point whose cost to the diagonal squared overflows to infinity
/// was dropped by the assignment, so W_2 came out 0.67 while the bottleneck distance (a lower
/// bound of every W_p) is 1.3e304.
#[test]
fn wasserstein_keeps_a_cost_whose_power_overflows() {
    let empty = Diagram::new(vec![]).unwrap();
    let b = Diagram::new(vec![
        (0.0, 1.0),
        (-2.353437369381577e-185, 0.8999999999999843),
        (0.5, 0.6),
        (0.0, 2.6059092760254023e+304),
    ])
    .unwrap();
    let bn = bottleneck(&empty, &b).unwrap();
    assert_eq!(bn, 2.6059092760254023e+304 / 2.0);
    for exact_limit in [usize::MAX, 0] {
        let params = WassersteinParams {
            exact_limit,
            ..WassersteinParams::new(2.0)
        };
        let w = wasserstein_with(&empty, &b, &params).unwrap();
        assert!(
            w >= bn && w.is_finite(),
            "exact_limit {exact_limit}: W_2 = {w}"
        );
    }
}

/// One point of half-persistence h against the empty diagram: W_p = h for every p, also where
/// h^p overflows (h = 5000, p = 100) or underflows (h = 0.005, p = 200) in floating point.
#[test]
fn wasserstein_of_one_point_is_its_distance_to_the_diagonal_for_any_order() {
    let empty = Diagram::new(vec![]).unwrap();
    for (death, p) in [(1e4, 100.0), (0.01, 200.0), (2.0, 1.0), (2.0, 3.5)] {
        let one = Diagram::new(vec![(0.0, death)]).unwrap();
        let w = wasserstein(&one, &empty, p).unwrap();
        assert!(close(w, death / 2.0), "death {death}, p {p}: W = {w}");
    }
}

/// fuzz target `boundary_matrix`: a dimension of `usize::MAX` overflowed `d + 1` while
/// validating (a panic with overflow checks, a wrong check without). Now a typed error.
#[test]
fn boundary_matrix_rejects_huge_dimensions() {
    use topo_core::{BoundaryMatrix, Error};
    for (columns, dims) in [
        (vec![vec![]], vec![usize::MAX]),
        (vec![vec![], vec![0]], vec![usize::MAX, 0]),
        (
            vec![vec![], vec![], vec![0, 1]],
            vec![usize::MAX, usize::MAX, 0],
        ),
    ] {
        let r = BoundaryMatrix::new(columns, dims);
        assert!(matches!(r, Err(Error::InvalidParameter(_))), "{r:?}");
    }
}

/// fuzz target `report`: two points whose distance exceeds `f32::MAX` gave an H0 diagram with two
/// essential classes (the edge length rounded to `inf`), so the report's bottleneck distance was
/// infinite, above the stability bound. The MST path now refuses such a cloud, as the distance
/// matrix does.
#[test]
fn h0_of_points_farther_apart_than_f32_max_is_an_error() {
    use topo_core::{Error, Points, h0_diagram_mst};
    let far = [-3e38_f32, 3e38];
    let r = h0_diagram_mst(Points::new(&far, 1).unwrap());
    assert!(matches!(r, Err(Error::InvalidParameter(_))), "{r:?}");
    let near = [-1e38_f32, 1e38];
    let d = h0_diagram_mst(Points::new(&near, 1).unwrap()).unwrap();
    assert_eq!(d.essential().count(), 1);
}
