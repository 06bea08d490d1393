//! A device's pushed bytes as Automerge change chunks, checked and told apart without applying
//! them to a document: applying a new work order's changes only to check them cost as much as
//! its merge. A compressed chunk is measured before Automerge inflates it: what a request's
//! chunks may inflate to is bounded by [`MAX_INFLATED_BYTES`].

use std::io::Read;

use automerge::{Change, ChangeHash, ExpandedChange};
use ote_shared::document::schema::MAX_CHANGES_PER_PUSH;

/// Most bytes the change chunks of one request may hold once inflated (a request is at most
/// 16 MiB as sent; DEFLATE can expand a thousandfold).
pub const MAX_INFLATED_BYTES: usize = 64 * 1024 * 1024;

/// Automerge's chunk types that hold one change: plain, and DEFLATE-compressed.
const CHANGE: u8 = 1;
const COMPRESSED_CHANGE: u8 = 2;

/// Why pushed bytes are not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// Not change chunks.
    Invalid,
    /// More changes than a push may carry, or more bytes once inflated than a request may.
    TooLarge,
}

/// One pushed change: its bytes as sent, and the change they parse as (applied as it is:
/// parsing a change again, decompressing it, cost as much as checking it).
pub struct Chunk<'a> {
    /// The change chunk.
    pub bytes: &'a [u8],
    /// The parsed change.
    pub change: Change,
}

impl Chunk<'_> {
    /// The change's hash.
    pub fn hash(&self) -> ChangeHash {
        self.change.hash()
    }

    /// Whether it is a document's first change (it depends on none).
    pub fn first(&self) -> bool {
        self.change.deps().is_empty()
    }
}

/// The change chunks `bytes` is made of (as `save_after` writes them). `inflated` is what the
/// request's chunks may still inflate to, and is spent by these.
pub fn split<'a>(mut bytes: &'a [u8], inflated: &mut usize) -> Result<Vec<Chunk<'a>>, SplitError> {
    let mut chunks = Vec::new();
    while !bytes.is_empty() {
        if chunks.len() == MAX_CHANGES_PER_PUSH {
            return Err(SplitError::TooLarge);
        }
        let (body_start, end) = chunk_bounds(bytes).ok_or(SplitError::Invalid)?;
        let (chunk, rest) = bytes.split_at(end);
        let size = match chunk[8] {
            CHANGE => chunk.len(),
            COMPRESSED_CHANGE => inflated_len(&chunk[body_start..], *inflated)?,
            _ => return Err(SplitError::Invalid),
        };
        *inflated = inflated.checked_sub(size).ok_or(SplitError::TooLarge)?;
        let change = parse(chunk).ok_or(SplitError::Invalid)?;
        chunks.push(Chunk {
            bytes: chunk,
            change,
        });
        bytes = rest;
    }
    Ok(chunks)
}

/// The change `chunk` holds. automerge 0.12's parser panics on some malformed chunks (an
/// integer column past its range: found by the fuzzer, `tests/fuzz/regressions/merge`), as
/// its decoder and its apply do on others; the server catches the panic at each of the three
/// and refuses the change.
fn parse(chunk: &[u8]) -> Option<Change> {
    std::panic::catch_unwind(|| Change::try_from(chunk).ok())
        .ok()
        .flatten()
}

/// How many bytes a DEFLATE body inflates to, reading no further than `limit` past it.
fn inflated_len(body: &[u8], limit: usize) -> Result<usize, SplitError> {
    let decoder = flate2::bufread::DeflateDecoder::new(body);
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let read = std::io::copy(&mut decoder.take(cap), &mut std::io::sink())
        .map_err(|_| SplitError::Invalid)?;
    usize::try_from(read)
        .ok()
        .filter(|n| *n <= limit)
        .ok_or(SplitError::TooLarge)
}

/// The operations of each change, or `None` when Automerge cannot decode one: automerge 0.12's
/// `Change::decode` unwraps actor indices its parser never checked, so a hostile change can
/// make it panic (found by the fuzzer, `tests/fuzz/regressions/merge`). Such a change is refused.
pub fn decode<'c>(changes: impl IntoIterator<Item = &'c Change>) -> Option<Vec<ExpandedChange>> {
    let changes: Vec<&Change> = changes.into_iter().collect();
    std::panic::catch_unwind(|| changes.iter().map(|c| c.decode()).collect()).ok()
}

/// Where the body of the chunk `bytes` starts with begins and where the chunk ends, in
/// Automerge's binary format: a 4-byte magic number, a 4-byte checksum, the chunk type, the
/// body's length (unsigned LEB128), the body. `Change::try_from` checks the rest.
fn chunk_bounds(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut len: usize = 0;
    for (i, byte) in bytes.iter().enumerate().skip(9).take(9) {
        len |= usize::from(byte & 0x7f).checked_shl(7 * (i as u32 - 9))?;
        if byte & 0x80 == 0 {
            let end = (i + 1).checked_add(len).filter(|end| *end <= bytes.len())?;
            return Some((i + 1, end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    use super::*;

    #[test]
    fn splits_what_save_after_writes_and_refuses_anything_else() {
        let mut doc = AutoCommit::new();
        let mut hashes = Vec::new();
        for n in 0..3 {
            doc.put(ROOT, "n", n).unwrap();
            hashes.push(doc.commit().unwrap());
        }
        let bytes = doc.save_after(&[]);
        let budget = &mut MAX_INFLATED_BYTES.clone();
        let chunks = split(&bytes, budget).expect("changes");
        assert_eq!(chunks.iter().map(Chunk::hash).collect::<Vec<_>>(), hashes);
        assert_eq!(
            chunks.iter().map(Chunk::first).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(
            chunks.iter().map(|c| c.bytes.len()).sum::<usize>(),
            bytes.len()
        );
        assert!(split(&[], budget).expect("nothing").is_empty());
        assert_eq!(
            split(&bytes[..bytes.len() - 1], budget).err(),
            Some(SplitError::Invalid),
            "cut short"
        );
        assert_eq!(
            split(b"no es un cambio de automerge", budget).err(),
            Some(SplitError::Invalid)
        );
        assert_eq!(
            split(&doc.save(), budget).err(),
            Some(SplitError::Invalid),
            "a whole document is not a change"
        );
    }

    #[test]
    fn a_compressed_change_past_the_budget_is_refused_before_it_is_inflated() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "comentario", "a".repeat(200_000)).unwrap();
        doc.commit();
        let mut change = doc.get_changes(&[])[0].clone();
        let compressed = change.bytes().into_owned();
        assert_eq!(compressed[8], COMPRESSED_CHANGE, "Automerge compressed it");
        assert!(compressed.len() < 10_000);
        let mut small = 100_000;
        assert_eq!(
            split(&compressed, &mut small).err(),
            Some(SplitError::TooLarge)
        );
        let mut enough = 1_000_000;
        assert_eq!(split(&compressed, &mut enough).map(|c| c.len()), Ok(1));
        assert!(enough < 1_000_000 - 200_000, "the inflated size was spent");
    }
}
