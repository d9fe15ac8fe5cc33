//! # predict-core
//!
//! Predicts validation accuracy and energy of future training epochs under each intervention
//! (continue, freeze layers, quantize, stop early), and plans the training path with the best
//! accuracy/energy trade-off, online, inside a training loop.
//!
//! `#![no_std]` with `alloc`; the per-epoch advisor step needs no allocator.
#![no_std]
#![deny(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod error;

pub use error::{Error, Result};
