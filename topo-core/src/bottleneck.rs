//! Exact bottleneck distance between persistence diagrams.
//!
//! # Method
//! The distance is the smallest `r` for which the points of the two diagrams can be matched with
//! every matched pair at L-infinity distance `<= r`, every unmatched point at distance `<= r` from
//! the diagonal (half its persistence), and essential classes matched among themselves by birth.
//!
//! * **Decision at `r`.** Only the points farther than `r` from the diagonal *must* be matched to a
//!   real point. By the Mendelsohn-Dulmage theorem, a matching covering the must-points of both
//!   diagrams exists iff one covering those of `A` (into all of `B`) and one covering those of `B`
//!   (into all of `A`) exist. Each is a Hopcroft-Karp run on the must-points only, with neighbours
//!   found by a 2-d tree range query (geometric pruning), warm-started from the matching of the
//!   previous threshold.
//! * **Search over candidates.** The answer is one of: 0, a half-persistence, or a coordinate
//!   difference `|a.birth - b.birth|` / `|a.death - b.death|`. The candidates strictly between the
//!   known infeasible `lo` and the known feasible `hi` are counted (binary searches on sorted
//!   coordinates, never materialised while there are many), a pivot is drawn near their median,
//!   and the decision moves `lo` or `hi`; a feasible decision also lowers `hi` to the cost the
//!   matching actually realises. Once few candidates remain they are listed and binary-searched.
//!   The result is exact: it is one of the computed candidate values, bit for bit.
//!
//! GUDHI's convention is used throughout: L-infinity ground distance, essential classes matched
//! by birth and `+inf` when their counts differ.

use alloc::vec;
use alloc::vec::Vec;

use crate::diagram::Diagram;
use crate::error::{Error, Result};
use crate::essential::{Parts, essential_max, to_diagonal};
use crate::matching::{Csr, NONE, hopcroft_karp};
use crate::plane_index::{PlaneIndex, linf};

/// Exact bottleneck distance between two persistence diagrams (L-infinity ground distance).
///
/// Returns `+inf` when the diagrams have different numbers of essential classes. Two empty
/// diagrams are at distance 0; an empty diagram is at distance "largest half-persistence" from a
/// diagram without essential classes.
///
/// ```
/// use topo_core::{Diagram, bottleneck};
/// let a = Diagram::new(vec![(0.0, 4.0), (1.0, 2.0)])?;
/// let b = Diagram::new(vec![(0.0, 3.5)])?;
/// // (0,4) <-> (0,3.5) costs 0.5; (1,2) goes to the diagonal at cost 0.5.
/// assert_eq!(bottleneck(&a, &b)?, 0.5);
/// let c = Diagram::new(vec![(0.0, f64::INFINITY)])?;
/// assert_eq!(bottleneck(&a, &c)?, f64::INFINITY);
/// # Ok::<(), topo_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::TooLarge`] when a diagram has `u32::MAX` points or more.
pub fn bottleneck(a: &Diagram, b: &Diagram) -> Result<f64> {
    if a.len() >= NONE as usize || b.len() >= NONE as usize {
        return Err(Error::TooLarge("diagram with 2^32 - 1 points or more"));
    }
    let pa = Parts::of(a);
    let pb = Parts::of(b);
    let Some(ess) = essential_max(&pa.essential, &pb.essential) else {
        return Ok(f64::INFINITY);
    };
    let finite = finite_bottleneck(&pa.finite, &pb.finite);
    Ok(if ess > finite { ess } else { finite })
}

/// Bottleneck distance between two sets of finite points (diagonal allowed).
pub(crate) fn finite_bottleneck(a: &[[f64; 2]], b: &[[f64; 2]]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let mut solver = Solver::new(a, b);
    solver.solve()
}

/// One diagram's finite points with its index and the warm-start matching of its must-points
/// into the other diagram.
struct Side {
    pts: Vec<[f64; 2]>,
    half: Vec<f64>,
    index: PlaneIndex,
    mate: Vec<u32>,
    cache: Option<NeighbourCache>,
}

/// Every point's neighbours in the other diagram within `radius`, each list sorted by distance,
/// so the neighbours within any `r <= radius` are a prefix. Built once the search has brought the
/// upper bound low enough that the lists are short; it replaces the range queries from then on.
struct NeighbourCache {
    radius: f64,
    start: Vec<usize>,
    ids: Vec<u32>,
    dist: Vec<f64>,
}

impl NeighbourCache {
    /// Builds the cache, or `None` when it would exceed `budget` entries.
    fn build(from: &Side, to: &Side, radius: f64, budget: usize) -> Option<Self> {
        let mut start = Vec::with_capacity(from.pts.len() + 1);
        let mut ids = Vec::new();
        let mut dist = Vec::new();
        let mut row: Vec<(f64, u32)> = Vec::new();
        start.push(0);
        for &p in &from.pts {
            row.clear();
            to.index.within(p, radius, &mut |j| {
                row.push((linf(p, to.pts[j as usize]), j))
            });
            if ids.len() + row.len() > budget {
                return None;
            }
            row.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            ids.extend(row.iter().map(|e| e.1));
            dist.extend(row.iter().map(|e| e.0));
            start.push(ids.len());
        }
        Some(Self {
            radius,
            start,
            ids,
            dist,
        })
    }

    /// Neighbours of point `i` within `r` (`r <= self.radius`).
    fn within(&self, i: usize, r: f64) -> &[u32] {
        let (a, b) = (self.start[i], self.start[i + 1]);
        let k = self.dist[a..b].partition_point(|&d| d <= r);
        &self.ids[a..a + k]
    }
}

impl Side {
    fn new(pts: &[[f64; 2]]) -> Self {
        Self {
            pts: pts.to_vec(),
            half: pts.iter().map(|&p| to_diagonal(p)).collect(),
            index: PlaneIndex::new(pts),
            mate: vec![NONE; pts.len()],
            cache: None,
        }
    }
}

/// Sorted coordinates used to count and sample the coordinate-difference candidates.
struct Coordinates {
    a_birth: Vec<f64>,
    b_birth: Vec<f64>,
    a_death: Vec<f64>,
    b_death: Vec<f64>,
    halves: Vec<f64>,
}

/// A run of candidates `|x - ys[k]|` for `k` in `from..to`.
#[derive(Clone, Copy)]
struct Run {
    x: f64,
    ys: u8,
    from: u32,
    to: u32,
}

struct Solver {
    a: Side,
    b: Side,
    coords: Coordinates,
    rng: u64,
    /// Radius at which building the neighbour cache last exceeded its budget.
    cache_failed_at: f64,
    /// A feasible radius at which to build the cache before the next decision.
    cache_radius: Option<f64>,
}

impl Solver {
    fn new(a: &[[f64; 2]], b: &[[f64; 2]]) -> Self {
        let sorted = |v: &[[f64; 2]], k: usize| {
            let mut s: Vec<f64> = v.iter().map(|p| p[k]).collect();
            s.sort_unstable_by(f64::total_cmp);
            s
        };
        let mut halves: Vec<f64> = a.iter().chain(b).map(|&p| to_diagonal(p)).collect();
        halves.sort_unstable_by(f64::total_cmp);
        Self {
            a: Side::new(a),
            b: Side::new(b),
            coords: Coordinates {
                a_birth: sorted(a, 0),
                b_birth: sorted(b, 0),
                a_death: sorted(a, 1),
                b_death: sorted(b, 1),
                halves,
            },
            rng: 0x9E37_79B9_7F4A_7C15,
            cache_failed_at: f64::INFINITY,
            cache_radius: None,
        }
    }

    fn solve(&mut self) -> f64 {
        // Matching every point to the diagonal is always feasible.
        let mut hi = self.coords.halves.last().copied().unwrap_or(0.0);
        // Every point is matched either to the diagonal or to some point of the other diagram,
        // so no threshold below max_p min(half(p), nearest(p)) is feasible. That value is itself
        // a candidate: start just below it.
        let lb = self.lower_bound();
        let mut lo = if lb > 0.0 {
            f64::from_bits(lb.to_bits() - 1)
        } else {
            -1.0
        };
        let mut galloping = lb > 0.0;
        let mut step = 0.0f64;
        let limit = 4 * (self.a.pts.len() + self.b.pts.len()) + 1024;
        loop {
            let runs = self.runs(lo, hi);
            let pair_count: u64 = runs.iter().map(|r| u64::from(r.to - r.from)).sum();
            let half_count = self.halves_between(lo, hi).len() as u64;
            let zero = u64::from(lo < 0.0 && 0.0 < hi);
            let total = pair_count + half_count + zero;
            if total == 0 {
                return hi;
            }
            if total <= limit as u64 {
                return self.finish(lo, hi, &runs);
            }
            // Gallop up from the lower bound until the first feasible threshold: thresholds far
            // above the answer are the expensive decisions, and the bound is usually close.
            // The bound itself first (it is often the answer), then ever larger steps above it.
            let gallop = lb * (1.0 + step);
            let pivot = if galloping && gallop > lo && gallop < hi {
                step = if step == 0.0 { 1.0 / 32.0 } else { step * 2.0 };
                gallop
            } else {
                galloping = false;
                self.sample_median(lo, hi, &runs, total)
            };
            match self.feasible(pivot) {
                Some(realised) => {
                    galloping = false;
                    hi = realised;
                    // Built lazily, by the next decision (if any): often there is none.
                    self.cache_radius = Some(hi);
                }
                None => lo = pivot,
            }
        }
    }

    /// Lists the candidates strictly between `lo` and `hi` and binary-searches the smallest
    /// feasible one (`hi` itself when none is).
    fn finish(&mut self, lo: f64, hi: f64, runs: &[Run]) -> f64 {
        let mut c: Vec<f64> = Vec::new();
        for r in runs {
            let ys = self.ys(r.ys);
            for &y in &ys[r.from as usize..r.to as usize] {
                c.push((r.x - y).abs());
            }
        }
        c.extend_from_slice(self.halves_between(lo, hi));
        if lo < 0.0 && 0.0 < hi {
            c.push(0.0);
        }
        c.sort_unstable_by(f64::total_cmp);
        c.dedup();
        let (mut l, mut h) = (0usize, c.len());
        while l < h {
            let mid = l + (h - l) / 2;
            match self.feasible(c[mid]) {
                Some(realised) => {
                    // `realised` is itself a candidate in (lo, c[mid]]: jump to it.
                    h = c[..=mid].partition_point(|&v| v < realised).min(mid);
                }
                None => l = mid + 1,
            }
        }
        c.get(h).copied().unwrap_or(hi)
    }

    fn lower_bound(&self) -> f64 {
        let mut lb = 0.0f64;
        for (s, o) in [(&self.a, &self.b), (&self.b, &self.a)] {
            for (i, &p) in s.pts.iter().enumerate() {
                if s.half[i] > lb {
                    let nn = o.index.nearest(p);
                    let need = if nn < s.half[i] { nn } else { s.half[i] };
                    if need > lb {
                        lb = need;
                    }
                }
            }
        }
        lb
    }

    /// Builds the neighbour caches at radius `hi` when they stay within a linear budget.
    fn maybe_cache(&mut self, hi: f64) {
        // After a build that overflowed, wait until the radius has halved before trying again.
        if hi > 0.5 * self.cache_failed_at {
            return;
        }
        let budget = 64 * (self.a.pts.len() + self.b.pts.len());
        for from_a in [true, false] {
            let (from, to) = if from_a {
                (&self.a, &self.b)
            } else {
                (&self.b, &self.a)
            };
            if from.cache.is_some() {
                continue;
            }
            let built = NeighbourCache::build(from, to, hi, budget);
            if built.is_none() {
                self.cache_failed_at = hi;
                return;
            }
            if from_a {
                self.a.cache = built;
            } else {
                self.b.cache = built;
            }
        }
    }

    fn ys(&self, which: u8) -> &[f64] {
        match which {
            0 => &self.coords.b_birth,
            _ => &self.coords.b_death,
        }
    }

    fn halves_between(&self, lo: f64, hi: f64) -> &[f64] {
        let h = &self.coords.halves;
        let from = h.partition_point(|&v| v <= lo);
        let to = h.partition_point(|&v| v < hi);
        &h[from..to.max(from)]
    }

    /// For every `x` of A's sorted coordinates, the runs of B's sorted coordinates `y` with
    /// `lo < |x - y| < hi`. `|x - y|` is monotone in `y` on each side of `x` because rounding is.
    fn runs(&self, lo: f64, hi: f64) -> Vec<Run> {
        let mut out = Vec::new();
        for (xs, which) in [(&self.coords.a_birth, 0u8), (&self.coords.a_death, 1u8)] {
            let ys = self.ys(which);
            for &x in xs.iter() {
                let split = ys.partition_point(|&y| y < x);
                // Left of x: x - y decreases as y grows.
                let l_from = ys[..split].partition_point(|&y| x - y >= hi);
                let l_to = ys[..split].partition_point(|&y| x - y > lo);
                if l_from < l_to {
                    out.push(Run {
                        x,
                        ys: which,
                        from: l_from as u32,
                        to: l_to as u32,
                    });
                }
                // Right of x: y - x grows with y.
                let right = &ys[split..];
                let r_from = split + right.partition_point(|&y| y - x <= lo);
                let r_to = split + right.partition_point(|&y| y - x < hi);
                if r_from < r_to {
                    out.push(Run {
                        x,
                        ys: which,
                        from: r_from as u32,
                        to: r_to as u32,
                    });
                }
            }
        }
        out
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64*: a fixed-seed pivot sequence; the result does not depend on it.
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A low quantile of a few candidates drawn uniformly from those strictly between `lo` and `hi`.
    fn sample_median(&mut self, lo: f64, hi: f64, runs: &[Run], total: u64) -> f64 {
        let mut prefix = Vec::with_capacity(runs.len());
        let mut acc = 0u64;
        for r in runs {
            acc += u64::from(r.to - r.from);
            prefix.push(acc);
        }
        let halves_len = self.halves_between(lo, hi).len() as u64;
        let mut picks = [0.0f64; 31];
        for slot in picks.iter_mut() {
            let k = self.next_random() % total;
            *slot = if k < acc {
                let i = prefix.partition_point(|&p| p <= k);
                let r = runs[i];
                let before = if i == 0 { 0 } else { prefix[i - 1] };
                let y = self.ys(r.ys)[(u64::from(r.from) + (k - before)) as usize];
                (r.x - y).abs()
            } else if k - acc < halves_len {
                self.halves_between(lo, hi)[(k - acc) as usize]
            } else {
                0.0
            };
        }
        picks.sort_unstable_by(f64::total_cmp);
        // A low quantile rather than the median: the answer usually sits among the smallest
        // candidates, infeasible thresholds fail fast, and feasible ones far above the answer
        // are the expensive decisions (long neighbour lists).
        picks[picks.len() / 8]
    }

    /// `Some(cost)` when a matching of cost `<= r` exists (`cost` is what it realises).
    fn feasible(&mut self, r: f64) -> Option<f64> {
        if let Some(radius) = self.cache_radius.take()
            && r <= radius
        {
            self.maybe_cache(radius);
        }
        let c1 = cover(&mut self.a, &self.b, r)?;
        let c2 = cover(&mut self.b, &self.a, r)?;
        let slack = |s: &Side| {
            s.half
                .iter()
                .copied()
                .filter(|&h| h <= r)
                .fold(0.0, f64::max)
        };
        Some(c1.max(c2).max(slack(&self.a)).max(slack(&self.b)))
    }
}

/// Tries to match every point of `must` farther than `r` from the diagonal to a point of `other`
/// within `r`. Returns the largest matched distance on success. Keeps the matching for warm starts.
fn cover(must: &mut Side, other: &Side, r: f64) -> Option<f64> {
    let ids: Vec<u32> = (0..must.pts.len() as u32)
        .filter(|&i| must.half[i as usize] > r)
        .collect();
    if ids.is_empty() {
        return Some(0.0);
    }
    let mut mate_l = vec![NONE; ids.len()];
    let mut mate_r = vec![NONE; other.pts.len()];
    for (l, &i) in ids.iter().enumerate() {
        let m = must.mate[i as usize];
        if m != NONE && linf(must.pts[i as usize], other.pts[m as usize]) <= r {
            mate_l[l] = m;
            mate_r[m as usize] = l as u32;
        }
    }
    let mut start = Vec::with_capacity(ids.len() + 1);
    let mut adj = Vec::new();
    start.push(0);
    let cache = must.cache.as_ref().filter(|c| r <= c.radius);
    for &i in &ids {
        match cache {
            Some(c) => adj.extend_from_slice(c.within(i as usize, r)),
            None => other
                .index
                .within(must.pts[i as usize], r, &mut |j| adj.push(j)),
        }
        if adj.len() == *start.last().unwrap_or(&0) {
            return None; // a must-point with no neighbour at all
        }
        start.push(adj.len());
    }
    let g = Csr { start, adj };
    let size = hopcroft_karp(&g, &mut mate_l, &mut mate_r);
    for m in must.mate.iter_mut() {
        *m = NONE;
    }
    let mut cost = 0.0f64;
    for (l, &i) in ids.iter().enumerate() {
        must.mate[i as usize] = mate_l[l];
        if mate_l[l] != NONE {
            cost = cost.max(linf(must.pts[i as usize], other.pts[mate_l[l] as usize]));
        }
    }
    if size == ids.len() { Some(cost) } else { None }
}
