//! The one seeded generator of topo-core's tests, SplitMix64 (Steele, Lea and Flood, 2014):
//! tiny, no dependency, the same stream on every platform. Integration tests declare
//! `mod split_mix;`; the crate's unit tests include this same file (see `lib.rs`).
#![allow(dead_code)]

/// SplitMix64 with its state in the open (the seed).
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
}
