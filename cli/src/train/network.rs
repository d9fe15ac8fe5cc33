//! A multilayer perceptron in plain `f32`: dense layers, ReLU and inverted dropout on every hidden
//! layer, a linear output layer. Forward and backward passes work on whole mini-batches in
//! preallocated buffers, so a training step allocates nothing.
//!
//! Layout choices, for speed without `unsafe` or SIMD intrinsics:
//! * Activations are sample-major (`batch x width`), weights input-major (`n_in x n_out`): the
//!   forward pass adds `x_k * W[k, :]` to each output row, a contiguous loop that vectorises.
//! * The backward pass to the inputs is a dot product `W[k, :] . delta[s, :]` per input unit,
//!   skipped where the unit was dead (ReLU) or dropped, which after dropout 0.5 is most of them.
//! * All parameters live in one flat vector, so the optimiser is a single loop.

use rand_core::RngCore;

/// `out += a * x`, elementwise.
#[inline]
fn axpy(out: &mut [f32], a: f32, x: &[f32]) {
    for (o, &v) in out.iter_mut().zip(x) {
        *o += a * v;
    }
}

/// Dot product with eight independent partial sums, which lets the compiler vectorise it
/// (a single running sum fixes the order of float additions and forbids that).
#[inline]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0_f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// Writes the positions of the non-zero entries of `x` to the front of `idx` and returns how
/// many there are. Branch-free: after ReLU and dropout about half the entries are zero at
/// random, and a branch per entry would be mispredicted half the time.
#[inline]
fn nonzero_positions(x: &[f32], idx: &mut [u32]) -> usize {
    let mut n = 0;
    for (k, &v) in x.iter().enumerate() {
        idx[n] = k as u32;
        n += usize::from(v != 0.0);
    }
    n
}

/// Uniform `f32` in `[-1, 1)` from the top 24 bits of a 64-bit draw.
fn symmetric_unit(rng: &mut impl RngCore) -> f32 {
    let u = (rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32;
    2.0 * u - 1.0
}

/// The network's shape and parameters.
#[derive(Debug, Clone)]
pub struct Mlp {
    /// `[inputs, hidden..., outputs]`.
    widths: Vec<usize>,
    /// All weights and biases, layer after layer: `W` (`n_in x n_out`) then `b` (`n_out`).
    params: Vec<f32>,
    /// Start of each layer's weights in `params` (its bias follows the weights).
    offsets: Vec<usize>,
}

impl Mlp {
    /// A network with the given widths (`[inputs, hidden..., outputs]`, at least two entries,
    /// all non-zero), initialised as PyTorch's `nn.Linear` is by default, which is what the
    /// paper's model used: weights and biases uniform in `±1/sqrt(n_in)` (Kaiming-uniform with
    /// `a = sqrt(5)`). He-uniform (`±sqrt(6/n_in)`) was tried first and is not used: it keeps the
    /// activation variance constant without dropout, so with inverted dropout 0.5 (which doubles
    /// the second moment at every hidden layer) the initial logits of this 9-hidden-layer net
    /// reach a standard deviation near 20 and training stalls at the majority class.
    pub fn new(widths: &[usize], rng: &mut impl RngCore) -> Mlp {
        let mut params = Vec::new();
        let mut offsets = Vec::new();
        let layers = widths.len().saturating_sub(1);
        for l in 0..layers {
            let (n_in, n_out) = (widths[l], widths[l + 1]);
            offsets.push(params.len());
            let limit = 1.0 / (n_in as f32).sqrt();
            params.extend((0..(n_in + 1) * n_out).map(|_| limit * symmetric_unit(rng)));
        }
        Mlp {
            widths: widths.to_vec(),
            params,
            offsets,
        }
    }

    /// Number of dense layers (hidden plus output).
    pub fn layers(&self) -> usize {
        self.offsets.len()
    }

    /// `[inputs, hidden..., outputs]`.
    pub fn widths(&self) -> &[usize] {
        &self.widths
    }

    /// All parameters, flat.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// All parameters, flat and mutable (for the optimiser).
    pub fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    /// Range of layer `l`'s weights and of its bias in the flat parameter vector.
    fn ranges(&self, l: usize) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
        let (n_in, n_out) = (self.widths[l], self.widths[l + 1]);
        let w0 = self.offsets[l];
        let b0 = w0 + n_in * n_out;
        (w0..b0, b0..b0 + n_out)
    }
}

/// Buffers for one mini-batch of at most `capacity` rows: activations, dropout/ReLU masks,
/// back-propagated deltas and the gradient.
#[derive(Debug, Clone)]
pub struct Workspace {
    capacity: usize,
    /// `acts[0]` holds the input batch; `acts[l]` the output of layer `l - 1` (after ReLU and
    /// dropout for hidden layers, the logits for the last).
    acts: Vec<Vec<f32>>,
    /// For each hidden output `acts[l]`, the factor it was multiplied by: 0 where the unit was
    /// dead or dropped, else `1 / (1 - p)`. Its derivative with respect to the pre-activation.
    masks: Vec<Vec<f32>>,
    delta: Vec<f32>,
    delta_next: Vec<f32>,
    /// Scratch list of non-zero positions in one activation row.
    nonzero: Vec<u32>,
    /// Gradient of the mean loss, same layout as the parameters.
    pub grad: Vec<f32>,
}

impl Workspace {
    /// Buffers for `net` and batches of up to `capacity` rows.
    pub fn new(net: &Mlp, capacity: usize) -> Workspace {
        let widest = net.widths.iter().copied().max().unwrap_or(1);
        Workspace {
            capacity,
            acts: net
                .widths
                .iter()
                .map(|&w| vec![0.0; capacity * w])
                .collect(),
            masks: net
                .widths
                .iter()
                .map(|&w| vec![0.0; capacity * w])
                .collect(),
            delta: vec![0.0; capacity * widest],
            delta_next: vec![0.0; capacity * widest],
            nonzero: vec![0; widest + 1],
            grad: vec![0.0; net.params.len()],
        }
    }

    /// Largest batch these buffers hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The input buffer, `capacity x inputs`; fill the first `rows` rows before a pass.
    pub fn input_mut(&mut self) -> &mut [f32] {
        &mut self.acts[0]
    }

    /// The logits of the last forward pass, `rows x outputs`.
    pub fn logits(&self) -> &[f32] {
        self.acts.last().map_or(&[], Vec::as_slice)
    }
}

/// Dropout of hidden units during training: each unit is kept with probability `1 - p` and then
/// scaled by `1 / (1 - p)` (inverted dropout, as PyTorch does), so evaluation needs no scaling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dropout {
    /// Drop probability; 0.5 (the paper's) draws one random bit per unit.
    pub p: f32,
}

impl Dropout {
    fn keep_threshold(self) -> u32 {
        // Kept when a uniform 32-bit draw is >= p * 2^32.
        (f64::from(self.p) * 4_294_967_296.0).min(4_294_967_295.0) as u32
    }
}

/// Which kind of forward pass to run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pass {
    /// Training: ReLU masks (and dropout masks, if any) are kept for the backward pass.
    Train(Option<Dropout>),
    /// Evaluation: ReLU only, nothing kept.
    Eval,
}

/// Forward pass over the first `rows` input rows; dropout masks are drawn from `rng`.
pub fn forward(net: &Mlp, ws: &mut Workspace, rows: usize, pass: Pass, rng: &mut impl RngCore) {
    let layers = net.layers();
    for l in 0..layers {
        let (n_in, n_out) = (net.widths[l], net.widths[l + 1]);
        let (wr, br) = net.ranges(l);
        let (w, b) = (&net.params[wr], &net.params[br]);
        let (before, after) = ws.acts.split_at_mut(l + 1);
        let input = &before[l][..rows * n_in];
        let output = &mut after[0][..rows * n_out];
        let idx = &mut ws.nonzero;
        for (x, y) in input.chunks_exact(n_in).zip(output.chunks_exact_mut(n_out)) {
            y.copy_from_slice(b);
            // Dropped and dead inputs are exact zeros: skipping them changes nothing.
            let live = nonzero_positions(x, idx);
            for &k in &idx[..live] {
                let k = k as usize;
                axpy(y, x[k], &w[k * n_out..(k + 1) * n_out]);
            }
        }
        if l + 1 == layers {
            break;
        }
        let mask = &mut ws.masks[l + 1][..rows * n_out];
        match pass {
            Pass::Train(Some(d)) => {
                let threshold = d.keep_threshold();
                let scale = 1.0 / (1.0 - d.p);
                for (y, m) in output.iter_mut().zip(mask.iter_mut()) {
                    let kept = (rng.next_u32() >= threshold) as u8 as f32;
                    let f = if *y > 0.0 { kept * scale } else { 0.0 };
                    *m = f;
                    *y *= f;
                }
            }
            Pass::Train(None) => {
                for (y, m) in output.iter_mut().zip(mask.iter_mut()) {
                    *m = if *y > 0.0 { 1.0 } else { 0.0 };
                    *y *= *m;
                }
            }
            Pass::Eval => {
                for y in output.iter_mut() {
                    *y = y.max(0.0);
                }
            }
        }
    }
}

/// Loss of the last forward pass against `labels` (one per row, the first `rows` labels), mean
/// over the batch, summed in `f64`; writes d(loss)/d(logits) into the workspace's delta buffer.
/// One output: binary cross-entropy with logits (label 1 is the positive class). Several:
/// softmax cross-entropy.
pub fn loss_and_output_delta(net: &Mlp, ws: &mut Workspace, labels: &[u32]) -> f64 {
    let rows = labels.len();
    let n_out = *net.widths.last().unwrap_or(&1);
    let logits = &ws.acts[net.layers()][..rows * n_out];
    let delta = &mut ws.delta[..rows * n_out];
    let inv = 1.0 / rows as f32;
    let mut loss = 0.0_f64;
    if n_out == 1 {
        for ((&z, &y), d) in logits.iter().zip(labels).zip(delta.iter_mut()) {
            let y = if y == 1 { 1.0_f32 } else { 0.0 };
            // log(1 + e^z) - y z, written to stay finite for large |z|.
            let l = z.max(0.0) - z * y + (-z.abs()).exp().ln_1p();
            loss += f64::from(l);
            let p = 1.0 / (1.0 + (-z).exp());
            *d = (p - y) * inv;
        }
    } else {
        for ((z, &y), d) in logits
            .chunks_exact(n_out)
            .zip(labels)
            .zip(delta.chunks_exact_mut(n_out))
        {
            let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let mut sum = 0.0_f32;
            for (dj, &zj) in d.iter_mut().zip(z) {
                *dj = (zj - m).exp();
                sum += *dj;
            }
            let y = y as usize;
            for (j, dj) in d.iter_mut().enumerate() {
                let p = *dj / sum;
                if j == y {
                    loss -= f64::from(p.max(f32::MIN_POSITIVE).ln());
                }
                *dj = (p - f32::from(u8::from(j == y))) * inv;
            }
        }
    }
    loss / rows as f64
}

/// Backward pass of the last training forward pass over `rows` rows, starting from the output
/// delta that [`loss_and_output_delta`] wrote. Fills `ws.grad`.
pub fn backward(net: &Mlp, ws: &mut Workspace, rows: usize) {
    ws.grad.iter_mut().for_each(|g| *g = 0.0);
    for l in (0..net.layers()).rev() {
        let (n_in, n_out) = (net.widths[l], net.widths[l + 1]);
        let (wr, br) = net.ranges(l);
        let input = &ws.acts[l][..rows * n_in];
        let delta = &ws.delta[..rows * n_out];
        {
            let (gw, gb) = ws.grad[wr.start..br.end].split_at_mut(n_in * n_out);
            let idx = &mut ws.nonzero;
            for (x, d) in input.chunks_exact(n_in).zip(delta.chunks_exact(n_out)) {
                axpy(gb, 1.0, d);
                let live = nonzero_positions(x, idx);
                for &k in &idx[..live] {
                    let k = k as usize;
                    axpy(&mut gw[k * n_out..(k + 1) * n_out], x[k], d);
                }
            }
        }
        if l == 0 {
            break;
        }
        let w = &net.params[wr];
        let mask = &ws.masks[l][..rows * n_in];
        let next = &mut ws.delta_next[..rows * n_in];
        let idx = &mut ws.nonzero;
        for ((d, m), nd) in delta
            .chunks_exact(n_out)
            .zip(mask.chunks_exact(n_in))
            .zip(next.chunks_exact_mut(n_in))
        {
            // Only units that were live in the forward pass pass a gradient back.
            nd.iter_mut().for_each(|v| *v = 0.0);
            let live = nonzero_positions(m, idx);
            for &k in &idx[..live] {
                let k = k as usize;
                nd[k] = m[k] * dot(&w[k * n_out..(k + 1) * n_out], d);
            }
        }
        std::mem::swap(&mut ws.delta, &mut ws.delta_next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reduce_core::SeededRng;

    /// Loss of a forward pass with fixed masks, for finite differences.
    fn loss_with(net: &Mlp, ws: &mut Workspace, x: &[f32], labels: &[u32]) -> f64 {
        ws.input_mut()[..x.len()].copy_from_slice(x);
        forward(net, ws, labels.len(), Pass::Eval, &mut SeededRng::new(0));
        loss_and_output_delta(net, ws, labels)
    }

    fn check_gradient(widths: &[usize], labels: &[u32]) {
        let mut rng = SeededRng::new(11);
        let mut net = Mlp::new(widths, &mut rng);
        let rows = labels.len();
        let x: Vec<f32> = (0..rows * widths[0])
            .map(|_| symmetric_unit(&mut rng))
            .collect();
        let mut ws = Workspace::new(&net, rows);
        // Analytic gradient of a training pass without dropout.
        ws.input_mut()[..x.len()].copy_from_slice(&x);
        forward(&net, &mut ws, rows, Pass::Train(None), &mut rng);
        loss_and_output_delta(&net, &mut ws, labels);
        backward(&net, &mut ws, rows);
        let analytic = ws.grad.clone();
        // Central differences in f64-accumulated loss; f32 parameters limit the precision.
        let h = 1e-2_f32;
        let mut worst = 0.0_f64;
        for i in (0..net.params.len()).step_by(7) {
            let orig = net.params[i];
            net.params[i] = orig + h;
            let up = loss_with(&net, &mut ws, &x, labels);
            net.params[i] = orig - h;
            let down = loss_with(&net, &mut ws, &x, labels);
            net.params[i] = orig;
            let numeric = (up - down) / (2.0 * f64::from(h));
            let err = (numeric - f64::from(analytic[i])).abs() / (1e-3 + numeric.abs());
            worst = worst.max(err);
        }
        assert!(worst < 0.05, "worst relative gradient error {worst}");
    }

    #[test]
    fn gradient_matches_finite_differences_binary() {
        check_gradient(&[3, 6, 4, 1], &[0, 1, 1, 0, 1]);
    }

    #[test]
    fn gradient_matches_finite_differences_softmax() {
        check_gradient(&[4, 5, 3], &[0, 2, 1, 2]);
    }

    #[test]
    fn dropout_keeps_about_half_and_scales_by_two() {
        let mut rng = SeededRng::new(5);
        let net = Mlp::new(&[2, 1000, 1], &mut rng);
        let mut ws = Workspace::new(&net, 1);
        ws.input_mut().copy_from_slice(&[1.0, 1.0]);
        forward(
            &net,
            &mut ws,
            1,
            Pass::Train(Some(Dropout { p: 0.5 })),
            &mut rng,
        );
        let mut pre = Workspace::new(&net, 1);
        pre.input_mut().copy_from_slice(&[1.0, 1.0]);
        forward(&net, &mut pre, 1, Pass::Eval, &mut rng);
        let live = pre.acts[1].iter().filter(|&&v| v > 0.0).count();
        let kept = ws.acts[1].iter().filter(|&&v| v > 0.0).count();
        // Kept ~ Binomial(live, 0.5): within 5 standard deviations.
        let sd = (live as f64 * 0.25).sqrt();
        assert!(
            (kept as f64 - live as f64 / 2.0).abs() < 5.0 * sd,
            "{kept} of {live}"
        );
        for (a, b) in ws.acts[1].iter().zip(&pre.acts[1]) {
            assert!(*a == 0.0 || (*a - 2.0 * b).abs() <= 1e-6 * b.abs());
        }
    }

    #[test]
    fn dot_matches_naive_sum() {
        let a: Vec<f32> = (0..19).map(|i| i as f32 * 0.5).collect();
        let b: Vec<f32> = (0..19).map(|i| 1.0 - i as f32 * 0.1).collect();
        let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - naive).abs() < 1e-4);
    }
}
