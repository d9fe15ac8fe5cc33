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
