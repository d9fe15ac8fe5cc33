//! An open-addressing hash map from simplex index to column number: the "pivot column index" of
//! the reduction. `no_std` has no `HashMap`, and a flat linear-probing table with a multiplicative
//! hash is also faster than a general-purpose map for these dense `u64` keys.

use alloc::vec;
use alloc::vec::Vec;

/// Marks an empty slot; simplex indices are below `C(n, k) <= u64::MAX`, so never equal to it.
const EMPTY: u64 = u64::MAX;

#[derive(Debug, Clone)]
pub(crate) struct PivotMap {
    keys: Vec<u64>,
    values: Vec<u32>,
    len: usize,
    shift: u32,
}

impl PivotMap {
    /// A map that holds `expected` entries without growing.
    pub(crate) fn with_capacity(expected: usize) -> Self {
        let slots = (expected.max(8) * 2).next_power_of_two();
        Self {
            keys: vec![EMPTY; slots],
            values: vec![0; slots],
            len: 0,
            shift: 64 - slots.trailing_zeros(),
        }
    }

    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The value stored under `key`.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<u32> {
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(self.values[i]);
            }
            if k == EMPTY {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// `true` when `key` is present.
    #[inline]
    pub(crate) fn contains(&self, key: u64) -> bool {
        self.get(key).is_some()
    }

    /// Inserts or overwrites.
    pub(crate) fn insert(&mut self, key: u64, value: u32) {
        if (self.len + 1) * 2 > self.keys.len() {
            self.grow();
        }
        let mask = self.keys.len() - 1;
        let mut i = self.slot(key);
        loop {
            let k = self.keys[i];
            if k == key {
                self.values[i] = value;
                return;
            }
            if k == EMPTY {
                self.keys[i] = key;
                self.values[i] = value;
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let mut bigger = Self::with_capacity(self.keys.len());
        for (&k, &v) in self.keys.iter().zip(&self.values) {
            if k != EMPTY {
                bigger.insert(k, v);
            }
        }
        *self = bigger;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_get_grow() {
        let mut m = PivotMap::with_capacity(2);
        for k in 0..1000_u64 {
            m.insert(k * 7919, k as u32);
        }
        for k in 0..1000_u64 {
            assert_eq!(m.get(k * 7919), Some(k as u32));
        }
        assert!(!m.contains(1));
        m.insert(0, 42);
        assert_eq!(m.get(0), Some(42));
    }
}
