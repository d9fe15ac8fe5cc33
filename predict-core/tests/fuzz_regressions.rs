//! Inputs the fuzz targets (fuzz/) found to break the planner's objectives, written out as
//! values. Each test names the target and what went wrong before the fix.

use predict_core::Objective;

/// fuzz target `advisor`: with a zero energy level (every recent epoch measured 0), the weighted
/// objective fell back to the raw cumulative energy, so in joules (kWh x 2^20 here) the energy
/// term absorbed accuracy differences that in kWh decided the plan: the advice depended on the
/// unit. The same accuracies must be ordered the same in any unit.
#[test]
fn zero_energy_level_keeps_decisions_unit_free() {
    let objectives = [
        Objective::Weighted {
            accuracy_weight: 1.0,
            energy_weight: 1.0,
        },
        Objective::Tradeoff {
            energy_exponent: 1.0,
        },
    ];
    for obj in objectives {
        for scale in [1.0, 1024.0, 1_048_576.0, 3.6e6] {
            let cumulative = 91.7 * scale;
            let better = obj.value(0.5 + 1e-9, cumulative, 0.0);
            let worse = obj.value(0.5, cumulative, 0.0);
            assert!(
                better > worse,
                "{obj:?}, energy x {scale}: {better} vs {worse}"
            );
        }
    }
}
