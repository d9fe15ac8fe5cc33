//! An explicit sparse boundary-matrix reducer for any filtered complex over Z/2.
//!
//! Column `j` lists the (sorted) row indices of the facets of simplex `j`; simplices are numbered
//! in filtration order, so every facet index is below its column. The reducer is the independent
//! oracle the implicit Rips engine is tested against, and the general tool for filtrations that
//! are not Rips.

use alloc::vec::Vec;

use crate::error::{Error, Result};

/// Which column-reduction algorithm to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReductionAlgorithm {
    /// Left to right, adding earlier columns until each pivot (lowest one) is unique.
    Standard,
    /// By decreasing dimension, with clearing: once column `j` has pivot `i`, column `i` is known
    /// to reduce to zero and is skipped (Chen and Kerber's twist).
    Twist,
}

/// The result of a reduction: pairs `(birth, death)` of simplex numbers, and the simplices that
/// give birth to classes that never die.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersistencePairs {
    /// `(birth, death)` simplex numbers, in no particular order.
    pub pairs: Vec<(usize, usize)>,
    /// Simplex numbers of essential classes, ascending.
    pub essential: Vec<usize>,
}

/// A validated boundary matrix of a filtered simplicial complex.
///
/// ```
/// use topo_core::{BoundaryMatrix, ReductionAlgorithm};
/// // A filled triangle: vertices 0, 1, 2; edges 3 = {0,1}, 4 = {1,2}, 5 = {0,2}; face 6.
/// let columns = vec![vec![], vec![], vec![], vec![0, 1], vec![1, 2], vec![0, 2], vec![3, 4, 5]];
/// let dims = vec![0, 0, 0, 1, 1, 1, 2];
/// let m = BoundaryMatrix::new(columns, dims)?;
/// let mut r = m.reduce(ReductionAlgorithm::Twist);
/// r.pairs.sort();
/// assert_eq!(r.pairs, vec![(1, 3), (2, 4), (5, 6)]);
/// assert_eq!(r.essential, vec![0]);
/// # Ok::<(), topo_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundaryMatrix {
    columns: Vec<Vec<usize>>,
    dims: Vec<usize>,
}

impl BoundaryMatrix {
    /// Checks that `columns` and `dims` have one entry per simplex, rows are strictly increasing
    /// and below their column, a `d`-simplex has `d + 1` facets (none for a vertex) and each facet
    /// has dimension `d - 1`.
    pub fn new(columns: Vec<Vec<usize>>, dims: Vec<usize>) -> Result<Self> {
        if columns.len() != dims.len() {
            return Err(Error::InvalidParameter(
                "one dimension per boundary column is needed",
            ));
        }
        for (j, (col, &d)) in columns.iter().zip(&dims).enumerate() {
            // Checked: a dimension of usize::MAX overflowed here (found by the boundary_matrix
            // fuzz target).
            let expected = if d == 0 { Some(0) } else { d.checked_add(1) };
            if Some(col.len()) != expected {
                return Err(Error::InvalidParameter(
                    "a d-simplex needs d + 1 facets (a vertex none)",
                ));
            }
            if col.windows(2).any(|w| w[0] >= w[1]) {
                return Err(Error::InvalidParameter(
                    "boundary rows must be strictly increasing",
                ));
            }
            for &i in col {
                if i >= j {
                    return Err(Error::InvalidParameter(
                        "a facet must come before its simplex in the filtration",
                    ));
                }
                if dims[i].checked_add(1) != Some(d) {
                    return Err(Error::InvalidParameter("a facet must have dimension d - 1"));
                }
            }
        }
        Ok(Self { columns, dims })
    }

    /// Number of simplices.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// `true` for the empty complex.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// Dimension of simplex `j`, or `None` when out of range.
    pub fn dim(&self, j: usize) -> Option<usize> {
        self.dims.get(j).copied()
    }

    /// Reduces the matrix and reads off the persistence pairs.
    pub fn reduce(&self, algorithm: ReductionAlgorithm) -> PersistencePairs {
        let m = self.columns.len();
        let mut cols = self.columns.clone();
        // owner[i] = the column whose pivot is row i.
        let mut owner: Vec<Option<usize>> = alloc::vec![None; m];
        let mut scratch = Vec::new();
        let mut reduce_column =
            |j: usize, cols: &mut Vec<Vec<usize>>, owner: &mut [Option<usize>]| {
                while let Some(&low) = cols[j].last() {
                    match owner[low] {
                        Some(k) => {
                            symmetric_difference(&cols[j], &cols[k], &mut scratch);
                            core::mem::swap(&mut cols[j], &mut scratch);
                        }
                        None => {
                            owner[low] = Some(j);
                            break;
                        }
                    }
                }
            };
        match algorithm {
            ReductionAlgorithm::Standard => {
                for j in 0..m {
                    reduce_column(j, &mut cols, &mut owner);
                }
            }
            ReductionAlgorithm::Twist => {
                let top = self.dims.iter().copied().max().unwrap_or(0);
                for d in (1..=top).rev() {
                    for j in 0..m {
                        if self.dims[j] != d {
                            continue;
                        }
                        if owner[j].is_some() {
                            // Clearing: j is a pivot row, so its column reduces to zero.
                            cols[j].clear();
                            continue;
                        }
                        reduce_column(j, &mut cols, &mut owner);
                    }
                }
            }
        }
        let mut out = PersistencePairs::default();
        for (i, o) in owner.iter().enumerate() {
            match o {
                Some(j) => out.pairs.push((i, *j)),
                None if cols[i].is_empty() => out.essential.push(i),
                None => {}
            }
        }
        out
    }
}

/// `out = a xor b` for sorted vectors.
fn symmetric_difference(a: &[usize], b: &[usize], out: &mut Vec<usize>) {
    out.clear();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            core::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            core::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            core::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hollow_square() -> BoundaryMatrix {
        // vertices 0..4, edges 4={0,1}, 5={1,2}, 6={2,3}, 7={0,3}
        BoundaryMatrix::new(
            alloc::vec![
                alloc::vec![],
                alloc::vec![],
                alloc::vec![],
                alloc::vec![],
                alloc::vec![0, 1],
                alloc::vec![1, 2],
                alloc::vec![2, 3],
                alloc::vec![0, 3],
            ],
            alloc::vec![0, 0, 0, 0, 1, 1, 1, 1],
        )
        .unwrap()
    }

    #[test]
    fn square_has_one_cycle_both_algorithms() {
        for alg in [ReductionAlgorithm::Standard, ReductionAlgorithm::Twist] {
            let mut r = hollow_square().reduce(alg);
            r.pairs.sort_unstable();
            assert_eq!(r.pairs, alloc::vec![(1, 4), (2, 5), (3, 6)]);
            // vertex 0 and the last edge (the cycle) are essential.
            assert_eq!(r.essential, alloc::vec![0, 7]);
        }
    }

    #[test]
    fn invalid_matrices_are_rejected() {
        assert!(BoundaryMatrix::new(alloc::vec![alloc::vec![]], alloc::vec![]).is_err());
        assert!(BoundaryMatrix::new(alloc::vec![alloc::vec![0, 0]], alloc::vec![1]).is_err());
        assert!(
            BoundaryMatrix::new(
                alloc::vec![alloc::vec![], alloc::vec![], alloc::vec![1, 0]],
                alloc::vec![0, 0, 1]
            )
            .is_err()
        );
        assert!(
            BoundaryMatrix::new(
                alloc::vec![alloc::vec![], alloc::vec![0, 2], alloc::vec![]],
                alloc::vec![0, 1, 0]
            )
            .is_err()
        );
    }
}
