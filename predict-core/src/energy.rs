//! The energy-per-epoch model: the run's own recent base-equivalent energy per epoch, times a
//! factor per mode learnt from data, times a warm-up factor on the first epoch after a switch.
//!
//! Energies enter only as ratios to the run's own measurements, so the model is the same in
//! joules and in kWh.

use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::mode::Mode;
use crate::trace::Trace;

/// Largest level window (epochs kept by the online state).
pub const MAX_WINDOW: usize = 16;

/// Windows the fit chooses from (by one-step error on the training traces).
const CANDIDATE_WINDOWS: [usize; 5] = [3, 5, 8, 12, 16];

/// Per-mode energy factors and the level window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EnergyModel {
    /// Energy of an epoch in each mode relative to base (index by [`Mode::index`]).
    pub mode_factor: [f64; 3],
    /// Energy of the first epoch after a switch relative to a steady epoch of the new mode
    /// (restarting a process or re-building a graph costs extra).
    pub switch_factor: f64,
    /// How many recent steady epochs the level is the median of, `1..=16`.
    pub window: usize,
}

impl Default for EnergyModel {
    /// No knowledge: every mode costs as much as base, no warm-up, median of 5 epochs.
    fn default() -> Self {
        EnergyModel {
            mode_factor: [1.0; 3],
            switch_factor: 1.0,
            window: 5,
        }
    }
}

/// Median of a small slice, sorted in place (no allocation). `None` when empty.
pub(crate) fn median_in_place(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    })
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    median_in_place(&mut v)
}

/// Fixed-size record of recent steady epochs' energy, in base-equivalent units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EnergyLevel {
    buf: [f64; MAX_WINDOW],
    len: usize,
    next: usize,
    last_any: Option<f64>,
}

impl Default for EnergyLevel {
    fn default() -> Self {
        EnergyLevel {
            buf: [0.0; MAX_WINDOW],
            len: 0,
            next: 0,
            last_any: None,
        }
    }
}

impl EnergyLevel {
    /// Records an epoch's energy in `mode`. Warm-up epochs (the first of a run, the first after
    /// a switch) only count while no steady epoch has been seen.
    pub fn push(&mut self, model: &EnergyModel, energy: f64, mode: Mode, warm_up: bool) {
        let f = model.mode_factor[mode.index()];
        let f = if warm_up { f * model.switch_factor } else { f };
        let base_eq = energy / f;
        self.last_any = Some(base_eq);
        if !warm_up {
            self.buf[self.next] = base_eq;
            self.next = (self.next + 1) % MAX_WINDOW;
            self.len = (self.len + 1).min(MAX_WINDOW);
        }
    }

    /// Base-equivalent energy per epoch: median of the last `window` steady epochs.
    pub fn level(&self, window: usize) -> Option<f64> {
        let w = window.clamp(1, MAX_WINDOW).min(self.len);
        if w == 0 {
            return self.last_any;
        }
        let mut tmp = [0.0; MAX_WINDOW];
        for (i, slot) in tmp.iter_mut().enumerate().take(w) {
            let idx = (self.next + MAX_WINDOW - 1 - i) % MAX_WINDOW;
            *slot = self.buf[idx];
        }
        median_in_place(&mut tmp[..w])
    }
}

impl EnergyModel {
    /// Checks the ranges.
    pub fn validate(&self) -> Result<()> {
        let ok = |f: f64| f.is_finite() && f > 0.0;
        if !self.mode_factor.iter().all(|&f| ok(f)) || !ok(self.switch_factor) {
            return Err(Error::InvalidParameter(
                "energy factors must be finite and > 0",
            ));
        }
        if self.window == 0 || self.window > MAX_WINDOW {
            return Err(Error::InvalidParameter("energy window must be in 1..=16"));
        }
        Ok(())
    }

    /// Forecast energy of an epoch in `mode` given the level (base-equivalent per epoch).
    pub fn epoch_energy(&self, level: f64, mode: Mode, first_in_mode: bool) -> f64 {
        let f = self.mode_factor[mode.index()];
        level
            * if first_in_mode {
                f * self.switch_factor
            } else {
                f
            }
    }

    /// Learns the factors from traces that switch mode mid-run: for each, the median energy of
    /// steady epochs after the switch over the median of up to 10 steady epochs before it; the
    /// factor is the median over traces. Then picks the window with the lowest one-step MAPE
    /// on the same traces. Modes never seen keep factor 1.
    pub fn fit<'a>(traces: impl IntoIterator<Item = &'a Trace>) -> Result<EnergyModel> {
        let traces: Vec<&Trace> = traces.into_iter().collect();
        if traces.is_empty() {
            return Err(Error::Empty);
        }
        let mut ratios: [Vec<f64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let mut switches: Vec<(usize, usize)> = Vec::new(); // (trace, switch index)
        for (ti, t) in traces.iter().enumerate() {
            let r = t.records();
            let Some(j) = (1..r.len()).find(|&i| r[i].mode != r[i - 1].mode) else {
                continue;
            };
            let before: Vec<f64> = r[1..j].iter().rev().take(10).map(|e| e.energy).collect();
            let after: Vec<f64> = r[j + 1..]
                .iter()
                .take_while(|e| e.mode == r[j].mode)
                .map(|e| e.energy)
                .collect();
            if let (Some(b), Some(a)) = (median(before), median(after))
                && b > 0.0
                && r[j - 1].mode == Mode::Base
            {
                ratios[r[j].mode.index()].push(a / b);
                switches.push((ti, j));
            }
        }
        let mut model = EnergyModel::default();
        for m in [Mode::Freeze, Mode::Quantize] {
            if let Some(f) = median(core::mem::take(&mut ratios[m.index()]))
                && f.is_finite()
                && f > 0.0
            {
                model.mode_factor[m.index()] = f;
            }
        }
        let warm: Vec<f64> = switches
            .iter()
            .filter_map(|&(ti, j)| {
                let r = traces[ti].records();
                let before: Vec<f64> = r[1..j].iter().rev().take(10).map(|e| e.energy).collect();
                let b = median(before)?;
                let steady = b * model.mode_factor[r[j].mode.index()];
                (steady > 0.0).then(|| r[j].energy / steady)
            })
            .collect();
        if let Some(w) = median(warm)
            && w.is_finite()
            && w > 0.0
        {
            model.switch_factor = w;
        }
        let mut best = (f64::INFINITY, model.window);
        for w in CANDIDATE_WINDOWS {
            let m = EnergyModel { window: w, ..model };
            let e = m.one_step_mape(&traces);
            if e < best.0 {
                best = (e, w);
            }
        }
        model.window = best.1;
        Ok(model)
    }

    /// Mean absolute percentage error of one-step energy forecasts over the traces (epochs with
    /// energy 0 are skipped). Infinite when there is nothing to score.
    pub fn one_step_mape(&self, traces: &[&Trace]) -> f64 {
        let (mut sum, mut n) = (0.0, 0usize);
        for t in traces {
            let r = t.records();
            let mut level = EnergyLevel::default();
            for i in 0..r.len() {
                let first = i == 0 || r[i].mode != r[i - 1].mode;
                if i >= 2
                    && r[i].energy > 0.0
                    && let Some(l) = level.level(self.window)
                {
                    let p = self.epoch_energy(l, r[i].mode, first);
                    sum += (p - r[i].energy).abs() / r[i].energy;
                    n += 1;
                }
                level.push(self, r[i].energy, r[i].mode, first);
            }
        }
        if n == 0 {
            f64::INFINITY
        } else {
            sum / n as f64
        }
    }
}
