//! Forgetting events (Toneva et al., 2019), counted per row once per epoch as the paper's
//! experiments do (spec §2.10): an event is a row that was classified correctly at the previous
//! evaluation and is misclassified now.

/// Per-row forgetting counts and the latest correctness.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForgettingCounter {
    correct: Vec<bool>,
    events: Vec<u32>,
}

impl ForgettingCounter {
    /// A counter for `rows` rows, all "not yet learned".
    pub fn new(rows: usize) -> Self {
        ForgettingCounter {
            correct: vec![false; rows],
            events: vec![0; rows],
        }
    }

    /// Records one evaluation of every row. Lengths must match the row count; extra entries
    /// are ignored and missing ones count as not evaluated.
    pub fn record(&mut self, truth: &[u32], predicted: &[u32]) {
        for ((c, e), (t, p)) in self
            .correct
            .iter_mut()
            .zip(self.events.iter_mut())
            .zip(truth.iter().zip(predicted))
        {
            let now = t == p;
            if *c && !now {
                *e = e.saturating_add(1);
            }
            *c = now;
        }
    }

    /// Forgetting events per row.
    pub fn events(&self) -> &[u32] {
        &self.events
    }

    /// Whether each row was correct at the latest evaluation.
    pub fn correct(&self) -> &[bool] {
        &self.correct
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_correct_to_incorrect_transitions_only() {
        let truth = [1, 1, 0];
        let mut f = ForgettingCounter::new(3);
        f.record(&truth, &[1, 0, 1]); // row 0 learned; nothing forgotten yet
        f.record(&truth, &[0, 1, 1]); // row 0 forgotten, row 1 learned
        f.record(&truth, &[1, 0, 0]); // row 1 forgotten, rows 0 and 2 learned
        f.record(&truth, &[0, 0, 0]); // row 0 forgotten again
        assert_eq!(f.events(), &[2, 1, 0]);
        assert_eq!(f.correct(), &[false, false, true]);
    }
}
