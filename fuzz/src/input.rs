//! Decoding libFuzzer's bytes into the inputs of the targets.
//!
//! # Byte format (mirrored by `make_seeds.py`; change both together)
//! All multi-byte numbers are little-endian; a read past the end yields zero bytes.
//! - `u8`, `u16`, `u32`, `u64`: 1, 2, 4, 8 bytes.
//! - `f32` / `f64`: the raw IEEE bits as `u32` / `u64` (so NaN, infinities, subnormals and huge
//!   values all occur).
//! - `below(n)`: a `u8` modulo `n` when `n <= 256`, else a `u16` modulo `n`; `0` when `n == 0`.
//! - a value in mode `m` (see [`ValueMode`]): mode 0 an `f32`; mode 1 an `i8` as `f32` (a small
//!   integer grid: duplicates and ties); mode 2 an `i16` divided by 256.
//! - a cloud: `rows = below(max_rows + 1)`, `dim = below(max_dim + 1)`, `mode = below(3)`, then
//!   `rows * dim` values in that mode, row-major.
//! - labels for `n` rows: `kind = below(2)`; kind 0: `classes = 1 + below(8)` then `n` times
//!   `below(classes)`; kind 1: `n` raw `u32` (huge label values).
//! - a diagram: `len = below(max + 1)`, `mode = below(3)`, then per pair: mode 0 two raw `f64`;
//!   mode 1 an `i8` birth / 4 and a `u8` length / 4, length 255 meaning `+inf`; mode 2 two raw
//!   `f32` widened to `f64`.

use arbitrary::Unstructured;

/// How a target reads numbers from the fuzzer's bytes.
pub struct Input<'a> {
    u: Unstructured<'a>,
}

/// The encodings of a feature value, chosen per cloud by the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueMode {
    /// Raw `f32` bits: anything, including NaN, infinities and values whose squares overflow.
    Raw,
    /// Small integers: many duplicate points and tied distances.
    Grid,
    /// Fixed point in about `[-128, 128)`: well-behaved, distinct values.
    Fixed,
}

/// A row-major point cloud as a target generates it (not validated: it may be empty, have
/// `dim == 0` or hold non-finite values).
#[derive(Debug, Clone, PartialEq)]
pub struct Cloud {
    /// `rows * dim` values.
    pub data: Vec<f32>,
    /// Row width (may be zero).
    pub dim: usize,
    /// Number of rows.
    pub rows: usize,
}

impl Cloud {
    /// `true` when every value is finite.
    pub fn all_finite(&self) -> bool {
        self.data.iter().all(|v| v.is_finite())
    }

    /// Row `i` (caller keeps `i < rows`, `dim > 0`).
    pub fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.dim..(i + 1) * self.dim]
    }
}

impl<'a> Input<'a> {
    /// Reads from `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Self {
            u: Unstructured::new(data),
        }
    }

    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut buf = [0u8; N];
        // Pads with zeros when the data runs out; never fails.
        let _ = self.u.fill_buffer(&mut buf);
        buf
    }

    /// One byte.
    pub fn u8(&mut self) -> u8 {
        self.bytes::<1>()[0]
    }

    /// Two bytes, little-endian.
    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.bytes())
    }

    /// Four bytes, little-endian.
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.bytes())
    }

    /// Eight bytes, little-endian.
    pub fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.bytes())
    }

    /// Raw `f32` bits.
    pub fn f32(&mut self) -> f32 {
        f32::from_bits(self.u32())
    }

    /// Raw `f64` bits.
    pub fn f64(&mut self) -> f64 {
        f64::from_bits(self.u64())
    }

    /// The low bit of a byte.
    pub fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    /// A number in `0..n` (`0` when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        match n {
            0 => 0,
            1..=256 => usize::from(self.u8()) % n,
            _ => usize::from(self.u16()) % n,
        }
    }

    /// `true` when no bytes are left.
    pub fn is_empty(&self) -> bool {
        self.u.is_empty()
    }

    /// All remaining bytes.
    pub fn rest(&mut self) -> &'a [u8] {
        let n = self.u.len();
        self.u.bytes(n).unwrap_or(&[])
    }

    /// A value mode.
    pub fn value_mode(&mut self) -> ValueMode {
        match self.below(3) {
            0 => ValueMode::Raw,
            1 => ValueMode::Grid,
            _ => ValueMode::Fixed,
        }
    }

    /// One value in `mode`.
    pub fn value(&mut self, mode: ValueMode) -> f32 {
        match mode {
            ValueMode::Raw => self.f32(),
            ValueMode::Grid => f32::from(self.u8() as i8),
            ValueMode::Fixed => f32::from(self.u16() as i16) / 256.0,
        }
    }

    /// A point cloud of at most `max_rows` rows of width at most `max_dim` (both may be zero).
    pub fn cloud(&mut self, max_rows: usize, max_dim: usize) -> Cloud {
        let rows = self.below(max_rows + 1);
        let dim = self.below(max_dim + 1);
        let mode = self.value_mode();
        let data = (0..rows * dim).map(|_| self.value(mode)).collect();
        Cloud { data, dim, rows }
    }

    /// `n` labels: a few small classes, or raw `u32` values.
    pub fn labels(&mut self, n: usize) -> Vec<u32> {
        if self.below(2) == 0 {
            let classes = 1 + self.below(8);
            (0..n).map(|_| self.below(classes) as u32).collect()
        } else {
            (0..n).map(|_| self.u32()).collect()
        }
    }

    /// Up to `max` `(birth, death)` pairs, not validated (NaN, `-inf`, `death < birth` occur).
    pub fn pairs(&mut self, max: usize) -> Vec<(f64, f64)> {
        let len = self.below(max + 1);
        let mode = self.below(3);
        (0..len)
            .map(|_| match mode {
                0 => (self.f64(), self.f64()),
                1 => {
                    let birth = f64::from(self.u8() as i8) / 4.0;
                    let len = self.u8();
                    let death = if len == 255 {
                        f64::INFINITY
                    } else {
                        birth + f64::from(len) / 4.0
                    };
                    (birth, death)
                }
                _ => (f64::from(self.f32()), f64::from(self.f32())),
            })
            .collect()
    }
}
