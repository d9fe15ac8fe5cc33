//! Screened distances: a fast `f32`-lane estimate decides most comparisons, the exact `f64`
//! distance ([`squared_euclidean`]) is computed only when the estimate cannot.
//!
//! The O(n k d) loops of MMS, DOM and k-means++ mostly ask "is this row nearer to the new
//! centre than to its current one?", and the answer is usually a clear no. Eight `f32` lanes
//! (two SSE registers, one AVX register) give that answer about twice as fast as `f64`
//! accumulation, and a proven error bound keeps every decision identical to the exact one:
//! the results (and their ties) are exactly those of the `f64` code.

use alloc::vec;
use alloc::vec::Vec;
use topo_core::Points;

use crate::distance::squared_euclidean;

/// Squared Euclidean distance in `f32` with eight independent partial sums (the compiler turns
/// them into SIMD lanes). Rounding error is bounded by [`Screen`]; overflow gives `inf`.
#[inline(always)]
fn squared_euclidean_lanes(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0_f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        // Fixed-size views let the compiler use whole-register loads.
        let (Ok(x), Ok(y)) = (<&[f32; 8]>::try_from(x), <&[f32; 8]>::try_from(y)) else {
            continue;
        };
        for k in 0..8 {
            let d = x[k] - y[k];
            acc[k] += d * d;
        }
    }
    let mut tail = 0.0_f32;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        let d = x - y;
        tail += d * d;
    }
    // Halving reduction: register halves, as SIMD does it.
    let s4 = [
        acc[0] + acc[4],
        acc[1] + acc[5],
        acc[2] + acc[6],
        acc[3] + acc[7],
    ];
    let s2 = [s4[0] + s4[2], s4[1] + s4[3]];
    (s2[0] + s2[1]) + tail
}

/// Error bounds of the `f32` estimate for one row width.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Screen {
    /// Relative bound: `|estimate - exact| <= rel * exact + abs`.
    rel: f64,
    /// Absolute bound covering `f32` underflow (subnormal squares).
    abs: f64,
}

impl Screen {
    /// `true` when an `f32` estimate `est` proves the exact squared distance is `>= bound`.
    #[inline(always)]
    pub(crate) fn settles(&self, est: f64, bound: f64) -> bool {
        // exact >= (est - abs) / (1 + rel) >= est * (1 - rel) - abs.
        est.is_finite() && est * (1.0 - self.rel) - self.abs >= bound
    }

    /// Bounds for rows of `dim` values.
    ///
    /// Each term is `fl(fl(a - b)^2)`, relative error at most `3u` (`u = 2^-24`); the estimate
    /// sums at most `dim` non-negative terms in some order (eight lanes plus a tail, or one
    /// lane per row), so it is within `(dim + 3) u` relative; the `f64` reference value
    /// itself is within `(dim + 2) 2^-53`. The bound used, `(dim + 16) 2^-22`, is over twice
    /// their sum. Subnormal results lose up to `2^-149` per operation: `abs` allows 4 per term.
    pub(crate) fn new(dim: usize) -> Self {
        let terms = dim as f64 + 16.0;
        Self {
            rel: terms * libm::ldexp(1.0, -22),
            abs: terms * 4.0 * libm::ldexp(1.0, -149),
        }
    }

    /// An interval `[lo, hi]` (squared distances) that holds the exact squared distance whose
    /// `f32` estimate is `est` (a sum of squared `f32` differences, in any order, as
    /// [`Screen::new`] describes). An overflowed estimate (`inf`) still proves the exact value
    /// is at least half of `f32::MAX`: some partial sum of non-negative terms rounded past it.
    #[inline]
    pub(crate) fn distance_bounds(&self, est: f32) -> (f64, f64) {
        let e = f64::from(est);
        if !e.is_finite() {
            return (f64::from(f32::MAX) * 0.5, f64::INFINITY);
        }
        // exact in [(e - abs) / (1 + rel), (e + abs) / (1 - rel)].
        let lo = ((e - self.abs) / (1.0 + self.rel)).max(0.0);
        let hi = (e + self.abs) / (1.0 - self.rel);
        (lo, hi)
    }

    /// `Some(exact squared distance)` when it is below `bound`, else `None`; the decision is the
    /// exact one (`squared_euclidean(a, b) < bound`), computed exactly only when the `f32`
    /// estimate is too close to `bound` to tell, or whenever the answer is `Some`.
    #[inline]
    pub(crate) fn below(&self, a: &[f32], b: &[f32], bound: f64) -> Option<f64> {
        if self.settles(f64::from(squared_euclidean_lanes(a, b)), bound) {
            return None;
        }
        let exact = squared_euclidean(a, b);
        (exact < bound).then_some(exact)
    }
}

/// Rows in blocks of [`LANES`], transposed inside each block (feature `j` of the block's rows
/// at `j * LANES ..`), so that one SIMD register holds one feature of eight rows: the distance
/// estimate of eight rows to a centre is then a plain vertical loop, with no horizontal sums.
pub(crate) struct BlockedRows {
    data: Vec<f32>,
    rows: usize,
    dim: usize,
}

/// Rows per block of [`BlockedRows`] (one 256-bit register of `f32`).
pub(crate) const LANES: usize = 8;

impl BlockedRows {
    /// The rows `rows` of `points`, blocked (the last block padded with zeros).
    pub(crate) fn new(points: Points<'_>, rows: &[usize]) -> Self {
        let dim = points.dim();
        let blocks = rows.len().div_ceil(LANES);
        let mut data = vec![0.0_f32; blocks * LANES * dim];
        for (i, &r) in rows.iter().enumerate() {
            let base = (i / LANES) * LANES * dim + i % LANES;
            for (j, &v) in points.row(r).iter().enumerate() {
                if let Some(slot) = data.get_mut(base + j * LANES) {
                    *slot = v;
                }
            }
        }
        Self {
            data,
            rows: rows.len(),
            dim,
        }
    }
}

/// One nearest-centre update: every row `i` of `blocked` whose `dist[i]` is positive (negative
/// marks a picked row, zero cannot decrease) takes `min(dist[i], exact(i))`, with `exact(i)`
/// the `f64` squared distance of row `i` to `centre`, computed only where the screen cannot
/// decide; `changed(i)` is called after each decrease. Returns the largest resulting `dist`
/// and its position (lowest position among ties), or `(-1, usize::MAX)`.
pub(crate) fn nearest_update(
    screen: &Screen,
    blocked: &BlockedRows,
    centre: &[f32],
    dist: &mut [f64],
    exact: &dyn Fn(usize) -> f64,
    changed: &mut dyn FnMut(usize),
) -> (f64, usize) {
    #[cfg(all(feature = "std", target_arch = "x86_64"))]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above), the only requirement of
        // a `target_feature` function; the function itself is safe code.
        // Allowed because it pays: about 1.35x on `reduce_scale MMS 200000` (crate README).
        #[allow(unsafe_code)]
        return unsafe { nearest_update_avx2(screen, blocked, centre, dist, exact, changed) };
    }
    nearest_update_body(screen, blocked, centre, dist, exact, changed)
}

/// [`nearest_update_body`] compiled for AVX2 + FMA: one 256-bit register per block (the
/// default x86-64 target has only 128-bit SSE2). Measured: see the crate README (MMS scale).
#[cfg(all(feature = "std", target_arch = "x86_64"))]
#[target_feature(enable = "avx2,fma")]
fn nearest_update_avx2(
    screen: &Screen,
    blocked: &BlockedRows,
    centre: &[f32],
    dist: &mut [f64],
    exact: &dyn Fn(usize) -> f64,
    changed: &mut dyn FnMut(usize),
) -> (f64, usize) {
    nearest_update_body(screen, blocked, centre, dist, exact, changed)
}

#[inline(always)]
fn nearest_update_body(
    screen: &Screen,
    blocked: &BlockedRows,
    centre: &[f32],
    dist: &mut [f64],
    exact: &dyn Fn(usize) -> f64,
    changed: &mut dyn FnMut(usize),
) -> (f64, usize) {
    let mut best = (-1.0_f64, usize::MAX);
    let dim = blocked.dim;
    if dim == 0 || centre.len() != dim {
        return best;
    }
    let block_len = dim * LANES;
    for (b, (block, dists)) in blocked
        .data
        .chunks_exact(block_len)
        .zip(dist.chunks_mut(LANES))
        .enumerate()
    {
        let est = block_estimates(block, centre);
        // Fast path, branch-free over the lanes: no row of the block gets nearer (the usual
        // case), so only the block's largest distance can matter for `best`.
        let mut settled = dists.len() == LANES;
        let mut top = f64::NEG_INFINITY;
        for (d, &e) in dists.iter().zip(&est) {
            settled &= screen.settles(f64::from(e), *d);
            top = top.max(*d);
        }
        if settled {
            if top > best.0
                && let Some(l) = dists.iter().position(|&d| d == top)
            {
                best = (top, b * LANES + l);
            }
            continue;
        }
        for (l, (d, &e)) in dists.iter_mut().zip(&est).enumerate() {
            if *d < 0.0 {
                continue;
            }
            let i = b * LANES + l;
            if i >= blocked.rows {
                break;
            }
            if *d > 0.0 && !screen.settles(f64::from(e), *d) {
                let nd = exact(i);
                if nd < *d {
                    *d = nd;
                    changed(i);
                }
            }
            // Strict '>' keeps the lowest position among equal distances.
            if *d > best.0 {
                best = (*d, i);
            }
        }
    }
    best
}

/// Squared distances (`f32`) of the eight rows of one block to `centre`. Four independent
/// accumulators (features `j mod 4`) hide the addition latency; they are combined at the end.
#[inline(always)]
fn block_estimates(block: &[f32], centre: &[f32]) -> [f32; LANES] {
    let mut acc = [[0.0_f32; LANES]; 4];
    let mut cols = block.chunks_exact(4 * LANES);
    let mut cs = centre.chunks_exact(4);
    for (quad, c) in (&mut cols).zip(&mut cs) {
        for (a, (col, &cj)) in acc.iter_mut().zip(quad.chunks_exact(LANES).zip(c)) {
            let Ok(col) = <&[f32; LANES]>::try_from(col) else {
                continue;
            };
            for l in 0..LANES {
                let d = col[l] - cj;
                a[l] += d * d;
            }
        }
    }
    for (col, &cj) in cols.remainder().chunks_exact(LANES).zip(cs.remainder()) {
        let Ok(col) = <&[f32; LANES]>::try_from(col) else {
            continue;
        };
        for l in 0..LANES {
            let d = col[l] - cj;
            acc[0][l] += d * d;
        }
    }
    let mut out = [0.0_f32; LANES];
    for l in 0..LANES {
        out[l] = (acc[0][l] + acc[1][l]) + (acc[2][l] + acc[3][l]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;
    use crate::sample::uniform_unit;

    #[test]
    fn decisions_match_the_exact_comparison() {
        let mut rng = SeededRng::new(5);
        let dims: &[usize] = if cfg!(miri) {
            &[5, 13]
        } else {
            &[1, 5, 8, 13, 32, 100]
        };
        for &dim in dims {
            let screen = Screen::new(dim);
            for scale in [1e-30_f64, 1e-3, 1.0, 1e15] {
                let row = |rng: &mut SeededRng| -> alloc::vec::Vec<f32> {
                    (0..dim)
                        .map(|_| ((uniform_unit(rng) - 0.5) * scale) as f32)
                        .collect()
                };
                // Miri runs the same cases, fewer of them (it is ~100x slower).
                for _ in 0..if cfg!(miri) { 2 } else { 200 } {
                    let (a, b) = (row(&mut rng), row(&mut rng));
                    let exact = squared_euclidean(&a, &b);
                    // Bounds right at, just above and just below the exact value: the
                    // hardest cases for the screen.
                    for bound in [exact, exact * (1.0 + 1e-12), exact * (1.0 - 1e-12), 0.0] {
                        let want = (exact < bound).then_some(exact);
                        assert_eq!(screen.below(&a, &b, bound), want, "dim {dim} scale {scale}");
                    }
                }
            }
        }
    }

    #[test]
    fn blocked_update_is_the_exact_update_on_every_code_path() {
        let mut rng = SeededRng::new(9);
        let dims: &[usize] = if cfg!(miri) {
            &[3, 13]
        } else {
            &[1, 3, 8, 13, 32]
        };
        for &dim in dims {
            let n = if cfg!(miri) { 21 } else { 101 }; // a partial last block
            // Coarse values: equal distances, duplicates and zero distances occur.
            let x: Vec<f32> = (0..n * dim)
                .map(|_| libm::floor(uniform_unit(&mut rng) * 4.0) as f32)
                .collect();
            let points = Points::new(&x, dim).unwrap();
            let rows: Vec<usize> = (0..n).collect();
            let blocked = BlockedRows::new(points, &rows);
            let screen = Screen::new(dim);
            let start: Vec<f64> = (0..n)
                .map(|i| match i % 5 {
                    0 => -1.0, // picked
                    1 => 0.0,
                    2 => f64::INFINITY,
                    _ => uniform_unit(&mut rng) * 2.0 * dim as f64,
                })
                .collect();
            for c in [0, 17, n - 1] {
                let centre = points.row(c);
                let exact = |i: usize| squared_euclidean(points.row(i), centre);
                // The plain f64 update: the answer.
                let mut want = start.clone();
                let mut best = (-1.0_f64, usize::MAX);
                for (i, d) in want.iter_mut().enumerate() {
                    if *d < 0.0 {
                        continue;
                    }
                    *d = d.min(exact(i));
                    if *d > best.0 {
                        best = (*d, i);
                    }
                }
                // The dispatched path (AVX2 where the CPU has it) and the portable body.
                let mut a = start.clone();
                let got_a = nearest_update(&screen, &blocked, centre, &mut a, &exact, &mut |_| {});
                let mut b = start.clone();
                let got_b =
                    nearest_update_body(&screen, &blocked, centre, &mut b, &exact, &mut |_| {});
                assert_eq!((got_a, &a), (best, &want), "dim {dim} centre {c}");
                assert_eq!((got_b, &b), (best, &want), "dim {dim} centre {c}");
            }
        }
    }

    #[test]
    fn overflowing_estimate_falls_back_to_exact() {
        let a = [3.0e38_f32, 0.0];
        let b = [-3.0e38_f32, 0.0];
        let exact = squared_euclidean(&a, &b);
        assert!(exact.is_finite());
        assert_eq!(Screen::new(2).below(&a, &b, f64::INFINITY), Some(exact));
    }

    #[test]
    fn lanes_agree_with_pythagoras() {
        let a = [0.0_f32; 9];
        let b = [3.0_f32, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 12.0];
        assert_eq!(squared_euclidean_lanes(&a, &b), 169.0);
    }
}
