//! Approximate minimum-cost assignment between two diagrams' finite points (diagonal allowed) by
//! the forward auction algorithm with epsilon-scaling (Bertsekas).
//!
//! Bidders are the points of `A` plus one diagonal copy per point of `B`; objects are the points
//! of `B` plus one diagonal slot per point of `A`. Costs are computed on the fly, so memory is
//! linear in the diagram sizes. After each scaling phase the assignment is complete and
//! epsilon-complementary-slack, so its cost `C` is within `N * eps` of the optimum (`N` bidders);
//! the phases stop once `N * eps <= relative_error * (C - N * eps)`, which bounds the relative
//! error of the returned cost by `relative_error`.

use alloc::vec;
use alloc::vec::Vec;

use crate::ground_cost::GroundCost;

/// `x^p`, with the common orders computed without `pow`.
#[inline]
pub(crate) fn pow_order(x: f64, p: f64) -> f64 {
    if p == 1.0 {
        x
    } else if p == 2.0 {
        x * x
    } else {
        libm::pow(x, p)
    }
}

const NONE: usize = usize::MAX;

/// Cost of an assignment within `relative_error` of the optimal `sum cost^p`.
pub(crate) fn auction_cost(
    a: &[[f64; 2]],
    b: &[[f64; 2]],
    g: &GroundCost,
    relative_error: f64,
) -> f64 {
    let (n, m) = (a.len(), b.len());
    let ha: Vec<f64> = a.iter().map(|&x| g.diagonal(x)).collect();
    let hb: Vec<f64> = b.iter().map(|&y| g.diagonal(y)).collect();
    if n == 0 || m == 0 {
        return ha.iter().sum::<f64>() + hb.iter().sum::<f64>();
    }
    let total = n + m;
    // Objects 0..m are B's points, m..m+n are A's diagonal slots.
    let cost = |i: usize, j: usize| -> f64 {
        match (i < n, j < m) {
            (true, true) => g.pair(a[i], b[j]),
            (true, false) => ha[i],
            (false, true) => hb[j],
            (false, false) => 0.0,
        }
    };
    let max_cost = ha
        .iter()
        .chain(hb.iter())
        .fold(0.0f64, |acc, &c| acc.max(c));
    if max_cost == 0.0 {
        return 0.0;
    }
    let mut price = vec![0.0f64; total];
    let mut owner = vec![NONE; total];
    let mut assigned = vec![NONE; total];
    let mut eps = max_cost / 4.0;
    let floor = max_cost * 1e-15;
    let mut queue: Vec<usize> = Vec::with_capacity(total);
    loop {
        owner.iter_mut().for_each(|o| *o = NONE);
        assigned.iter_mut().for_each(|x| *x = NONE);
        queue.clear();
        queue.extend((0..total).rev());
        while let Some(i) = queue.pop() {
            // Best and second-best net value -cost - price over all objects.
            let (mut best, mut second, mut best_j) = (f64::NEG_INFINITY, f64::NEG_INFINITY, 0);
            for (j, &pj) in price.iter().enumerate() {
                let v = -cost(i, j) - pj;
                if v > best {
                    second = best;
                    best = v;
                    best_j = j;
                } else if v > second {
                    second = v;
                }
            }
            let increment = if second.is_finite() {
                best - second
            } else {
                0.0
            };
            price[best_j] += increment + eps;
            let previous = owner[best_j];
            if previous != NONE {
                assigned[previous] = NONE;
                queue.push(previous);
            }
            owner[best_j] = i;
            assigned[i] = best_j;
        }
        let c: f64 = (0..total).map(|i| cost(i, assigned[i])).sum();
        let slack = total as f64 * eps;
        if slack <= relative_error * (c - slack) || eps <= floor {
            return c;
        }
        eps /= 5.0;
    }
}
