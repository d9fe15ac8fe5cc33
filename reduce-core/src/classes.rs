//! Rows grouped by class, and the loop that runs a method on every class.
//!
//! Classes are independent, so with the `std` feature they run on scoped threads (at most
//! `available_parallelism` at a time). Each class gets its own [`SeededRng`] whose seed is drawn
//! from the caller's generator in ascending label order before any work starts, so the result
//! depends only on the caller's generator and the data, never on thread scheduling.

use alloc::vec::Vec;
use rand_core::RngCore;

use crate::budget::ClassCounts;
use crate::error::Result;
use crate::seeded::SeededRng;

/// One class: its label, its row indices (ascending) and how many rows to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassRows {
    /// The class label.
    pub label: u32,
    /// Indices of the class's rows in the caller's data, ascending.
    pub rows: Vec<usize>,
    /// Rows the budget gives this class.
    pub keep: usize,
}

/// Groups row indices by label in ascending label order, in O(N log N), attaching the budgeted
/// count of each class from `counts` (0 when `counts` does not list the label).
pub fn group_rows(labels: &[u32], counts: &ClassCounts) -> Vec<ClassRows> {
    let mut order: Vec<usize> = (0..labels.len()).collect();
    // Stable sort by label keeps rows ascending inside a class.
    order.sort_by_key(|&i| labels.get(i).copied().unwrap_or(u32::MAX));
    let mut out: Vec<ClassRows> = Vec::new();
    for i in order {
        let Some(&l) = labels.get(i) else { continue };
        match out.last_mut() {
            Some(c) if c.label == l => c.rows.push(i),
            _ => out.push(ClassRows {
                label: l,
                rows: alloc::vec![i],
                keep: counts.keep(l),
            }),
        }
    }
    out
}

/// Runs `work` on every class (in parallel with `std`), each with its own seeded generator,
/// and returns the results in ascending label order. The first error (in label order) wins.
pub(crate) fn run_per_class<T, F>(
    classes: &[ClassRows],
    rng: &mut dyn RngCore,
    work: F,
) -> Result<Vec<T>>
where
    T: Send,
    F: Fn(&ClassRows, &mut SeededRng) -> Result<T> + Sync,
{
    let seeds: Vec<u64> = classes.iter().map(|_| rng.next_u64()).collect();
    if runs_serially(classes) {
        return run_serial(classes, &seeds, &work);
    }
    run_seeded(classes, &seeds, &work)
}

/// Below this many rows in all, classes run one after the other.
const PARALLEL_MIN_ROWS: usize = 50_000;

/// Threads one class's own work may split over: all of them when [`run_per_class`] runs the
/// classes one after the other (small inputs, where one large class can still be slow: CLC on
/// an imbalanced data set), one when the classes already share the threads.
pub(crate) fn threads_within_class(classes: &[ClassRows]) -> usize {
    if runs_serially(classes) {
        available_threads()
    } else {
        1
    }
}

/// Whether [`run_per_class`] runs the classes one after the other: threads cost more than
/// they save on small inputs.
fn runs_serially(classes: &[ClassRows]) -> bool {
    classes.iter().map(|c| c.rows.len()).sum::<usize>() < PARALLEL_MIN_ROWS
}

#[cfg(feature = "std")]
fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(not(feature = "std"))]
fn available_threads() -> usize {
    1
}

#[cfg(feature = "std")]
fn run_seeded<T, F>(classes: &[ClassRows], seeds: &[u64], work: &F) -> Result<Vec<T>>
where
    T: Send,
    F: Fn(&ClassRows, &mut SeededRng) -> Result<T> + Sync,
{
    use core::sync::atomic::{AtomicUsize, Ordering};
    let threads = available_threads().min(classes.len());
    if threads <= 1 {
        return run_serial(classes, seeds, work);
    }
    // Work stealing by a shared counter: big classes do not hold up small ones.
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<Result<T>>> = (0..classes.len()).map(|_| None).collect();
    let results: Vec<Vec<(usize, Result<T>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let (Some(c), Some(&seed)) = (classes.get(i), seeds.get(i)) else {
                            break;
                        };
                        let mut rng = SeededRng::new(seed);
                        done.push((i, work(c, &mut rng)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    for (i, r) in results.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(r);
        }
    }
    slots
        .into_iter()
        .map(|s| s.unwrap_or(Err(crate::error::Error::InvalidParameter("class skipped"))))
        .collect()
}

#[cfg(not(feature = "std"))]
fn run_seeded<T, F>(classes: &[ClassRows], seeds: &[u64], work: &F) -> Result<Vec<T>>
where
    F: Fn(&ClassRows, &mut SeededRng) -> Result<T>,
{
    run_serial(classes, seeds, work)
}

fn run_serial<T, F>(classes: &[ClassRows], seeds: &[u64], work: &F) -> Result<Vec<T>>
where
    F: Fn(&ClassRows, &mut SeededRng) -> Result<T>,
{
    classes
        .iter()
        .zip(seeds)
        .map(|(c, &seed)| work(c, &mut SeededRng::new(seed)))
        .collect()
}

/// Merges per-class index lists into one sorted, duplicate-free list.
pub(crate) fn merge_sorted(parts: Vec<Vec<usize>>) -> Vec<usize> {
    let mut all: Vec<usize> = parts.into_iter().flatten().collect();
    all.sort_unstable();
    all.dedup();
    all
}
