//! Euclidean distances between rows, accumulated in `f64` (DESIGN.md: accumulations in f64).

/// Squared Euclidean distance between two rows of equal width, accumulated in `f64` with four
/// independent partial sums so the compiler can vectorise the loop. Rows of unequal width are
/// compared over the shorter one (callers always pass rows of one data set).
#[inline]
pub fn squared_euclidean(a: &[f32], b: &[f32]) -> f64 {
    let mut acc = [0.0_f64; 4];
    let mut ca = a.chunks_exact(4);
    let mut cb = b.chunks_exact(4);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for k in 0..4 {
            let d = f64::from(x[k]) - f64::from(y[k]);
            acc[k] += d * d;
        }
    }
    let mut tail = 0.0;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        let d = f64::from(*x) - f64::from(*y);
        tail += d * d;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// Squared Euclidean distance between a row and an `f64` point (a centroid).
#[inline]
pub fn squared_euclidean_f64(a: &[f32], c: &[f64]) -> f64 {
    let mut acc = [0.0_f64; 4];
    let mut ca = a.chunks_exact(4);
    let mut cc = c.chunks_exact(4);
    for (x, y) in (&mut ca).zip(&mut cc) {
        for k in 0..4 {
            let d = f64::from(x[k]) - y[k];
            acc[k] += d * d;
        }
    }
    let mut tail = 0.0;
    for (x, y) in ca.remainder().iter().zip(cc.remainder()) {
        let d = f64::from(*x) - *y;
        tail += d * d;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pythagoras_and_symmetry() {
        let a = [0.0_f32, 0.0, 0.0, 0.0, 0.0];
        let b = [3.0_f32, 4.0, 0.0, 0.0, 12.0];
        assert_eq!(squared_euclidean(&a, &b), 169.0);
        assert_eq!(squared_euclidean(&b, &a), 169.0);
        let c = [3.0_f64, 4.0, 0.0, 0.0, 12.0];
        assert_eq!(squared_euclidean_f64(&a, &c), 169.0);
        assert_eq!(squared_euclidean_f64(&b, &c), 0.0);
    }
}
