//! Reduction methods and budgets drawn from the input, for the `reduce` target.
//!
//! Byte format (after the cloud and labels of `input.rs`): the budget (`below(4)` kind, then its
//! value), then `by_name = bool`, `method = below(METHOD_NAMES.len())`, and either a spelling
//! byte (`by_name`) or the method's parameters in the order of the match arms below.

use reduce_core::{
    Budget, Clc, ClcInit, DEFAULT_MAX_BYTES, Des, Dom, Fes, Fidelity, ForgettingStats, Kernel,
    METHOD_NAMES, Mms, MmsStart, Nrmd, ProtoDash, Psa, Reducer, Srs, method_by_name,
};

use crate::Input;

/// A method to run and what the target may assert about it.
pub struct Choice {
    /// The method.
    pub reducer: Box<dyn Reducer>,
    /// Its upper-case name.
    pub name: &'static str,
    /// Built by `method_by_name` with default parameters.
    pub by_name: bool,
    /// The budget rule it follows.
    pub fidelity: Fidelity,
    /// Whether it returns exactly the budgeted count of each class.
    pub exact_count: bool,
}

/// A budget for `n` rows: any ratio (NaN, negative, above one included), a ratio on a fine grid
/// in `(0, 1]`, a count in `0..=n + 1`, or one of the paper's ratios.
pub fn budget(input: &mut Input<'_>, n: usize) -> Budget {
    match input.below(4) {
        0 => Budget::Ratio(input.f64()),
        1 => Budget::Ratio((f64::from(input.u16()) + 1.0) / 65536.0),
        2 => Budget::Count(input.below(n + 2)),
        _ => Budget::Ratio([0.1, 0.2, 0.5, 1.0][input.below(4)]),
    }
}

/// A real parameter: raw bits (anything), a small multiple of 1/16, or a fine grid up to 64.
pub fn param(input: &mut Input<'_>) -> f64 {
    match input.below(3) {
        0 => input.f64(),
        1 => f64::from(input.u8()) / 16.0,
        _ => f64::from(input.u16()) / 1024.0,
    }
}

/// A working-memory limit: the default, or a small one (down to 0) so that the `TooLarge` path
/// of the methods with a `max_bytes` is exercised.
fn max_bytes(input: &mut Input<'_>) -> usize {
    if input.bool() {
        DEFAULT_MAX_BYTES
    } else {
        input.below(1 << 16)
    }
}

fn fidelity(input: &mut Input<'_>) -> Fidelity {
    if input.bool() {
        Fidelity::Reference
    } else {
        Fidelity::Improved
    }
}

/// A method for a data set of `n` rows.
pub fn choose(input: &mut Input<'_>, n: usize) -> Choice {
    let by_name = input.bool();
    let index = input.below(METHOD_NAMES.len());
    let name = METHOD_NAMES[index];
    if by_name {
        let spelled = if input.bool() {
            name.to_ascii_lowercase()
        } else {
            name.to_string()
        };
        // Methods not built yet answer Unavailable; run SRS instead so the input is not wasted.
        let (reducer, name) = match method_by_name(&spelled) {
            Ok(r) => (r, name),
            Err(_) => (method_by_name("SRS").expect("SRS exists"), "SRS"),
        };
        return Choice {
            reducer,
            name,
            by_name,
            fidelity: Fidelity::Improved,
            exact_count: name != "DOM",
        };
    }
    let fid = fidelity(input);
    let reducer: Box<dyn Reducer> = match name {
        "CLC" => Box::new(Clc {
            init: if input.bool() {
                ClcInit::Random
            } else {
                ClcInit::KMeansPlusPlus
            },
            tolerance: param(input),
            max_iter: input.below(256),
            nearest_rows: input.bool(),
            fidelity: fid,
        }),
        "MMS" => Box::new(Mms {
            start: match input.below(3) {
                0 => MmsStart::First,
                1 => MmsStart::Random,
                _ => MmsStart::Index(input.below(n + 2)),
            },
            fidelity: fid,
        }),
        "DES" => Box::new(Des {
            base_fraction: param(input),
            base: input
                .bool()
                .then(|| (0..input.below(9)).map(|_| input.below(n + 2)).collect()),
            fidelity: fid,
            spread: input.bool(),
        }),
        "DOM" => Box::new(Dom {
            epsilon: input.bool().then(|| param(input)),
            initial_epsilon: param(input),
            max_iter: input.below(64),
            allocation: if input.bool() {
                reduce_core::DomAllocation::PerClass
            } else {
                reduce_core::DomAllocation::ByRadius
            },
            metric: if input.bool() {
                reduce_core::DomMetric::Euclidean
            } else {
                reduce_core::DomMetric::Chebyshev
            },
            // The default limit, or the polish always (fuzz inputs are small) or never.
            polish_limit: match input.below(3) {
                0 => reduce_core::DOM_POLISH_WORK_LIMIT,
                1 => u64::MAX,
                _ => 0,
            },
            fidelity: fid,
        }),
        "FES" => {
            // Usually one entry per row, sometimes one too many or too few.
            let len = match input.below(4) {
                0 => n.saturating_sub(1),
                1 => n + 1,
                _ => n,
            };
            Box::new(Fes {
                stats: Some(ForgettingStats {
                    events: (0..len).map(|_| u32::from(input.u8() % 8)).collect(),
                    correct: (0..len).map(|_| input.bool()).collect(),
                }),
                maximum: if input.bool() {
                    u32::MAX
                } else {
                    u32::from(input.u8())
                },
                fidelity: fid,
            })
        }
        "NRMD" => Box::new(Nrmd {
            fidelity: fid,
            spread: input.bool(),
            max_bytes: max_bytes(input),
        }),
        "PSA" => Box::new(Psa {
            ransac_iterations: input.below(64),
            group_size: input.bool().then(|| input.below(n + 2)),
            ridge: param(input),
            max_bytes: max_bytes(input),
        }),
        "PRD" => Box::new(ProtoDash {
            kernel: if input.bool() {
                Kernel::Linear
            } else {
                Kernel::Gaussian {
                    sigma: param(input),
                }
            },
            fidelity: fid,
            max_bytes: max_bytes(input),
        }),
        // SRS, and the methods without parameters to draw yet.
        _ => Box::new(Srs { fidelity: fid }),
    };
    let name = reducer.name();
    Choice {
        reducer,
        name,
        by_name,
        fidelity: fid,
        exact_count: fid == Fidelity::Improved && name != "DOM",
    }
}
