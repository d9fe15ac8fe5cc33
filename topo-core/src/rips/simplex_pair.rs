//! A persistence pair with the simplices that create and destroy its class.

use alloc::vec::Vec;

use super::engine::{Engine, FoundPair};
use super::filtration::RankSource;
use super::key::Key;

/// One persistence pair of [`crate::rips_pairs_with_simplices`]: the interval and the vertices
/// (point indices, ascending) of the simplices whose entry into the filtration creates and
/// destroys the class.
#[derive(Debug, Clone, PartialEq)]
pub struct SimplexPair {
    /// Birth value: the diameter of `birth_simplex`.
    pub birth: f64,
    /// Death value: the diameter of `death_simplex`, `+inf` for an essential class.
    pub death: f64,
    /// The `k`-simplex that creates the class (one vertex in H0).
    pub birth_simplex: Vec<usize>,
    /// The `(k + 1)`-simplex that kills the class; empty for an essential class.
    pub death_simplex: Vec<usize>,
}

impl<K: Key, D: RankSource> Engine<'_, K, D> {
    /// [`Engine::run`] as [`SimplexPair`]s, with the simplices decoded when `with_simplices`
    /// (otherwise left empty).
    pub(crate) fn run_pairs(&self, with_simplices: bool) -> Vec<Vec<SimplexPair>> {
        self.run()
            .into_iter()
            .enumerate()
            .map(|(dim, pairs)| {
                pairs
                    .into_iter()
                    .map(|p| self.simplex_pair(p, dim, with_simplices))
                    .collect()
            })
            .collect()
    }

    fn simplex_pair(&self, p: FoundPair, dim: usize, with_simplices: bool) -> SimplexPair {
        let (birth_simplex, death_simplex) = if with_simplices {
            (
                self.simplex_vertices(p.birth_simplex, dim),
                p.death_simplex
                    .map(|d| self.simplex_vertices(d, dim + 1))
                    .unwrap_or_default(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        SimplexPair {
            birth: f64::from(p.birth),
            death: f64::from(p.death),
            birth_simplex,
            death_simplex,
        }
    }
}
