//! Classification scores: accuracy and macro F1, as scikit-learn's `accuracy_score` and
//! `f1_score(average="macro")` define them.

/// Share of rows whose prediction equals the label; `None` for no rows or mismatched lengths.
pub fn accuracy(truth: &[u32], predicted: &[u32]) -> Option<f64> {
    if truth.is_empty() || truth.len() != predicted.len() {
        return None;
    }
    let hits = truth.iter().zip(predicted).filter(|(a, b)| a == b).count();
    Some(hits as f64 / truth.len() as f64)
}

/// Unweighted mean over classes of the per-class F1 score. The classes are those that occur in
/// the labels or in the predictions (scikit-learn's default); a class with no true positive has
/// F1 = 0. `None` for no rows or mismatched lengths.
pub fn macro_f1(truth: &[u32], predicted: &[u32]) -> Option<f64> {
    if truth.is_empty() || truth.len() != predicted.len() {
        return None;
    }
    let mut classes: Vec<u32> = truth.iter().chain(predicted).copied().collect();
    classes.sort_unstable();
    classes.dedup();
    let mut sum = 0.0;
    for &c in &classes {
        let (mut tp, mut fp, mut fn_) = (0_usize, 0_usize, 0_usize);
        for (&t, &p) in truth.iter().zip(predicted) {
            match (t == c, p == c) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => {}
            }
        }
        // F1 = 2 TP / (2 TP + FP + FN); the denominator is > 0 because c occurs somewhere.
        sum += 2.0 * tp as f64 / (2 * tp + fp + fn_) as f64;
    }
    Some(sum / classes.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_worked_scores() {
        // truth 0 0 0 1 1, predicted 0 1 0 1 0.
        // class 0: TP 2, FP 1, FN 1 -> F1 = 4/6; class 1: TP 1, FP 1, FN 1 -> F1 = 2/4.
        let t = [0, 0, 0, 1, 1];
        let p = [0, 1, 0, 1, 0];
        assert!((accuracy(&t, &p).unwrap() - 0.6).abs() < 1e-12);
        let expected = (4.0 / 6.0 + 0.5) / 2.0;
        assert!((macro_f1(&t, &p).unwrap() - expected).abs() < 1e-12);
    }

    #[test]
    fn majority_class_predictor_has_low_macro_f1() {
        // All predicted 0: class 1 has F1 0, so macro F1 is half the class-0 F1.
        let t = [0, 0, 0, 1];
        let p = [0, 0, 0, 0];
        assert!((accuracy(&t, &p).unwrap() - 0.75).abs() < 1e-12);
        let f0 = 2.0 * 3.0 / (6.0 + 1.0);
        assert!((macro_f1(&t, &p).unwrap() - f0 / 2.0).abs() < 1e-12);
    }

    #[test]
    fn empty_or_mismatched_is_none() {
        assert_eq!(accuracy(&[], &[]), None);
        assert_eq!(macro_f1(&[0], &[0, 1]), None);
    }
}
