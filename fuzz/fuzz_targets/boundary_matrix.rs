//! The explicit boundary-matrix reducer of `topo_core` on arbitrary columns: random filtered
//! simplicial complexes (valid by construction) and raw columns (mostly invalid).
//!
//! Asserts: `BoundaryMatrix::new` accepts exactly the matrices its documentation describes;
//! the standard and twist reductions give the same pairs and essential classes; every pair
//! joins a `d`-simplex born earlier to a `(d + 1)`-simplex, and every simplex is exactly one
//! of: a birth, a death, an essential class.
#![no_main]

use std::collections::BTreeSet;

use frugal_fuzz::Input;
use libfuzzer_sys::fuzz_target;
use topo_core::{BoundaryMatrix, ReductionAlgorithm};

/// A filtered complex on up to 7 vertices: simplices are added in input order, each preceded by
/// any of its faces not yet present, so every face comes before its cofaces.
fn complex(input: &mut Input<'_>) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut index: std::collections::BTreeMap<Vec<u8>, usize> = Default::default();
    let mut columns = Vec::new();
    let mut dims = Vec::new();
    fn add(
        s: Vec<u8>,
        index: &mut std::collections::BTreeMap<Vec<u8>, usize>,
        columns: &mut Vec<Vec<usize>>,
        dims: &mut Vec<usize>,
    ) -> usize {
        if let Some(&i) = index.get(&s) {
            return i;
        }
        let mut col = Vec::new();
        if s.len() > 1 {
            for skip in 0..s.len() {
                let face: Vec<u8> = s
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != skip)
                    .map(|(_, &v)| v)
                    .collect();
                col.push(add(face, index, columns, dims));
            }
        }
        col.sort_unstable();
        let i = columns.len();
        columns.push(col);
        dims.push(s.len() - 1);
        index.insert(s, i);
        i
    }
    let count = input.below(24);
    for _ in 0..count {
        let bits = input.u8() & 0x7f;
        let s: Vec<u8> = (0..7).filter(|b| bits >> b & 1 == 1).collect();
        if !s.is_empty() && s.len() <= 4 {
            add(s, &mut index, &mut columns, &mut dims);
        }
    }
    (columns, dims)
}

/// Arbitrary columns: any sizes, any row numbers, any dimensions (huge ones included).
fn raw(input: &mut Input<'_>) -> (Vec<Vec<usize>>, Vec<usize>) {
    let m = input.below(24);
    let columns = (0..m)
        .map(|_| (0..input.below(5)).map(|_| input.below(m + 2)).collect())
        .collect();
    let n_dims = if input.bool() { m } else { input.below(24) };
    let dims = (0..n_dims)
        .map(|_| {
            if input.below(8) == 0 {
                input.u64() as usize
            } else {
                input.below(4)
            }
        })
        .collect();
    (columns, dims)
}

/// The documented rules, checked independently.
fn valid(columns: &[Vec<usize>], dims: &[usize]) -> bool {
    columns.len() == dims.len()
        && columns.iter().zip(dims).enumerate().all(|(j, (col, &d))| {
            let facets = if d == 0 { Some(0) } else { d.checked_add(1) };
            Some(col.len()) == facets
                && col.windows(2).all(|w| w[0] < w[1])
                && col
                    .iter()
                    .all(|&i| i < j && dims[i].checked_add(1) == Some(d))
        })
}

fuzz_target!(|bytes: &[u8]| {
    let mut input = Input::new(bytes);
    let (columns, dims) = if input.bool() {
        raw(&mut input)
    } else {
        complex(&mut input)
    };
    let expect = valid(&columns, &dims);
    let m = BoundaryMatrix::new(columns.clone(), dims.clone());
    assert_eq!(
        m.is_ok(),
        expect,
        "BoundaryMatrix::new on {columns:?} / {dims:?}: {m:?}"
    );
    let Ok(m) = m else { return };
    assert_eq!(m.len(), columns.len());

    let standard = m.reduce(ReductionAlgorithm::Standard);
    let twist = m.reduce(ReductionAlgorithm::Twist);
    let set = |p: &topo_core::PersistencePairs| p.pairs.iter().copied().collect::<BTreeSet<_>>();
    assert_eq!(
        set(&standard),
        set(&twist),
        "standard and twist pairs differ"
    );
    assert_eq!(
        standard.essential, twist.essential,
        "standard and twist essential differ"
    );
    assert_eq!(
        set(&standard).len(),
        standard.pairs.len(),
        "a pair reported twice"
    );

    let mut role = vec![0u8; columns.len()];
    for &(b, d) in &standard.pairs {
        assert!(b < d, "pair ({b}, {d}) dies before it is born");
        assert_eq!(
            dims[b] + 1,
            dims[d],
            "pair ({b}, {d}) joins dimensions {} and {}",
            dims[b],
            dims[d]
        );
        role[b] += 1;
        role[d] += 1;
    }
    for w in standard.essential.windows(2) {
        assert!(w[0] < w[1], "essential not ascending");
    }
    for &e in &standard.essential {
        role[e] += 1;
    }
    assert!(
        role.iter().all(|&r| r == 1),
        "a simplex is not exactly one of birth/death/essential"
    );
});
