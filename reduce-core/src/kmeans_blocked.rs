//! Lloyd's assignment step in high dimension with group bounds ([`CentreGroups`]) and the
//! tiled `f32` kernel ([`scan_tile`]), exact in every decision.
//!
//! The rows are taken a chunk at a time. Each row first tests its group bounds (Yinyang
//! k-means: a group whose lower bound is at least the distance to the row's own centre cannot
//! hold a nearer one); the groups left to scan are then scanned group by group for all rows of
//! the chunk that need them, sixteen rows per tile, so even the first passes (where the bounds
//! fail for most rows) run at the kernel's compute-bound speed instead of one `f64` distance at
//! a time. The kernel's estimates carry a proven error bound ([`Screen::distance_bounds`], plus
//! the rounding of the centres to `f32`): when the bounds single out one centre it is the exact
//! nearest one; otherwise (near-ties, duplicates) the row's candidate groups are rescanned in
//! exact `f64`, ties to the lower index. The group bounds written back are lower bounds of the
//! exact distances, so they stay valid.

use alloc::vec;
use alloc::vec::Vec;
use topo_core::Points;

use crate::centre_tile::{QUAD, TILE, TileNearest, scan_tile};
use crate::distance::squared_euclidean_f64;
use crate::kmeans_groups::{CentreGroups, MAX_GROUPS};
use crate::screened::Screen;

/// Rows per chunk: the chunk's per-group results (`CHUNK x groups`) stay in L2.
const CHUNK: usize = 512;

/// Relative slack for the gap between an exactly rounded distance and the `f64` one the
/// decisions compare (a few units of 2^-53 per feature); far above it, far below the screen's.
const F64_SLACK: f64 = 1e-9;

/// The centres as `f32`, group after group, each group padded to a multiple of [`QUAD`]
/// centres and laid out for [`scan_tile`].
pub(crate) struct GroupedCentres {
    quads: Vec<f32>,
    /// First position of each group, and the end (one past the last group).
    starts: Vec<usize>,
    /// Centre index of each position (`usize::MAX` for padding).
    index: Vec<usize>,
    /// Largest distance between a centre and its `f32` rounding (rounded up).
    rounding: f64,
    dim: usize,
}

impl GroupedCentres {
    /// Lays out `centres` (`f64`, row-major, `dim` wide) by `lists` (the centres of each
    /// scanned group: a group of [`CentreGroups`], or the moved centres of one).
    fn new(centres: &[f64], dim: usize, lists: &[Vec<usize>]) -> Self {
        let mut index = Vec::new();
        let mut starts = Vec::with_capacity(lists.len() + 1);
        for (g, m) in lists.iter().enumerate() {
            starts.push(index.len());
            index.extend_from_slice(m);
            let padded = m.len().div_ceil(QUAD) * QUAD;
            index.resize(starts[g] + padded, usize::MAX);
        }
        starts.push(index.len());
        let mut quads = vec![f32::MAX; index.len() * dim];
        let mut rounding = 0.0_f64;
        for (p, &j) in index.iter().enumerate() {
            let Some(c) =
                centres.get(j.saturating_mul(dim)..j.saturating_mul(dim).saturating_add(dim))
            else {
                continue;
            };
            let mut err = 0.0;
            for (f, &v) in c.iter().enumerate() {
                let r = v as f32;
                // Exact: a value and its nearest f32 differ by a representable amount.
                let e = v - f64::from(r);
                err += e * e;
                if let Some(slot) = quads.get_mut((p / QUAD) * QUAD * dim + f * QUAD + p % QUAD) {
                    *slot = r;
                }
            }
            rounding = rounding.max(libm::sqrt(err));
        }
        Self {
            quads,
            starts,
            index,
            rounding: rounding * (1.0 + F64_SLACK) + f64::MIN_POSITIVE,
            dim,
        }
    }

    /// Group `g`'s padded centres and its first position.
    fn group(&self, g: usize) -> (&[f32], usize) {
        let (Some(&a), Some(&b)) = (self.starts.get(g), self.starts.get(g + 1)) else {
            return (&[], 0);
        };
        (self.quads.get(a * self.dim..b * self.dim).unwrap_or(&[]), a)
    }
}

/// The largest `f32` not above `v` (`v` finite or infinite, not NaN): a lower bound stays one.
pub(crate) fn f32_below(v: f64) -> f32 {
    let f = v as f32;
    if f64::from(f) > v { f.next_down() } else { f }
}

/// One row's kernel result for one group: smallest estimate, its position, second smallest.
#[derive(Clone, Copy)]
struct GroupHit {
    m1: f32,
    pos: u32,
    m2: f32,
}

const NO_HIT: GroupHit = GroupHit {
    m1: f32::INFINITY,
    pos: u32::MAX,
    m2: f32::INFINITY,
};

/// The per-row state of Lloyd's loop that the assignment step reads and updates.
pub(crate) struct RowBounds<'a> {
    /// Assigned centre of each row.
    pub assign: &'a mut [usize],
    /// Distance to the assigned centre, or an upper bound of it.
    pub upper: &'a mut [f64],
    /// Per row, one lower bound per group (`groups.len()` each) of the distance to the
    /// group's centres other than the assigned one (`f32`, rounded down: half the memory).
    pub lower: &'a mut [f32],
}

/// Assigns every row of `rows` to its nearest centre (exact `f64` decision; ties to the lower
/// index among the centres examined) and refreshes its bounds; `full` ignores the bounds
/// (first pass, or bounds invalid). Otherwise `shift` gives each centre's move since the
/// bounds were set (`upper` already includes the own centre's move; the group bounds do not).
/// Returns how many assignments changed.
///
/// A group's bound minus its largest shift bounds all its centres; the bound itself still
/// bounds the centres that did not move. So a row whose distance falls between the two scans
/// only the group's moved centres (late in Lloyd's loop, a few per group), not the group.
pub(crate) fn assign_blocked(
    points: Points<'_>,
    rows: &[usize],
    centres: &[f64],
    groups: &CentreGroups,
    state: RowBounds<'_>,
    full: bool,
    shift: &[f64],
) -> usize {
    let dim = points.dim();
    let t = groups.len();
    if dim == 0 || t == 0 || t > MAX_GROUPS {
        return 0;
    }
    // Scanned groups: 0..t the groups, t..2t the moved centres of each (not in a full pass).
    let mut lists: Vec<Vec<usize>> = (0..t).map(|g| groups.members(g).to_vec()).collect();
    let moved_of = |g: usize| -> Vec<usize> {
        let m = groups.members(g).iter();
        m.copied()
            .filter(|&j| shift.get(j).is_some_and(|&s| s > 0.0))
            .collect()
    };
    if !full {
        lists.extend((0..t).map(moved_of));
    }
    // A relative margin keeps the bounds valid under rounding.
    let gmax: Vec<f64> = groups
        .max_shifts(shift)
        .iter()
        .map(|s| s * (1.0 + 1e-12))
        .collect();
    let table = GroupedCentres::new(centres, dim, &lists);
    let vt = lists.len();
    let screen = Screen::new(dim);
    let all: u64 = if t == 64 { u64::MAX } else { (1_u64 << t) - 1 };
    let mut need = vec![0_u64; CHUNK];
    let mut hits = vec![NO_HIT; CHUNK * vt];
    let mut tile = vec![0.0_f32; TILE * dim];
    let mut members: Vec<usize> = Vec::with_capacity(CHUNK);
    let mut changed = 0;
    let centre = |j: usize| {
        centres
            .get(j.saturating_mul(dim)..j.saturating_mul(dim).saturating_add(dim))
            .unwrap_or(&[])
    };
    let RowBounds {
        assign,
        upper,
        lower,
    } = state;
    let mut start = 0;
    while start < rows.len() {
        let chunk = &rows[start..(start + CHUNK).min(rows.len())];
        // 1. Which groups each row must scan.
        for (p, &r) in chunk.iter().enumerate() {
            let x = start + p;
            need[p] = if full {
                all
            } else {
                row_needs(points.row(r), centre, x, &gmax, assign, upper, lower)
            };
        }
        // 2. Group by group, all rows of the chunk that need it, a tile at a time.
        for g in 0..vt {
            let (quads, first) = table.group(g);
            members.clear();
            members.extend((0..chunk.len()).filter(|&p| need[p] >> g & 1 == 1));
            for lanes in members.chunks(TILE) {
                for (l, &p) in lanes.iter().enumerate() {
                    let Some(&r) = chunk.get(p) else { continue };
                    for (f, &v) in points.row(r).iter().enumerate() {
                        if let Some(slot) = tile.get_mut(f * TILE + l) {
                            *slot = v;
                        }
                    }
                }
                let mut out = TileNearest::new();
                scan_tile(&tile, quads, dim, first as u32, &mut out);
                for (l, &p) in lanes.iter().enumerate() {
                    if let Some(h) = hits.get_mut(p * vt + g) {
                        *h = GroupHit {
                            m1: out.m1[l],
                            pos: out.pos[l],
                            m2: out.m2[l],
                        };
                    }
                }
            }
        }
        // 3. Decide each row that scanned anything.
        for (p, &r) in chunk.iter().enumerate() {
            let mask = need[p];
            if mask == 0 {
                continue;
            }
            let x = start + p;
            let row_hits = hits.get(p * vt..(p + 1) * vt).unwrap_or(&[]);
            let bounds = lower.get_mut(x * t..(x + 1) * t).unwrap_or(&mut []);
            let (Some(a), Some(u)) = (assign.get_mut(x), upper.get_mut(x)) else {
                continue;
            };
            let ctx = Decide {
                table: &table,
                groups,
                lists: &lists,
                gmax: &gmax,
                screen: &screen,
                row: points.row(r),
                centre: &centre,
                mask,
                full,
            };
            if ctx.decide(row_hits, a, u, bounds) {
                changed += 1;
            }
        }
        start += chunk.len();
    }
    changed
}

/// The groups row `x` must scan (bit `g`: group `g`; bit `t + g`: its moved centres): none
/// when its bounds prove its centre is still the nearest (after tightening `upper` to the
/// exact distance; the group bounds are then lowered by their shifts here).
fn row_needs<'c>(
    row: &[f32],
    centre: impl Fn(usize) -> &'c [f64],
    x: usize,
    gmax: &[f64],
    assign: &[usize],
    upper: &mut [f64],
    lower: &mut [f32],
) -> u64 {
    let t = gmax.len();
    let (Some(&a), Some(u), Some(bounds)) = (
        assign.get(x),
        upper.get_mut(x),
        lower.get_mut(x * t..(x + 1) * t),
    ) else {
        return 0;
    };
    let moved = |(b, s): (&f32, &f64)| f64::from(*b) - s;
    let floor = bounds
        .iter()
        .zip(gmax)
        .map(moved)
        .fold(f64::INFINITY, f64::min);
    if *u > floor {
        *u = libm::sqrt(squared_euclidean_f64(row, centre(a)));
    }
    if *u <= floor {
        for (b, s) in bounds.iter_mut().zip(gmax) {
            *b = f32_below(f64::from(*b) - s);
        }
        return 0;
    }
    let mut mask = 0_u64;
    for (g, (b, s)) in bounds.iter().zip(gmax).enumerate() {
        if f64::from(*b) - s >= *u {
            continue; // no centre of the group can be nearer
        }
        mask |= if f64::from(*b) >= *u {
            1 << (t + g) // only a moved centre can be nearer
        } else {
            1 << g
        };
    }
    mask
}

/// What deciding one row needs besides its own state.
struct Decide<'a, C: Fn(usize) -> &'a [f64]> {
    table: &'a GroupedCentres,
    groups: &'a CentreGroups,
    /// Centres of each scanned group (groups, then their moved centres).
    lists: &'a [Vec<usize>],
    /// Largest shift in each group.
    gmax: &'a [f64],
    screen: &'a Screen,
    row: &'a [f32],
    centre: &'a C,
    mask: u64,
    full: bool,
}

impl<'a, C: Fn(usize) -> &'a [f64]> Decide<'a, C> {
    /// Distance bounds `[lo, hi]` (not squared) of the exact `f64` distance behind estimate `e`.
    fn bounds(&self, e: f32) -> (f64, f64) {
        let (lo2, hi2) = self.screen.distance_bounds(e);
        let lo = (libm::sqrt(lo2) - self.table.rounding).max(0.0) * (1.0 - F64_SLACK);
        let hi = (libm::sqrt(hi2) + self.table.rounding) * (1.0 + F64_SLACK);
        (lo, hi)
    }

    /// [`Decide::bounds`]'s lower end alone (one square root).
    fn lower_bound(&self, e: f32) -> f64 {
        let (lo2, _) = self.screen.distance_bounds(e);
        (libm::sqrt(lo2) - self.table.rounding).max(0.0) * (1.0 - F64_SLACK)
    }

    fn scanned(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.lists.len()).filter(|&g| self.mask >> g & 1 == 1)
    }

    /// Decides the row's centre from its group hits; updates `assign`, `upper` and the
    /// row's group bounds. Returns whether the assignment changed.
    fn decide(
        &self,
        hits: &[GroupHit],
        assign: &mut usize,
        upper: &mut f64,
        bounds: &mut [f32],
    ) -> bool {
        let old = *assign;
        // Without `full`, the old centre's exact distance is `upper` (tightened by row_needs).
        let own = (!self.full).then_some((old, *upper));
        let centre_of = |h: &GroupHit| {
            self.table
                .index
                .get(h.pos as usize)
                .copied()
                .unwrap_or(usize::MAX)
        };
        // Per scanned group, once: its nearest centre, that centre's distance bounds, and the
        // lower bound of the group's others (estimate-based; 3 square roots per group).
        let mut info = [(usize::MAX, 0.0_f64, f64::INFINITY, 0.0_f64); 2 * MAX_GROUPS];
        for (g, slot) in info.iter_mut().enumerate() {
            if self.mask >> g & 1 == 1
                && let Some(h) = hits.get(g)
            {
                let (lo1, hi1) = self.bounds(h.m1);
                *slot = (centre_of(h), lo1, hi1, self.lower_bound(h.m2));
            }
        }
        // The old centre's bounds are its exact distance.
        let exact_or = |j: usize, lo: f64, hi: f64| match own {
            Some((a, u)) if a == j => (u, u),
            _ => (lo, hi),
        };
        // The candidate with the smallest upper bound.
        let (mut best, mut best_hi) = own.unwrap_or((usize::MAX, f64::INFINITY));
        for g in self.scanned() {
            let Some(&(j, lo1, hi1, _)) = info.get(g) else {
                continue;
            };
            let (_, hi) = exact_or(j, lo1, hi1);
            if j != usize::MAX && hi < best_hi {
                best = j;
                best_hi = hi;
            }
        }
        // It is the exact nearest centre when every other one is provably farther.
        let mut unique = best != usize::MAX;
        if let Some((a, u)) = own
            && a != best
            && u <= best_hi
        {
            unique = false;
        }
        for g in self.scanned() {
            let Some(&(j, lo1, hi1, lo2)) = info.get(g) else {
                continue;
            };
            if (j != best && exact_or(j, lo1, hi1).0 <= best_hi) || lo2 <= best_hi {
                unique = false;
            }
        }
        let (winner, dist) = if unique {
            let d = match own {
                Some((a, u)) if a == best => u,
                _ => libm::sqrt(squared_euclidean_f64(self.row, (self.centre)(best))),
            };
            (best, d)
        } else {
            self.exact_nearest(own)
        };
        if winner == usize::MAX {
            return false; // no centre at all
        }
        // New bounds: estimate-based lower bounds of the others in each scanned group; a
        // group whose moved centres were scanned keeps its bound for the others (they did not
        // move); an unscanned group's bound drops by its largest shift.
        let t = self.gmax.len();
        let others = |v: usize| {
            info.get(v)
                .map(|&(j, lo1, _, lo2)| f32_below(if j == winner { lo2 } else { lo1 }))
        };
        for (g, (b, s)) in bounds.iter_mut().zip(self.gmax).enumerate() {
            if self.mask >> g & 1 == 1 {
                *b = others(g).unwrap_or(0.0);
            } else if self.mask >> (t + g) & 1 == 1 {
                *b = b.min(others(t + g).unwrap_or(0.0));
            } else {
                *b = f32_below(f64::from(*b) - s);
            }
        }
        if let Some((a, u)) = own
            && a != winner
        {
            // The old centre's group, if not scanned, now has the old centre among its others.
            let g = self.groups.group_of(a);
            if self.mask >> g & 1 == 0
                && let Some(b) = bounds.get_mut(g)
            {
                *b = b.min(f32_below(u));
            }
        }
        *assign = winner;
        *upper = dist;
        winner != old
    }

    /// Exact `f64` scan of the scanned groups' centres (and the old centre): nearest by squared
    /// distance, ties to the lower index.
    fn exact_nearest(&self, own: Option<(usize, f64)>) -> (usize, f64) {
        let mut best = (f64::INFINITY, usize::MAX);
        let mut consider = |j: usize| {
            let d = squared_euclidean_f64(self.row, (self.centre)(j));
            if d < best.0 || (d == best.0 && j < best.1) {
                best = (d, j);
            }
        };
        if let Some((a, _)) = own {
            consider(a);
        }
        for g in self.scanned() {
            for &j in self.lists.get(g).map_or(&[][..], Vec::as_slice) {
                consider(j);
            }
        }
        (best.1, libm::sqrt(best.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SeededRng;
    use crate::sample::uniform_unit;

    /// Nearest centre by full exact scan, ties to the lower index.
    fn nearest(row: &[f32], centres: &[f64], dim: usize) -> usize {
        (0..centres.len() / dim)
            .min_by(|&a, &b| {
                let da = squared_euclidean_f64(row, &centres[a * dim..(a + 1) * dim]);
                let db = squared_euclidean_f64(row, &centres[b * dim..(b + 1) * dim]);
                da.total_cmp(&db).then(a.cmp(&b))
            })
            .unwrap_or(0)
    }

    #[test]
    fn bounded_blocked_assignment_matches_a_full_scan_as_centres_move() {
        // Continuous values (unique nearest centres, the fast path) and coarse ones (exact
        // ties and duplicates: the exact fallback), in a width that leaves a partial quad.
        for (coarse, dim) in [(false, 6), (true, 13)] {
            let mut rng = SeededRng::new(4);
            // Miri: fewer centres, rows and steps (it interprets ~100x slower).
            let (k, n) = if cfg!(miri) { (41, 12) } else { (123, 300) };
            let steps = if cfg!(miri) { 3 } else { 6 };
            let mut draw = |scale: f64| {
                let v = uniform_unit(&mut rng) * scale;
                if coarse { libm::floor(v) } else { v }
            };
            let mut centres: Vec<f64> = (0..k * dim).map(|_| draw(4.0)).collect();
            let x: Vec<f32> = (0..n * dim).map(|_| draw(4.0) as f32).collect();
            let points = Points::new(&x, dim).unwrap();
            let rows: Vec<usize> = (0..n).collect();
            let groups = CentreGroups::new(&centres, k, dim);
            assert_eq!(groups.len(), k / 10);
            let t = groups.len();
            let mut assign = vec![0; n];
            let mut upper = vec![0.0; n];
            let mut lower = vec![0.0_f32; n * t];
            let mut last_shift: Vec<f64> = Vec::new();
            for step in 0..steps {
                let state = RowBounds {
                    assign: &mut assign,
                    upper: &mut upper,
                    lower: &mut lower,
                };
                assign_blocked(
                    points,
                    &rows,
                    &centres,
                    &groups,
                    state,
                    step == 0,
                    &last_shift,
                );
                for r in 0..n {
                    let row = points.row(r);
                    let want = nearest(row, &centres, dim);
                    let dw = squared_euclidean_f64(row, &centres[want * dim..(want + 1) * dim]);
                    let a = assign[r];
                    let da = squared_euclidean_f64(row, &centres[a * dim..(a + 1) * dim]);
                    // The nearest distance always; the lowest index among ties whenever the
                    // row scanned (always on the first pass).
                    assert_eq!(da, dw, "step {step} row {r}");
                    if step == 0 {
                        assert_eq!(a, want, "step {step} row {r}");
                    }
                    // `upper` bounds the distance from above (exact after a scan).
                    assert!(
                        upper[r] >= libm::sqrt(da) * (1.0 - 1e-12),
                        "step {step} row {r}"
                    );
                    if step == 0 {
                        assert_eq!(upper[r], libm::sqrt(da));
                    }
                }
                // Move a quarter of the centres (some far; late in Lloyd's loop most centres
                // stay put), then shift the bounds as Lloyd's loop does.
                let mut shift = vec![0.0; k];
                for j in 0..k {
                    if (j + step) % 4 != 0 {
                        continue;
                    }
                    let scale = if j % 17 == 0 { 0.9 } else { 0.05 };
                    let mut s2 = 0.0;
                    for v in &mut centres[j * dim..(j + 1) * dim] {
                        let d = if coarse {
                            libm::floor(uniform_unit(&mut rng) * 3.0) - 1.0
                        } else {
                            (uniform_unit(&mut rng) - 0.5) * scale
                        };
                        *v += d;
                        s2 += d * d;
                    }
                    shift[j] = libm::sqrt(s2) * (1.0 + 1e-12);
                }
                for r in 0..n {
                    upper[r] += shift[assign[r]];
                }
                last_shift = shift;
            }
        }
    }
}
