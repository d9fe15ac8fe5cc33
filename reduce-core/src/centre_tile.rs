//! The compute-bound kernel of Lloyd's assignment step in high dimension: `f32` estimates of
//! the squared distances of a tile of [`TILE`] points to a run of centres, [`QUAD`] centres at
//! a time, keeping per point the smallest and second-smallest estimate and where the smallest
//! is.
//!
//! Why a tile: scanning one centre against all rows streams the rows from memory once per
//! centre (memory-bound at 100,000 rows); a tile of 16 points stays in registers and L1 while
//! the centres stream from L1/L2, so each load feeds 4 x 16 = 64 lane operations. The estimate
//! is the same sum of squared `f32` differences as [`crate::screened`]'s, so the same proven
//! error bound ([`Screen::distance_bounds`]) turns it into exact decisions.
//!
//! [`Screen::distance_bounds`]: crate::screened::Screen::distance_bounds

use alloc::vec;
use alloc::vec::Vec;
use topo_core::Points;

use crate::screened::LANES;

/// Points per tile: two 256-bit registers of `f32` lanes per feature.
pub(crate) const TILE: usize = 2 * LANES;

/// Centres per register tile (4 x 16 accumulators: eight 256-bit registers).
pub(crate) const QUAD: usize = 4;

/// Rows in tiles of [`TILE`], each tile feature-major (feature `f` of its rows at
/// `f * TILE ..`): [`scan_tile`]'s input for a fixed set of rows scanned many times.
pub(crate) struct TiledRows {
    data: Vec<f32>,
    dim: usize,
}

impl TiledRows {
    /// The rows `rows` of `points`, tiled (the last tile padded with zeros).
    pub(crate) fn new(points: Points<'_>, rows: &[usize]) -> Self {
        let dim = points.dim();
        let mut data = vec![0.0_f32; rows.len().div_ceil(TILE) * TILE * dim];
        for (i, &r) in rows.iter().enumerate() {
            let base = (i / TILE) * TILE * dim + i % TILE;
            for (f, &v) in points.row(r).iter().enumerate() {
                if let Some(slot) = data.get_mut(base + f * TILE) {
                    *slot = v;
                }
            }
        }
        Self { data, dim }
    }

    /// The tiles in order (tile `t` holds rows `t * TILE ..`).
    pub(crate) fn tiles(&self) -> impl Iterator<Item = &[f32]> {
        self.data.chunks_exact((TILE * self.dim).max(1))
    }
}

/// Appends `centre` to `quads` ([`scan_tile`]'s centre layout), where `count` centres are
/// already laid out; a new quad starts padded with `f32::MAX` (estimates `inf`, never nearest).
pub(crate) fn push_quad_centre(quads: &mut Vec<f32>, count: usize, centre: &[f32]) {
    let dim = centre.len();
    if count.is_multiple_of(QUAD) {
        quads.resize(quads.len() + QUAD * dim, f32::MAX);
    }
    let base = (count / QUAD) * QUAD * dim + count % QUAD;
    for (f, &v) in centre.iter().enumerate() {
        if let Some(slot) = quads.get_mut(base + f * QUAD) {
            *slot = v;
        }
    }
}

/// Per point of a tile: the smallest estimate, the position of its centre (`u32::MAX` when no
/// estimate was finite) and the second-smallest estimate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TileNearest {
    pub m1: [f32; TILE],
    pub pos: [u32; TILE],
    pub m2: [f32; TILE],
}

impl TileNearest {
    /// Nothing seen yet.
    pub(crate) fn new() -> Self {
        Self {
            m1: [f32::INFINITY; TILE],
            pos: [u32::MAX; TILE],
            m2: [f32::INFINITY; TILE],
        }
    }
}

/// Scans `quads` (centres in groups of [`QUAD`], each group feature-major: feature `f` of its
/// four centres at `f * QUAD ..`; positions `first_pos ..` in order) against `tile` (feature `f`
/// of the [`TILE`] points at `f * TILE ..`), updating `out`. Ties in the smallest estimate keep
/// the earlier position. Padding centres (all coordinates `f32::MAX`) estimate to `inf` and
/// never win.
pub(crate) fn scan_tile(
    tile: &[f32],
    quads: &[f32],
    dim: usize,
    first_pos: u32,
    out: &mut TileNearest,
) {
    #[cfg(all(feature = "std", target_arch = "x86_64"))]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports AVX2 and FMA (checked just above), the only requirement of
        // a `target_feature` function; the function itself is safe code.
        // Allowed because it pays: see the crate README (CLC scale, AVX2 dispatch).
        #[allow(unsafe_code)]
        return unsafe { scan_tile_avx2(tile, quads, dim, first_pos, out) };
    }
    scan_tile_portable(tile, quads, dim, first_pos, out);
}

/// [`scan_tile_body`] compiled for AVX2 + FMA (256-bit registers; the default x86-64 target
/// has only 128-bit SSE2), with fused multiply-adds: fewer roundings than the bound allows for.
#[cfg(all(feature = "std", target_arch = "x86_64"))]
#[target_feature(enable = "avx2,fma")]
fn scan_tile_avx2(tile: &[f32], quads: &[f32], dim: usize, first_pos: u32, out: &mut TileNearest) {
    scan_tile_body(tile, quads, dim, first_pos, out, f32::mul_add);
}

/// The portable kernel: a separate multiply and add (`core` has no fused multiply-add).
fn scan_tile_portable(
    tile: &[f32],
    quads: &[f32],
    dim: usize,
    first_pos: u32,
    out: &mut TileNearest,
) {
    scan_tile_body(tile, quads, dim, first_pos, out, |a, b, c| a * b + c);
}

/// `madd(a, b, c)` is `a * b + c`, fused or not (each rounding of the sum of squares is
/// within [`crate::screened::Screen`]'s bound either way).
#[inline(always)]
fn scan_tile_body(
    tile: &[f32],
    quads: &[f32],
    dim: usize,
    first_pos: u32,
    out: &mut TileNearest,
    madd: impl Fn(f32, f32, f32) -> f32,
) {
    if dim == 0 || tile.len() < dim * TILE {
        return;
    }
    // Locals, so the running minima live in registers across the whole run of centres.
    let (mut m1, mut best, mut m2) = (out.m1, out.pos, out.m2);
    let mut pos = first_pos;
    for quad in quads.chunks_exact(QUAD * dim) {
        let mut acc = [[0.0_f32; TILE]; QUAD];
        for (col, cv) in tile.chunks_exact(TILE).zip(quad.chunks_exact(QUAD)) {
            // Fixed-size views: whole-register loads, no bounds checks in the lane loops.
            let (Ok(col), Ok(cv)) = (<&[f32; TILE]>::try_from(col), <&[f32; QUAD]>::try_from(cv))
            else {
                continue;
            };
            for (a, &c) in acc.iter_mut().zip(cv) {
                for l in 0..TILE {
                    let d = col[l] - c;
                    a[l] = madd(d, d, a[l]);
                }
            }
        }
        for a in &acc {
            // Plain comparisons (no NaN can occur: the terms are squares of differences of
            // finite values, at worst `inf`), so they compile to vector min/blend.
            for l in 0..TILE {
                let e = a[l];
                let nearer = e < m1[l];
                let hi = if nearer { m1[l] } else { e };
                m2[l] = if hi < m2[l] { hi } else { m2[l] };
                best[l] = if nearer { pos } else { best[l] };
                m1[l] = if nearer { e } else { m1[l] };
            }
            pos = pos.wrapping_add(1);
        }
    }
    *out = TileNearest { m1, pos: best, m2 };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;
    use crate::sample::uniform_unit;

    #[test]
    fn tile_keeps_the_two_smallest_sums_of_squares() {
        let mut rng = SeededRng::new(3);
        let dim = 5;
        let m = 3 * QUAD;
        let pts: Vec<f32> = (0..TILE * dim)
            .map(|_| (uniform_unit(&mut rng) * 4.0).floor() as f32)
            .collect();
        let cen: Vec<f32> = (0..m * dim)
            .map(|_| (uniform_unit(&mut rng) * 4.0).floor() as f32)
            .collect();
        // Small integers: every f32 sum here is exact, so the expected values are exact.
        let mut tile = vec![0.0_f32; TILE * dim];
        for p in 0..TILE {
            for f in 0..dim {
                tile[f * TILE + p] = pts[p * dim + f];
            }
        }
        let mut quads = vec![0.0_f32; m * dim];
        for j in 0..m {
            for f in 0..dim {
                quads[(j / QUAD) * QUAD * dim + f * QUAD + j % QUAD] = cen[j * dim + f];
            }
        }
        // The dispatched kernel (AVX2 + FMA where the CPU has it) and the portable one.
        let mut out = TileNearest::new();
        scan_tile(&tile, &quads, dim, 10, &mut out);
        let mut portable = TileNearest::new();
        scan_tile_portable(&tile, &quads, dim, 10, &mut portable);
        assert_eq!(
            (out.m1, out.pos, out.m2),
            (portable.m1, portable.pos, portable.m2)
        );
        for p in 0..TILE {
            let mut d: Vec<(f32, usize)> = (0..m)
                .map(|j| {
                    // Products, not `powi` (which Miri perturbs on purpose): exact here.
                    let s = (0..dim)
                        .map(|f| {
                            let t = pts[p * dim + f] - cen[j * dim + f];
                            t * t
                        })
                        .sum();
                    (s, j)
                })
                .collect();
            d.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            assert_eq!(out.m1[p], d[0].0);
            assert_eq!(out.pos[p], 10 + d[0].1 as u32, "earliest among ties");
            assert_eq!(out.m2[p], d[1].0);
        }
    }
}
