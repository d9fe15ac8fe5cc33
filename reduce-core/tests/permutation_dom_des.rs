//! Row permutations and the deterministic methods the other property files leave out: DOM
//! (fixed or searched epsilon, both fidelities) and DES with caller-given base rows.
//!
//! DOM's greedy net walks each class's rows in index order, so its answer depends on that order
//! and on nothing else: (1) for any permutation of the rows, DOM with a fixed epsilon equals an
//! independent greedy net (written here) that visits the original rows in the permuted order;
//! (2) a permutation that keeps each class's rows in their relative order (it only interleaves
//! the classes differently) permutes the selection exactly, and leaves the epsilon each class
//! reached unchanged, for fixed and searched epsilons. DES (reference mode, given base rows)
//! scores each row on its own, so (3) any permutation, with the base mapped along, permutes the
//! selection whenever no two candidate rows tie in entropy (ties go to the lower index).

use proptest::prelude::*;
use reduce_core::{
    Budget, Des, Dom, DomAllocation, DomMetric, DomReport, Fidelity, LabelledPoints, SeededRng,
};

/// Rows on an integer grid (duplicates and equal distances occur), 1 to 3 features or 13 (above
/// the k-d tree's limit of 12, so the blocked scan runs), up to 150 rows (classes above 64 rows
/// use the k-d tree), 1 to 3 classes, and a permutation of the rows.
fn grid_case() -> impl Strategy<Value = (Vec<f32>, usize, Vec<u32>, Vec<usize>)> {
    (prop::sample::select(vec![1_usize, 2, 3, 13]), 1_usize..150).prop_flat_map(|(dim, n)| {
        (
            prop::collection::vec(0_i8..6, n * dim)
                .prop_map(|v| v.into_iter().map(f32::from).collect::<Vec<f32>>()),
            Just(dim),
            prop::collection::vec(0_u32..3, n),
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
        )
    })
}

/// New row `j` is old row `perm[j]`.
fn permute(x: &[f32], dim: usize, y: &[u32], perm: &[usize]) -> (Vec<f32>, Vec<u32>) {
    let mut px = Vec::with_capacity(x.len());
    for &old in perm {
        px.extend_from_slice(&x[old * dim..(old + 1) * dim]);
    }
    (px, perm.iter().map(|&old| y[old]).collect())
}

/// A permutation that interleaves the classes as `shuffle` says but keeps each class's rows in
/// ascending order: position `j` takes the next unused row of the class of `shuffle[j]`.
fn class_order_preserving(y: &[u32], shuffle: &[usize]) -> Vec<usize> {
    let mut next: std::collections::BTreeMap<u32, std::collections::VecDeque<usize>> =
        Default::default();
    for (i, &l) in y.iter().enumerate() {
        next.entry(l).or_default().push_back(i);
    }
    shuffle
        .iter()
        .map(|&s| next.get_mut(&y[s]).and_then(|q| q.pop_front()).unwrap())
        .collect()
}

/// Old indices of a selection made on permuted rows, sorted.
fn back(selection: &[usize], perm: &[usize]) -> Vec<usize> {
    let mut v: Vec<usize> = selection.iter().map(|&j| perm[j]).collect();
    v.sort_unstable();
    v
}

/// Greedy epsilon-net per class visiting the rows in `order`: a row not yet within `eps`
/// (strictly, Euclidean or Chebyshev) of a pick of its class becomes a pick. Returns the picks,
/// sorted.
fn greedy_net_oracle(
    x: &[f32],
    dim: usize,
    y: &[u32],
    order: &[usize],
    eps: f64,
    metric: DomMetric,
) -> Vec<usize> {
    let row = |i: usize| &x[i * dim..(i + 1) * dim];
    // Compared with eps², squared for Euclidean.
    let dist2 = |a: usize, b: usize| -> f64 {
        let gaps = row(a).iter().zip(row(b)).map(|(p, q)| f64::from(p - q));
        match metric {
            DomMetric::Euclidean => gaps.map(|g| g * g).sum(),
            _ => gaps.map(|g| g * g).fold(0.0, f64::max),
        }
    };
    let mut picks: Vec<usize> = Vec::new();
    for &i in order {
        let covered = picks
            .iter()
            .any(|&p| y[p] == y[i] && dist2(p, i) < eps * eps);
        if !covered {
            picks.push(i);
        }
    }
    picks.sort_unstable();
    picks
}

fn dom_report(dom: &Dom, x: &[f32], dim: usize, y: &[u32], ratio: f64) -> Option<DomReport> {
    let data = LabelledPoints::new(x, dim, y).unwrap();
    dom.select_with_report(data, Budget::Ratio(ratio), &mut SeededRng::new(0))
        .ok()
}

proptest! {
    #[test]
    fn dom_with_a_fixed_epsilon_is_the_greedy_net_in_row_order_under_any_permutation(
        (x, dim, y, perm) in grid_case(), k in 0_u32..4
    ) {
        // eps = k + 1/2: squared grid distances are integers, eps² is not, so no distance
        // lies on the boundary of a ball.
        // Chebyshev distances are integers too.
        let eps = f64::from(k) + 0.5;
        for metric in [DomMetric::Euclidean, DomMetric::Chebyshev] {
            let dom = Dom { epsilon: Some(eps), metric, ..Dom::default() };
            let (px, py) = permute(&x, dim, &y, &perm);
            let identity: Vec<usize> = (0..y.len()).collect();
            let direct = dom_report(&dom, &x, dim, &y, 1.0).unwrap().selection.indices;
            prop_assert_eq!(&direct, &greedy_net_oracle(&x, dim, &y, &identity, eps, metric));
            let permuted = dom_report(&dom, &px, dim, &py, 1.0).unwrap().selection.indices;
            prop_assert_eq!(
                back(&permuted, &perm),
                greedy_net_oracle(&x, dim, &y, &perm, eps, metric)
            );
        }
    }

    #[test]
    fn dom_commutes_with_permutations_that_keep_each_class_in_order(
        (x, dim, y, shuffle) in grid_case(), k in 0_u32..4, ratio in 0.05_f64..=1.0
    ) {
        let perm = class_order_preserving(&y, &shuffle);
        let (px, py) = permute(&x, dim, &y, &perm);
        let doms = [
            Dom { epsilon: Some(f64::from(k) + 0.5), ..Dom::default() },
            Dom::default(),
            Dom { metric: DomMetric::Euclidean, ..Dom::default() },
            Dom { polish_limit: 0, ..Dom::default() },
            Dom { allocation: DomAllocation::PerClass, initial_epsilon: 0.7, ..Dom::default() },
            Dom { fidelity: Fidelity::Reference, initial_epsilon: 9.0, ..Dom::default() },
        ];
        for dom in &doms {
            let a = dom_report(dom, &x, dim, &y, ratio);
            let b = dom_report(dom, &px, dim, &py, ratio);
            match (a, b) {
                (Some(a), Some(b)) => {
                    prop_assert_eq!(&a.selection.indices, &back(&b.selection.indices, &perm), "{:?}", dom);
                    prop_assert_eq!(&a.epsilons, &b.epsilons, "{:?}", dom);
                }
                (None, None) => {}
                (a, b) => prop_assert!(false, "{:?}: one order failed: {:?} / {:?}", dom, a, b),
            }
        }
    }

    #[test]
    fn des_with_given_base_rows_commutes_with_row_permutations(
        (n, dim) in (4_usize..60, 1_usize..4),
        seed in any::<u64>(),
        ratio in 0.2_f64..=1.0,
    ) {
        // Features on a 1/256 grid in [0, 4): exact in f32, and the centroids' sums are exact
        // in f64 whatever the order of the base rows, so every entropy is computed bit for bit
        // the same in both row orders.
        let mut rng = SeededRng::new(seed);
        let x: Vec<f32> = (0..n * dim)
            .map(|_| reduce_core::uniform_below(&mut rng, 1024) as f32 / 256.0)
            .collect();
        let y: Vec<u32> = (0..n).map(|_| reduce_core::uniform_below(&mut rng, 3) as u32).collect();
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            perm.swap(i, reduce_core::uniform_below(&mut rng, i + 1));
        }
        // One base row from each class present (the first in index order), as a caller would.
        let mut base: Vec<usize> = Vec::new();
        for l in 0..3 {
            if let Some(i) = y.iter().position(|&v| v == l) {
                base.push(i);
            }
        }
        prop_assume!(!entropies_tie(&x, dim, &y, &base));
        let mut inverse = vec![0; n];
        for (j, &old) in perm.iter().enumerate() {
            inverse[old] = j;
        }
        let des = |b: Vec<usize>| Des { base: Some(b), fidelity: Fidelity::Reference, ..Des::default() };
        let (px, py) = permute(&x, dim, &y, &perm);
        let budget = Budget::Ratio(ratio);
        let a = des(base.clone())
            .select(LabelledPoints::new(&x, dim, &y).unwrap(), budget, &mut SeededRng::new(1));
        let b = des(base.iter().map(|&i| inverse[i]).collect())
            .select(LabelledPoints::new(&px, dim, &py).unwrap(), budget, &mut SeededRng::new(2));
        match (a, b) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.indices, back(&b.indices, &perm)),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "one order failed: {:?} / {:?}", a, b),
        }
    }
}

/// Whether two rows outside the base have entropies within 1e-9 of each other (computed here
/// independently: softmax of the Euclidean distances to the base centroids, entropy in bits),
/// where DES's tie rule (lower index first) makes the selection depend on the row order.
fn entropies_tie(x: &[f32], dim: usize, y: &[u32], base: &[usize]) -> bool {
    let mut centroids: Vec<Vec<f64>> = Vec::new();
    for l in 0..3 {
        let members: Vec<usize> = base.iter().copied().filter(|&i| y[i] == l).collect();
        if members.is_empty() {
            continue;
        }
        let mut c = vec![0.0; dim];
        for &i in &members {
            for (s, v) in c.iter_mut().zip(&x[i * dim..(i + 1) * dim]) {
                *s += f64::from(*v);
            }
        }
        c.iter_mut().for_each(|s| *s /= members.len() as f64);
        centroids.push(c);
    }
    let entropy = |i: usize| -> f64 {
        let d: Vec<f64> = centroids
            .iter()
            .map(|c| {
                c.iter()
                    .zip(&x[i * dim..(i + 1) * dim])
                    .map(|(a, b)| (a - f64::from(*b)).powi(2))
                    .sum::<f64>()
                    .sqrt()
            })
            .collect();
        let m = d.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let z: f64 = d.iter().map(|v| (v - m).exp()).sum();
        d.iter()
            .map(|v| (v - m).exp() / z)
            .filter(|&p| p > 0.0)
            .map(|p| -p * p.log2())
            .sum()
    };
    let mut h: Vec<f64> = (0..y.len())
        .filter(|i| !base.contains(i))
        .map(entropy)
        .collect();
    h.sort_by(f64::total_cmp);
    h.windows(2).any(|w| w[1] - w[0] <= 1e-9)
}
