//! Results do not depend on how classes are scheduled: above 50,000 rows the classes run on
//! threads (with `std`), below they run one after the other. Running each class alone (serial)
//! must give exactly what the threaded run gives for that class.

use rand_core::RngCore;
use reduce_core::{
    Budget, Clc, Dom, DomAllocation, LabelledPoints, Mms, Reduced, Reducer, SeededRng, uniform_unit,
};

/// A generator whose first draw is a given value: a class run alone then gets the same
/// per-class seed it gets in the full run (seeds are drawn in label order).
struct FirstDraw(Vec<u64>);

impl RngCore for FirstDraw {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0.pop().unwrap_or(0)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        rand_core::impls::fill_bytes_via_next(self, dest)
    }
}

const CLASSES: usize = 3;
const ROWS: usize = 51_000; // just above the 50,000-row threshold for threads
const DIM: usize = 3;

fn data() -> (Vec<f32>, Vec<u32>) {
    let mut rng = SeededRng::new(77);
    let x: Vec<f32> = (0..ROWS * DIM)
        .map(|_| (uniform_unit(&mut rng) * 10.0) as f32)
        .collect();
    let y: Vec<u32> = (0..ROWS).map(|i| (i % CLASSES) as u32).collect();
    (x, y)
}

/// The rows of one class as their own data set, with their original indices.
fn class_subset(x: &[f32], y: &[u32], label: u32) -> (Vec<f32>, Vec<u32>, Vec<usize>) {
    let rows: Vec<usize> = (0..y.len()).filter(|&i| y[i] == label).collect();
    let mut sx = Vec::with_capacity(rows.len() * DIM);
    for &r in &rows {
        sx.extend_from_slice(&x[r * DIM..(r + 1) * DIM]);
    }
    (sx, vec![label; rows.len()], rows)
}

fn indices(r: Reduced) -> Vec<usize> {
    match r {
        Reduced::Selection(s) => s.indices,
        Reduced::Synthesized(_) => panic!("expected a selection"),
    }
}

#[test]
fn threaded_selections_equal_per_class_serial_runs() {
    let (x, y) = data();
    let full = LabelledPoints::new(&x, DIM, &y).unwrap();
    let methods: [Box<dyn Reducer>; 2] = [
        Box::new(Mms::default()),
        Box::new(Dom {
            allocation: DomAllocation::PerClass,
            ..Dom::default()
        }),
    ];
    for m in &methods {
        let all = indices(
            m.reduce(full, Budget::Ratio(0.05), &mut SeededRng::new(1))
                .unwrap(),
        );
        let mut stitched = Vec::new();
        for label in 0..CLASSES as u32 {
            let (sx, sy, rows) = class_subset(&x, &y, label);
            let part = LabelledPoints::new(&sx, DIM, &sy).unwrap();
            let got = indices(
                m.reduce(part, Budget::Ratio(0.05), &mut SeededRng::new(1))
                    .unwrap(),
            );
            stitched.extend(got.into_iter().map(|i| rows[i]));
        }
        stitched.sort_unstable();
        assert_eq!(all, stitched, "{}", m.name());
    }
}

#[test]
fn threaded_centroids_equal_per_class_serial_runs() {
    let (x, y) = data();
    let full = LabelledPoints::new(&x, DIM, &y).unwrap();
    let clc = Clc::default();
    let all = clc
        .synthesize(full, Budget::Ratio(0.02), &mut SeededRng::new(4))
        .unwrap();
    let mut seeds = SeededRng::new(4);
    let class_seeds: Vec<u64> = (0..CLASSES).map(|_| seeds.next_u64()).collect();
    let mut stitched = Vec::new();
    for label in 0..CLASSES as u32 {
        let (sx, sy, _) = class_subset(&x, &y, label);
        let part = LabelledPoints::new(&sx, DIM, &sy).unwrap();
        let mut rng = FirstDraw(vec![class_seeds[label as usize]]);
        let got = clc.synthesize(part, Budget::Ratio(0.02), &mut rng).unwrap();
        stitched.extend(got.points);
    }
    assert_eq!(all.points, stitched);
}
