//! The per-epoch advisor step allocates nothing: a counting global allocator (this test binary
//! only) sees zero allocations across `observe` calls. Also prints the state sizes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use predict_core::{Advisor, Objective, PlannerConfig, Predictor, RunState};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator and only counts calls.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Feeds `epochs` epochs; returns (allocations, epochs where the planner ran).
fn run_epochs(advisor: &mut Advisor, epochs: u32) -> (usize, usize) {
    let mut planned = 0;
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for e in 1..=epochs {
        let acc = 0.9 - 0.6 * (-(f64::from(e)) / 6.0).exp() + 0.01 * (f64::from(e) * 1.3).sin();
        let energy = 2.0 + 0.1 * (f64::from(e) * 0.7).cos();
        let _ = advisor.observe(e, acc, energy);
        planned += usize::from(advisor.last_plan().is_some());
    }
    (ALLOCATIONS.load(Ordering::SeqCst) - before, planned)
}

#[test]
fn advisor_step_allocates_nothing() {
    println!(
        "state sizes: Advisor {} bytes, RunState {} bytes, Predictor {} bytes",
        core::mem::size_of::<Advisor>(),
        core::mem::size_of::<RunState>(),
        core::mem::size_of::<Predictor>()
    );
    let mut stop_only = Advisor::continue_or_stop(60).unwrap();
    let (allocs, planned) = run_epochs(&mut stop_only, 60);
    assert_eq!(allocs, 0);
    assert!(planned > 40, "planner ran {planned} times");

    // With freeze/quantize paths enumerated and an energy-weighted objective.
    let cfg = PlannerConfig {
        objective: Objective::Weighted {
            accuracy_weight: 1.0,
            energy_weight: 0.001,
        },
        horizon: 20,
        max_epoch: Some(60),
        allow_freeze: true,
        allow_quantize: true,
    };
    let mut full = Advisor::new(Predictor::prior(), cfg).unwrap();
    let (allocs, planned) = run_epochs(&mut full, 60);
    assert_eq!(allocs, 0);
    assert!(planned > 40, "planner ran {planned} times");

    // Sanity check that the counter counts: a Vec allocates.
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let v: Vec<u64> = Vec::with_capacity(8);
    assert!(ALLOCATIONS.load(Ordering::SeqCst) > before);
    drop(v);
}
