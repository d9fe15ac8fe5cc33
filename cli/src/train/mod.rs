//! A small, readable trainer for the paper's tabular network, in plain Rust.
//!
//! The paper's model (spec §5.1): dense layers 50-45-40-35-30-25-20-15-10 with ReLU and dropout
//! 0.5 after each, one logit, binary cross-entropy with logits, Adam (lr 1e-3), batch 1024. With
//! more than two classes the output has one logit per class and the loss is softmax
//! cross-entropy. A network this size needs no framework: one epoch on the collision training
//! split is a few tens of milliseconds on one core.
//!
//! ```
//! use frugal::split::Dataset;
//! use frugal::train::{TrainConfig, Trainer};
//! // XOR-like data: class 1 when exactly one coordinate is large.
//! let mut data = Dataset { features: vec![], dim: 2, labels: vec![] };
//! for i in 0..200 {
//!     let (a, b) = ((i % 2) as f32, ((i / 2) % 2) as f32);
//!     data.features.extend([a, b]);
//!     data.labels.push(((a + b) as u32) % 2);
//! }
//! let config = TrainConfig { hidden: vec![16, 16], dropout: 0.0, batch: 32, lr: 1e-2, seed: 1 };
//! let mut trainer = Trainer::new(2, 2, &config)?;
//! for _ in 0..200 {
//!     trainer.train_epoch(&data)?;
//! }
//! let scores = trainer.evaluate(&data)?;
//! assert!(scores.accuracy > 0.99);
//! # Ok::<(), anyhow::Error>(())
//! ```

mod adam;
mod forgetting;
mod metrics;
mod network;

pub use adam::Adam;
pub use forgetting::ForgettingCounter;
pub use metrics::{accuracy, macro_f1};
pub use network::{Dropout, Mlp, Pass, Workspace};

use anyhow::{Result, bail};
use reduce_core::SeededRng;

use crate::split::{Dataset, shuffle};

/// The paper's hidden layer widths (spec §5.1).
pub const PAPER_HIDDEN: [usize; 9] = [50, 45, 40, 35, 30, 25, 20, 15, 10];

/// Hyper-parameters of a training run.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Hidden layer widths.
    pub hidden: Vec<usize>,
    /// Dropout probability after each hidden layer, in `[0, 1)`.
    pub dropout: f32,
    /// Mini-batch size.
    pub batch: usize,
    /// Adam learning rate.
    pub lr: f32,
    /// Seed of the initial weights, the batch order and the dropout masks.
    pub seed: u64,
}

impl TrainConfig {
    /// The paper's settings with the given seed.
    pub fn paper(seed: u64) -> Self {
        TrainConfig {
            hidden: PAPER_HIDDEN.to_vec(),
            dropout: 0.5,
            batch: 1024,
            lr: 1e-3,
            seed,
        }
    }
}

/// Test-set scores of a trained network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Share of correct predictions.
    pub accuracy: f64,
    /// Macro-averaged F1.
    pub macro_f1: f64,
}

/// A network, its optimiser and its buffers: everything one training run needs, allocated once.
#[derive(Debug, Clone)]
pub struct Trainer {
    net: Mlp,
    ws: Workspace,
    adam: Adam,
    rng: SeededRng,
    dropout: Option<Dropout>,
    order: Vec<usize>,
    labels: Vec<u32>,
    predictions: Vec<u32>,
    dim: usize,
    classes: usize,
}

impl Trainer {
    /// A fresh network for `dim` features and `classes` classes (one logit when `classes` is
    /// 2, one per class above that).
    pub fn new(dim: usize, classes: usize, config: &TrainConfig) -> Result<Trainer> {
        if dim == 0 {
            bail!("no features to train on");
        }
        if classes < 2 {
            bail!("training needs at least two classes, found {classes}");
        }
        if config.batch == 0 {
            bail!("batch size must be positive");
        }
        if !(0.0..1.0).contains(&config.dropout) {
            bail!("dropout {} is not in [0, 1)", config.dropout);
        }
        if !(config.lr.is_finite() && config.lr > 0.0) {
            bail!("learning rate {} is not positive", config.lr);
        }
        if config.hidden.contains(&0) {
            bail!("hidden layer widths must be positive");
        }
        let outputs = if classes == 2 { 1 } else { classes };
        let mut widths = vec![dim];
        widths.extend_from_slice(&config.hidden);
        widths.push(outputs);
        let mut rng = SeededRng::new(config.seed);
        let net = Mlp::new(&widths, &mut rng);
        let ws = Workspace::new(&net, config.batch);
        let adam = Adam::new(net.params().len(), config.lr);
        Ok(Trainer {
            dropout: (config.dropout > 0.0).then_some(Dropout { p: config.dropout }),
            adam,
            ws,
            net,
            rng,
            order: Vec::new(),
            labels: Vec::with_capacity(config.batch),
            predictions: Vec::new(),
            dim,
            classes,
        })
    }

    fn check(&self, data: &Dataset) -> Result<()> {
        if data.dim != self.dim {
            bail!("data has {} features, the network {}", data.dim, self.dim);
        }
        if data.features.len() != data.rows() * data.dim {
            bail!("data has a ragged feature buffer");
        }
        if let Some(l) = data.labels.iter().find(|&&l| l as usize >= self.classes) {
            bail!("label {l} is outside the {} classes", self.classes);
        }
        Ok(())
    }

    /// One pass over `data` in a fresh random order, in mini-batches (the last may be smaller).
    /// Returns the mean training loss over the batches.
    pub fn train_epoch(&mut self, data: &Dataset) -> Result<f64> {
        self.check(data)?;
        if data.rows() == 0 {
            bail!("no rows to train on");
        }
        self.order.clear();
        self.order.extend(0..data.rows());
        shuffle(&mut self.order, &mut self.rng);
        let cap = self.ws.capacity();
        let mut total = 0.0;
        let mut batches = 0_usize;
        for batch in self.order.chunks(cap) {
            self.labels.clear();
            let input = self.ws.input_mut();
            for (slot, &i) in input.chunks_exact_mut(self.dim).zip(batch) {
                slot.copy_from_slice(&data.features[i * self.dim..(i + 1) * self.dim]);
                self.labels.push(data.labels[i]);
            }
            network::forward(
                &self.net,
                &mut self.ws,
                batch.len(),
                Pass::Train(self.dropout),
                &mut self.rng,
            );
            total += network::loss_and_output_delta(&self.net, &mut self.ws, &self.labels);
            network::backward(&self.net, &mut self.ws, batch.len());
            self.adam.step(self.net.params_mut(), &self.ws.grad);
            batches += 1;
        }
        Ok(total / batches as f64)
    }

    /// Predicted class of every row of `data` (evaluation mode: no dropout). The slice lives
    /// until the next call.
    pub fn predict(&mut self, data: &Dataset) -> Result<&[u32]> {
        self.check(data)?;
        self.predictions.clear();
        let cap = self.ws.capacity();
        let outputs = self.net.widths().last().copied().unwrap_or(1);
        for start in (0..data.rows()).step_by(cap) {
            let rows = cap.min(data.rows() - start);
            let src = &data.features[start * self.dim..(start + rows) * self.dim];
            self.ws.input_mut()[..src.len()].copy_from_slice(src);
            network::forward(&self.net, &mut self.ws, rows, Pass::Eval, &mut self.rng);
            for z in self.ws.logits()[..rows * outputs].chunks_exact(outputs) {
                let class = if outputs == 1 {
                    u32::from(z[0] > 0.0)
                } else {
                    // First maximum wins, so ties resolve to the smaller class code.
                    let mut best = 0;
                    for (j, &v) in z.iter().enumerate() {
                        if v > z[best] {
                            best = j;
                        }
                    }
                    best as u32
                };
                self.predictions.push(class);
            }
        }
        Ok(&self.predictions)
    }

    /// Accuracy and macro F1 on `data`.
    pub fn evaluate(&mut self, data: &Dataset) -> Result<Scores> {
        let predicted = self.predict(data)?;
        match (
            accuracy(&data.labels, predicted),
            macro_f1(&data.labels, predicted),
        ) {
            (Some(accuracy), Some(macro_f1)) => Ok(Scores { accuracy, macro_f1 }),
            _ => bail!("no rows to evaluate on"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blobs(rows: usize, seed: u64) -> Dataset {
        // Two Gaussian-ish blobs (sums of uniforms) centred at (0.3, 0.3) and (0.7, 0.7).
        let mut rng = SeededRng::new(seed);
        let mut d = Dataset {
            features: vec![],
            dim: 2,
            labels: vec![],
        };
        for i in 0..rows {
            let c = (i % 2) as u32;
            let centre = 0.3 + 0.4 * c as f32;
            for _ in 0..2 {
                let noise: f32 = (0..4)
                    .map(|_| crate::split::uniform_below(&mut rng, 1000) as f32 / 1000.0 - 0.5)
                    .sum::<f32>()
                    * 0.1;
                d.features.push(centre + noise);
            }
            d.labels.push(c);
        }
        d
    }

    #[test]
    fn paper_network_learns_separable_blobs_and_is_seeded() {
        let train = blobs(2000, 1);
        let test = blobs(500, 2);
        let run = |seed| {
            let mut t = Trainer::new(2, 2, &TrainConfig::paper(seed)).unwrap();
            for _ in 0..60 {
                t.train_epoch(&train).unwrap();
            }
            t.evaluate(&test).unwrap()
        };
        let a = run(3);
        assert!(a.accuracy > 0.95, "{a:?}");
        assert_eq!(a, run(3));
    }

    #[test]
    fn softmax_head_learns_three_classes() {
        let mut d = blobs(900, 4);
        // Relabel by the first coordinate into three bands.
        for (i, l) in d.labels.iter_mut().enumerate() {
            let x = d.features[2 * i];
            *l = if x < 0.4 {
                0
            } else if x < 0.6 {
                1
            } else {
                2
            };
        }
        let config = TrainConfig {
            hidden: vec![32, 16],
            dropout: 0.0,
            batch: 64,
            lr: 1e-2,
            seed: 0,
        };
        let mut t = Trainer::new(2, 3, &config).unwrap();
        for _ in 0..150 {
            t.train_epoch(&d).unwrap();
        }
        assert!(t.evaluate(&d).unwrap().accuracy > 0.9);
    }

    #[test]
    fn rejects_bad_configurations_and_data() {
        let c = TrainConfig::paper(0);
        assert!(Trainer::new(0, 2, &c).is_err());
        assert!(Trainer::new(2, 1, &c).is_err());
        assert!(
            Trainer::new(
                2,
                2,
                &TrainConfig {
                    batch: 0,
                    ..c.clone()
                }
            )
            .is_err()
        );
        assert!(
            Trainer::new(
                2,
                2,
                &TrainConfig {
                    dropout: 1.0,
                    ..c.clone()
                }
            )
            .is_err()
        );
        let mut t = Trainer::new(3, 2, &c).unwrap();
        assert!(t.train_epoch(&blobs(10, 0)).is_err()); // 2 features, not 3
        let mut t = Trainer::new(2, 2, &c).unwrap();
        let mut d = blobs(10, 0);
        d.labels[0] = 7;
        assert!(t.train_epoch(&d).is_err());
        assert!(
            t.train_epoch(&Dataset {
                dim: 2,
                ..Default::default()
            })
            .is_err()
        );
    }
}
