//! Persistence diagrams: multisets of (birth, death) pairs, with essential classes (death = ∞).

use alloc::vec::Vec;

use crate::error::{Error, Result};

/// One point of a persistence diagram. `death == f64::INFINITY` marks an essential class.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Pair {
    /// Filtration value at which the class is born.
    pub birth: f64,
    /// Filtration value at which it dies; `f64::INFINITY` for an essential class.
    pub death: f64,
}

impl Pair {
    /// `true` for an essential (never dying) class.
    #[inline]
    pub fn is_essential(&self) -> bool {
        self.death == f64::INFINITY
    }

    /// `death - birth` (infinite for an essential class).
    #[inline]
    pub fn persistence(&self) -> f64 {
        self.death - self.birth
    }
}

/// A validated persistence diagram of one homology dimension.
///
/// Every birth is finite, every death is finite or `+∞`, and `death >= birth`.
///
/// ```
/// use topo_core::Diagram;
/// let d = Diagram::new(vec![(0.0, 1.0), (0.5, f64::INFINITY)])?;
/// assert_eq!(d.finite().count(), 1);
/// assert_eq!(d.essential().count(), 1);
/// assert!(Diagram::new(vec![(1.0, 0.5)]).is_err());
/// # Ok::<(), topo_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub struct Diagram {
    pairs: Vec<Pair>,
}

impl Diagram {
    /// Validates `(birth, death)` pairs: births finite, deaths finite or `+∞`, `death >= birth`.
    pub fn new(pairs: Vec<(f64, f64)>) -> Result<Self> {
        let mut out = Vec::with_capacity(pairs.len());
        for (birth, death) in pairs {
            if !birth.is_finite() {
                return Err(Error::InvalidParameter("diagram birth must be finite"));
            }
            if death.is_nan() || death == f64::NEG_INFINITY {
                return Err(Error::InvalidParameter(
                    "diagram death must be finite or +infinity",
                ));
            }
            if death < birth {
                return Err(Error::InvalidParameter("diagram death is before birth"));
            }
            out.push(Pair { birth, death });
        }
        Ok(Self { pairs: out })
    }

    /// Builds a diagram from pairs the caller guarantees valid (used by the persistence engines).
    pub(crate) fn from_valid(pairs: Vec<Pair>) -> Self {
        debug_assert!(
            pairs
                .iter()
                .all(|p| p.birth.is_finite() && !p.death.is_nan() && p.death >= p.birth)
        );
        Self { pairs }
    }

    /// All pairs, in no particular order.
    #[inline]
    pub fn pairs(&self) -> &[Pair] {
        &self.pairs
    }

    /// Number of pairs (finite and essential).
    #[inline]
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// `true` when the diagram has no pairs.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The pairs that die.
    pub fn finite(&self) -> impl Iterator<Item = &Pair> + '_ {
        self.pairs.iter().filter(|p| !p.is_essential())
    }

    /// The essential classes.
    pub fn essential(&self) -> impl Iterator<Item = &Pair> + '_ {
        self.pairs.iter().filter(|p| p.is_essential())
    }

    /// Pairs sorted by (birth, death), for comparisons and printing.
    pub fn sorted(&self) -> Vec<Pair> {
        let mut v = self.pairs.clone();
        v.sort_by(|a, b| {
            a.birth
                .total_cmp(&b.birth)
                .then(a.death.total_cmp(&b.death))
        });
        v
    }
}
