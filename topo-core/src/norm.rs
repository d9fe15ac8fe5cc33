//! The norms in which epsilon-representativeness is measured.

/// A norm on feature space. Distances are accumulated in `f64` from the `f32` features.
///
/// ```
/// use topo_core::Norm;
/// let (a, b) = ([0.0_f32, 0.0], [3.0_f32, -4.0]);
/// assert_eq!(Norm::Chebyshev.distance(&a, &b), 4.0);
/// assert_eq!(Norm::Euclidean.distance(&a, &b), 5.0);
/// assert_eq!(Norm::Manhattan.distance(&a, &b), 7.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
#[cfg_attr(feature = "std", serde(rename_all = "lowercase"))]
pub enum Norm {
    /// L-infinity: the largest coordinate difference (the reference package's choice).
    Chebyshev,
    /// L2.
    Euclidean,
    /// L1.
    Manhattan,
}

impl Norm {
    /// Distance between two rows of equal length (extra coordinates of the longer are ignored).
    #[inline]
    pub fn distance(self, a: &[f32], b: &[f32]) -> f64 {
        self.finish(self.reduced(a, b))
    }

    /// The distance in "reduced" form, monotone in the distance and cheaper: the squared
    /// distance for Euclidean, the distance itself otherwise.
    #[inline]
    pub(crate) fn reduced(self, a: &[f32], b: &[f32]) -> f64 {
        let mut acc = 0.0f64;
        for (x, y) in a.iter().zip(b) {
            acc = self.accumulate(acc, f64::from(*x) - f64::from(*y));
        }
        acc
    }

    /// Adds one coordinate difference to a reduced distance.
    #[inline]
    pub(crate) fn accumulate(self, acc: f64, diff: f64) -> f64 {
        match self {
            Norm::Chebyshev => {
                let d = diff.abs();
                if d > acc { d } else { acc }
            }
            Norm::Euclidean => acc + diff * diff,
            Norm::Manhattan => acc + diff.abs(),
        }
    }

    /// Reduced form to distance.
    #[inline]
    pub(crate) fn finish(self, reduced: f64) -> f64 {
        match self {
            Norm::Euclidean => libm::sqrt(reduced),
            _ => reduced,
        }
    }

    /// The lowercase name (`chebyshev`, `euclidean`, `manhattan`).
    pub fn name(self) -> &'static str {
        match self {
            Norm::Chebyshev => "chebyshev",
            Norm::Euclidean => "euclidean",
            Norm::Manhattan => "manhattan",
        }
    }
}
