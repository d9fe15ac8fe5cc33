//! The Rips filtration built explicitly (every simplex listed, boundary matrix stored) and reduced
//! by [`BoundaryMatrix`]: exponential in the dimension, for small inputs, and the independent
//! oracle of the implicit engine.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::distance::DistanceMatrix;
use super::engine::Interval;
use crate::boundary_matrix::{BoundaryMatrix, ReductionAlgorithm};
use crate::error::{Error, Result};

/// Largest number of simplices the explicit construction accepts.
pub const MAX_EXPLICIT_SIMPLICES: usize = 2_000_000;

/// Diagrams (as `f32` intervals) of the Rips filtration up to `max_dim`, within `threshold`.
pub(crate) fn explicit_intervals(
    dist: &DistanceMatrix,
    max_dim: usize,
    threshold: f32,
    algorithm: ReductionAlgorithm,
) -> Result<Vec<Vec<Interval>>> {
    let n = dist.len();
    // Simplices as ascending vertex lists, grown one vertex at a time (only vertices above the
    // last), keeping those within the threshold.
    let mut all: Vec<(f32, Vec<u32>)> = (0..n as u32).map(|v| (0.0, alloc::vec![v])).collect();
    let mut layer: Vec<(f32, Vec<u32>)> = all.clone();
    for _ in 1..=max_dim + 1 {
        let mut next = Vec::new();
        for (diam, s) in &layer {
            let last = *s.last().unwrap_or(&0) as usize;
            for v in last + 1..n {
                let mut d = *diam;
                for &w in s {
                    d = d.max(dist.get(v, w as usize));
                }
                if d <= threshold {
                    let mut t = s.clone();
                    t.push(v as u32);
                    next.push((d, t));
                }
            }
            if all.len() + next.len() > MAX_EXPLICIT_SIMPLICES {
                return Err(Error::TooLarge(
                    "explicit Rips complex above 2,000,000 simplices",
                ));
            }
        }
        all.extend(next.iter().cloned());
        layer = next;
    }
    // Filtration order: diameter, then dimension (faces first), then vertices.
    all.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.len().cmp(&b.1.len()))
            .then(a.1.cmp(&b.1))
    });
    let position: BTreeMap<&[u32], usize> = all
        .iter()
        .enumerate()
        .map(|(i, (_, s))| (s.as_slice(), i))
        .collect();
    let mut columns = Vec::with_capacity(all.len());
    let mut dims = Vec::with_capacity(all.len());
    for (_, s) in &all {
        let mut col = Vec::new();
        if s.len() > 1 {
            for skip in 0..s.len() {
                let facet: Vec<u32> = s
                    .iter()
                    .enumerate()
                    .filter(|&(i, _)| i != skip)
                    .map(|(_, &v)| v)
                    .collect();
                if let Some(&p) = position.get(facet.as_slice()) {
                    col.push(p);
                }
            }
        }
        col.sort_unstable();
        columns.push(col);
        dims.push(s.len() - 1);
    }
    let reduced = BoundaryMatrix::new(columns, dims)?.reduce(algorithm);
    let mut out: Vec<Vec<Interval>> = alloc::vec![Vec::new(); max_dim + 1];
    for (b, d) in reduced.pairs {
        let dim = all[b].1.len() - 1;
        if dim <= max_dim && all[d].0 > all[b].0 {
            out[dim].push((all[b].0, all[d].0));
        }
    }
    for b in reduced.essential {
        let dim = all[b].1.len() - 1;
        if dim <= max_dim {
            out[dim].push((all[b].0, f32::INFINITY));
        }
    }
    Ok(out)
}
