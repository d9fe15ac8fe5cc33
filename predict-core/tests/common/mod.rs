//! Synthetic traces shared by the tests.
#![allow(dead_code)]

use predict_core::{EpochRecord, Mode, Trace};

/// Small deterministic generator (SplitMix64) so tests need no RNG crate.
pub struct SplitMix(pub u64);

impl SplitMix {
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Approximately standard normal (sum of 12 uniforms minus 6).
    pub fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }
}

/// Known generating coefficients: lags 1..4, then freeze_t, quant_t, freeze_{t-1}, quant_{t-1},
/// 1/epochs_in_mode.
pub const TRUE_LAGS: [f64; 4] = [0.35, 0.2, 0.1, 0.05];
/// Known exogenous coefficients (see [`TRUE_LAGS`]).
pub const TRUE_EXOG: [f64; 5] = [0.03, -0.02, -0.01, 0.015, 0.04];

/// A run of `n` epochs generated from the known model: log accuracy AR(4) with the run offset
/// `offset`, switching to `switch.0` after epoch `switch.1`, noise sd `sd`; energy 2 per base
/// epoch, 1.6 under freeze, 1.9 under quantize.
pub fn synthetic_run(
    rng: &mut SplitMix,
    n: u32,
    offset: f64,
    switch: Option<(Mode, u32)>,
    sd: f64,
) -> Trace {
    let mut logs: Vec<f64> = Vec::new();
    let mut recs = Vec::new();
    let level = offset / (1.0 - TRUE_LAGS.iter().sum::<f64>());
    for epoch in 1..=n {
        let (mode, since) = match switch {
            Some((m, at)) if epoch > at => (m, at),
            _ => (Mode::Base, 0),
        };
        let prev_mode = match switch {
            Some((m, at)) if epoch > at + 1 => m,
            _ => Mode::Base,
        };
        let y = if logs.len() < 4 {
            level + sd * rng.normal()
        } else {
            let k = logs.len();
            let mut y = offset;
            for (j, b) in TRUE_LAGS.iter().enumerate() {
                y += b * logs[k - 1 - j];
            }
            let in_mode = epoch - since;
            let ex = [
                f64::from(u8::from(mode == Mode::Freeze)),
                f64::from(u8::from(mode == Mode::Quantize)),
                f64::from(u8::from(prev_mode == Mode::Freeze)),
                f64::from(u8::from(prev_mode == Mode::Quantize)),
                if mode == Mode::Base {
                    0.0
                } else {
                    1.0 / f64::from(in_mode)
                },
            ];
            y += ex
                .iter()
                .zip(TRUE_EXOG.iter())
                .map(|(a, b)| a * b)
                .sum::<f64>();
            y + sd * rng.normal()
        };
        logs.push(y);
        let energy = match mode {
            Mode::Base => 2.0,
            Mode::Freeze => 1.6,
            Mode::Quantize => 1.9,
        } * (1.0 + 0.01 * rng.normal());
        recs.push(EpochRecord::new(
            epoch,
            y.exp().min(1.0),
            energy,
            mode,
            since,
        ));
    }
    Trace::new(recs).expect("synthetic trace is valid")
}
