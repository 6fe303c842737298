//! The one fast hasher of the crate's hash maps.
//!
//! The maps it serves hold names and nodes of one plan (identifier scopes, the type space, spec
//! texts of a generated module, the validator's field and event indexes): the keys in a table are
//! the plan's, so no input can make a table slow (a lookup with a crafted key probes at most the
//! table), and these lookups are hot where SipHash would cost more than the work around them. It is
//! a multiply-rotate hasher, as rustc's `FxHasher`, eight bytes at a time.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hasher (see the module docs).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A [`HashMap`] with the [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A [`HashSet`] with the [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_addresses_spread() {
        let names: FastSet<String> = (0..10_000).map(|i| format!("item_{i}_created")).collect();
        assert_eq!(names.len(), 10_000);
        assert!(names.contains("item_42_created"));
        let mut buckets = [0usize; 64];
        for i in 0..64_000usize {
            let mut h = FastHasher::default();
            h.write_usize(0x7f00_0000_0000 + i * 48);
            buckets[(h.finish() >> 58) as usize] += 1;
        }
        assert!(buckets.iter().all(|&n| n > 500), "{buckets:?}");
    }
}
