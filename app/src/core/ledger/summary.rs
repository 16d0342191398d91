//! A year of a ledger, summarised so that any count takes microseconds whatever the number of
//! transfers: what a store keeps up to date at import and hands to the counting.
//!
//! A *stream* is one (export, sensitive) pair of the ledger, numbered 0..64, so a set of streams
//! is a 64-bit mask. A *layer* is a kind of transfer: the counted ones (no basis, or the
//! small-volume Art. 5(1)(iv)), all of them, and the ones under each excluding basis.
//!
//! For each layer, each person moves through the year in *states* `(first, seen)`: `seen` is the
//! set of streams they have appeared in so far, `first` the streams of their first day. A person
//! changes state only on the first day they appear in a new stream, so the layer is stored as
//! the number of persons entering and leaving each state per day. Summing those changes up to
//! `as_of` gives how many persons are in each state on that day (a few thousand states at most),
//! and from that, the exact number of distinct persons in any set of streams is the sum over the
//! states whose `seen` meets the set.

use ftzroute_plugin_api::CbdfBasis;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast hasher for the import's maps (FxHash, as rustc uses): keys are the user's own data or
/// keyed hashes, so resistance to crafted collisions (SipHash, the default) buys nothing here
/// and costs a tenth of an import.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.write_u64(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        for byte in chunks.remainder() {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u32(&mut self, word: u32) {
        self.write_u64(u64::from(word));
    }

    fn write_u16(&mut self, word: u16) {
        self.write_u64(u64::from(word));
    }

    fn write_u8(&mut self, word: u8) {
        self.write_u64(u64::from(word));
    }

    fn write_usize(&mut self, word: usize) {
        self.write_u64(word as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits depending on the low input bits only, and the table
        // indexes buckets by the low bits: fold the high bits down (the fmix64 of MurmurHash3),
        // or identifiers differing only late (P00012345, P00012346) would all collide.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

/// A `HashMap` with [`FxHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A set of streams.
pub type Mask = u64;

/// The most (export, sensitive) streams one ledger can hold.
pub const MAX_STREAMS: usize = 64;

/// Layers: counted transfers, all transfers, then one per excluding basis in article order.
pub const LAYER_COUNTED: usize = 0;
pub const LAYER_ANY: usize = 1;
pub const LAYERS: usize = 2 + CbdfBasis::EXCLUDED.len();

/// The layer of the transfers excluded under `basis` (`None` for the counted small-volume basis).
pub fn excluded_layer(basis: CbdfBasis) -> Option<usize> {
    CbdfBasis::EXCLUDED
        .iter()
        .position(|b| *b == basis)
        .map(|index| 2 + index)
}

/// The layer a transfer with this basis counts in besides [`LAYER_ANY`].
pub fn layer_of(basis: Option<CbdfBasis>) -> usize {
    basis.and_then(excluded_layer).unwrap_or(LAYER_COUNTED)
}

/// A person's state: streams of their first day, streams seen so far.
pub type State = (Mask, Mask);

/// One layer of a year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LayerSummary {
    pub states: Vec<State>,
    /// (day of the year from 1, state index, persons entering (+) or leaving (-)), by day.
    pub deltas: Vec<(u16, u32, i32)>,
}

/// How many transfers of a stream, under a basis (`None`: no basis), on a day of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferDay {
    pub stream: u8,
    pub basis: Option<CbdfBasis>,
    pub day: u16,
    pub transfers: u64,
}

/// One calendar year of a ledger, or several as one span (a counting window that starts in an
/// earlier year).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearSummary {
    /// The first year: days count from its 1 January (past 366 in a span).
    pub year: i32,
    /// Indexed by layer.
    pub layers: Vec<LayerSummary>,
    pub transfers: Vec<TransferDay>,
}

impl LayerSummary {
    /// Persons in each state at the end of `day` (days from 1; 0 gives nobody).
    pub fn at(&self, day: u16) -> Vec<i64> {
        let mut persons = vec![0i64; self.states.len()];
        for &(on, state, delta) in &self.deltas {
            if on > day {
                break;
            }
            persons[state as usize] += i64::from(delta);
        }
        persons
    }

    /// Bytes to keep: a version tag, the states, the changes (little-endian).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12 + self.states.len() * 16 + self.deltas.len() * 10);
        out.extend_from_slice(b"FTZL");
        out.extend_from_slice(&(self.states.len() as u32).to_le_bytes());
        for (first, seen) in &self.states {
            out.extend_from_slice(&first.to_le_bytes());
            out.extend_from_slice(&seen.to_le_bytes());
        }
        out.extend_from_slice(&(self.deltas.len() as u32).to_le_bytes());
        for (day, state, delta) in &self.deltas {
            out.extend_from_slice(&day.to_le_bytes());
            out.extend_from_slice(&state.to_le_bytes());
            out.extend_from_slice(&delta.to_le_bytes());
        }
        out
    }

    /// The layer [`encode`](Self::encode) wrote; `None` for anything else.
    pub fn decode(bytes: &[u8]) -> Option<LayerSummary> {
        let mut rest = bytes.strip_prefix(b"FTZL")?;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = rest.split_at_checked(n)?;
            rest = tail;
            Some(head)
        };
        let u32_of = |b: &[u8]| u32::from_le_bytes(b.try_into().expect("4 bytes"));
        let u64_of = |b: &[u8]| u64::from_le_bytes(b.try_into().expect("8 bytes"));
        let states_len = u32_of(take(4)?) as usize;
        let mut states = Vec::with_capacity(states_len.min(1 << 20));
        for _ in 0..states_len {
            states.push((u64_of(take(8)?), u64_of(take(8)?)));
        }
        let deltas_len = u32_of(take(4)?) as usize;
        let mut deltas = Vec::with_capacity(deltas_len.min(1 << 24));
        for _ in 0..deltas_len {
            let day = u16::from_le_bytes(take(2)?.try_into().ok()?);
            let state = u32_of(take(4)?);
            let delta = i32::from_le_bytes(take(4)?.try_into().ok()?);
            if state as usize >= states_len
                || deltas.last().is_some_and(|l: &(u16, u32, i32)| l.0 > day)
            {
                return None;
            }
            deltas.push((day, state, delta));
        }
        take(0)?;
        rest.is_empty().then_some(LayerSummary { states, deltas })
    }
}

/// Builds one layer from each person's first day in each stream.
#[derive(Default)]
pub struct LayerBuilder {
    index: FastMap<State, u32>,
    states: Vec<State>,
    /// Per day of the year, the change per state index.
    deltas: Vec<Vec<i64>>,
}

impl LayerBuilder {
    fn state(&mut self, state: State) -> u32 {
        let next = self.states.len() as u32;
        *self.index.entry(state).or_insert_with(|| {
            self.states.push(state);
            next
        })
    }

    fn change(&mut self, day: u16, state: State, delta: i64) {
        let state = self.state(state) as usize;
        let day = usize::from(day);
        if self.deltas.len() <= day {
            self.deltas.resize_with(day + 1, Vec::new);
        }
        let changes = &mut self.deltas[day];
        if changes.len() <= state {
            changes.resize(state + 1, 0);
        }
        changes[state] += delta;
    }

    /// One person: their first day (of the year, from 1) in each stream they appear in, in any
    /// order, each stream once.
    pub fn add_person(&mut self, firsts: &mut [(u8, u16)]) {
        if firsts.is_empty() {
            return;
        }
        firsts.sort_unstable_by_key(|&(stream, day)| (day, stream));
        let first_day = firsts[0].1;
        let first: Mask = firsts
            .iter()
            .take_while(|(_, day)| *day == first_day)
            .fold(0, |mask, (stream, _)| mask | 1 << stream);
        let mut seen = first;
        self.change(first_day, (first, seen), 1);
        let mut at = firsts.iter().position(|(_, day)| *day != first_day);
        while let Some(start) = at {
            let day = firsts[start].1;
            let before = seen;
            for (stream, _) in firsts[start..].iter().take_while(|(_, d)| *d == day) {
                seen |= 1 << stream;
            }
            self.change(day, (first, before), -1);
            self.change(day, (first, seen), 1);
            at = firsts[start..]
                .iter()
                .position(|(_, d)| *d != day)
                .map(|offset| start + offset);
        }
    }

    pub fn finish(self) -> LayerSummary {
        let mut deltas: Vec<(u16, u32, i32)> = Vec::new();
        for (day, changes) in self.deltas.into_iter().enumerate() {
            for (state, delta) in changes.into_iter().enumerate() {
                if delta != 0 {
                    deltas.push((
                        day as u16,
                        state as u32,
                        i32::try_from(delta).expect("fewer than 2^31 persons a day"),
                    ));
                }
            }
        }
        LayerSummary {
            states: self.states,
            deltas,
        }
    }
}

/// Adds one person's first days (by layer) to the builders, and to the all-transfers layer each
/// stream's earliest day over the layers; empties `by_layer` for the next person.
fn finish_person(by_layer: &mut [Vec<(u8, u16)>], builders: &mut [LayerBuilder]) {
    let mut any: Vec<(u8, u16)> = Vec::new();
    for (layer, firsts) in by_layer.iter_mut().enumerate() {
        if layer == LAYER_ANY || firsts.is_empty() {
            continue;
        }
        for &(stream, day) in firsts.iter() {
            match any.iter_mut().find(|(s, _)| *s == stream) {
                Some(entry) => entry.1 = entry.1.min(day),
                None => any.push((stream, day)),
            }
        }
        builders[layer].add_person(firsts);
        firsts.clear();
    }
    builders[LAYER_ANY].add_person(&mut any);
}

/// Every layer of a year from its `first_seen` rows (person, layer, stream, day), in key order.
pub fn build_layers(rows: impl Iterator<Item = (u32, usize, u8, u16)>) -> Vec<LayerSummary> {
    let mut builders: Vec<LayerBuilder> = (0..LAYERS).map(|_| LayerBuilder::default()).collect();
    let mut current: Option<u32> = None;
    let mut by_layer: Vec<Vec<(u8, u16)>> = vec![Vec::new(); LAYERS];
    for (person, layer, stream, day) in rows {
        if current != Some(person) {
            if current.is_some() {
                finish_person(&mut by_layer, &mut builders);
            }
            current = Some(person);
        }
        if layer < LAYERS && layer != LAYER_ANY {
            by_layer[layer].push((stream, day));
        }
    }
    if current.is_some() {
        finish_person(&mut by_layer, &mut builders);
    }
    builders.into_iter().map(LayerBuilder::finish).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distinct persons at `day` whose streams meet `streams`.
    fn count(layer: &LayerSummary, day: u16, streams: Mask) -> i64 {
        layer
            .at(day)
            .iter()
            .zip(&layer.states)
            .filter(|(_, (_, seen))| seen & streams != 0)
            .map(|(n, _)| n)
            .sum()
    }

    #[test]
    fn each_person_counts_once_in_any_set_of_streams_from_their_first_day_in_it() {
        let mut builder = LayerBuilder::default();
        builder.add_person(&mut [(0, 10), (1, 20)]); // in stream 0 from day 10, 1 from 20
        builder.add_person(&mut [(1, 5)]);
        builder.add_person(&mut [(2, 30), (0, 30)]);
        let layer = builder.finish();
        assert_eq!(count(&layer, 9, 0b001), 0);
        assert_eq!(count(&layer, 10, 0b001), 1);
        assert_eq!(count(&layer, 19, 0b011), 2);
        assert_eq!(
            count(&layer, 20, 0b011),
            2,
            "the first person once, not twice"
        );
        assert_eq!(count(&layer, 20, 0b010), 2);
        assert_eq!(count(&layer, 366, 0b111), 3);
        assert_eq!(count(&layer, 366, 0b101), 2);
        // The state keeps the streams of the first day.
        let firsts: Vec<Mask> = layer
            .at(366)
            .iter()
            .zip(&layer.states)
            .filter(|(n, _)| **n > 0)
            .map(|(_, (first, _))| *first)
            .collect();
        assert!(firsts.contains(&0b101) && firsts.contains(&0b001) && firsts.contains(&0b010));
        assert_eq!(LayerSummary::decode(&layer.encode()), Some(layer.clone()));
        let mut damaged = layer.encode();
        damaged.pop();
        assert_eq!(LayerSummary::decode(&damaged), None);
        assert_eq!(LayerSummary::decode(b"nope"), None);
    }

    #[test]
    fn layers_follow_the_basis() {
        assert_eq!(layer_of(None), LAYER_COUNTED);
        assert_eq!(layer_of(Some(CbdfBasis::Art5_1_4)), LAYER_COUNTED);
        let excluded: Vec<usize> = CbdfBasis::EXCLUDED
            .iter()
            .map(|b| layer_of(Some(*b)))
            .collect();
        assert_eq!(excluded, (2..LAYERS).collect::<Vec<_>>());
    }
}
