//! Inputs the fuzz targets (fuzz/) found to break a reduction method, written out as values.
//! Each test names the target and what went wrong before the fix.

use reduce_core::{Budget, Error, Kernel, LabelledPoints, ProtoDash, Reducer, SeededRng};

/// fuzz target `reduce`: ProtoDash with a Gaussian kernel whose sigma is positive and finite but
/// so small that `2 sigma^2` underflows to 0 returned NaN weights (`k(x, x) = exp(-0 / 0)`).
/// Such a sigma (and one whose square overflows) is now rejected as an invalid parameter.
#[test]
fn protodash_rejects_a_sigma_whose_square_underflows_or_overflows() {
    let data: Vec<f32> = (0..12).flat_map(|i| [i as f32, (i % 3) as f32]).collect();
    let labels: Vec<u32> = (0..12).map(|i| i % 2).collect();
    let set = LabelledPoints::new(&data, 2, &labels).unwrap();
    for sigma in [3.5e-310, 1e-200, 1e200, f64::MAX, -1.0, -1e-200] {
        let prd = ProtoDash {
            kernel: Kernel::Gaussian { sigma },
            ..ProtoDash::default()
        };
        let r = prd.reduce(set, Budget::Ratio(0.5), &mut SeededRng::new(1));
        assert!(
            matches!(r, Err(Error::InvalidParameter(_))),
            "sigma {sigma}: {r:?}"
        );
    }
    // The smallest and largest accepted sigmas still give finite weights.
    for sigma in [1e-150, 1e150] {
        let prd = ProtoDash {
            kernel: Kernel::Gaussian { sigma },
            ..ProtoDash::default()
        };
        let r = prd.reduce(set, Budget::Ratio(0.5), &mut SeededRng::new(1));
        let Ok(reduce_core::Reduced::Selection(s)) = r else {
            panic!("sigma {sigma}: {r:?}")
        };
        let w = s.weights.expect("ProtoDash returns weights");
        assert!(
            w.iter().all(|x| x.is_finite() && *x >= 0.0),
            "sigma {sigma}: {w:?}"
        );
    }
}

/// fuzz target `reduce`: PHL with default parameters failed on finite coordinates near `1e30`,
/// whose squared distances overflow the Rips engine's `f32` ("the metric returned a negative or
/// non-finite distance"). Each neighbourhood is now scaled by a power of two before its Rips
/// diagrams, so the cloud scaled by `2^100` (exact in floating point) keeps the same selection
/// and its scores scale by exactly `2^100`.
#[test]
fn phl_on_huge_coordinates_selects_as_on_the_unscaled_cloud() {
    use reduce_core::Phl;
    let small: Vec<f32> = (0..40)
        .flat_map(|i| {
            let t = i as f32 * 0.3;
            [
                t.cos() * (1.0 + (i % 3) as f32 * 0.1),
                t.sin(),
                (i % 5) as f32 * 0.05,
            ]
        })
        .collect();
    let scale = 2.0_f32.powi(100);
    let huge: Vec<f32> = small.iter().map(|v| v * scale).collect();
    let labels: Vec<u32> = (0..40).map(|i| i % 2).collect();
    let phl = Phl::default();
    let a = LabelledPoints::new(&small, 3, &labels).unwrap();
    let b = LabelledPoints::new(&huge, 3, &labels).unwrap();
    let ra = phl
        .reduce(a, Budget::Ratio(0.3), &mut SeededRng::new(4))
        .unwrap();
    let rb = phl
        .reduce(b, Budget::Ratio(0.3), &mut SeededRng::new(4))
        .unwrap();
    assert_eq!(format!("{ra:?}"), format!("{rb:?}"));
    let rows: Vec<usize> = (0..40).collect();
    let sa = phl
        .class_scores(reduce_core::Points::new(&small, 3).unwrap(), &rows)
        .unwrap();
    let sb = phl
        .class_scores(reduce_core::Points::new(&huge, 3).unwrap(), &rows)
        .unwrap();
    for (x, y) in sa.scores.iter().zip(&sb.scores) {
        assert_eq!(x * f64::from(scale), *y);
    }
}
