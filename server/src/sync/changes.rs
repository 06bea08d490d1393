//! A device's pushed bytes as Automerge change chunks, checked and told apart without applying
//! them to a document: applying a new work order's changes only to check them cost as much as
//! its merge.

use automerge::{Change, ChangeHash};

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

/// The change chunks `bytes` is made of (as `save_after` writes them), or `None` when it is
/// anything else.
pub fn split(mut bytes: &[u8]) -> Option<Vec<Chunk<'_>>> {
    let mut chunks = Vec::new();
    while !bytes.is_empty() {
        let (chunk, rest) = bytes.split_at(chunk_len(bytes)?);
        let change = Change::try_from(chunk).ok()?;
        chunks.push(Chunk {
            bytes: chunk,
            change,
        });
        bytes = rest;
    }
    Some(chunks)
}

/// The length of the chunk `bytes` starts with, in Automerge's binary format: a 4-byte magic
/// number, a 4-byte checksum, the chunk type, the body's length (unsigned LEB128), the body.
/// `Change::try_from` checks the rest.
fn chunk_len(bytes: &[u8]) -> Option<usize> {
    let mut len: usize = 0;
    for (i, byte) in bytes.iter().enumerate().skip(9).take(9) {
        len |= usize::from(byte & 0x7f).checked_shl(7 * (i as u32 - 9))?;
        if byte & 0x80 == 0 {
            return (i + 1).checked_add(len).filter(|end| *end <= bytes.len());
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
        let chunks = split(&bytes).expect("changes");
        assert_eq!(chunks.iter().map(Chunk::hash).collect::<Vec<_>>(), hashes);
        assert_eq!(
            chunks.iter().map(Chunk::first).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(
            chunks.iter().map(|c| c.bytes.len()).sum::<usize>(),
            bytes.len()
        );
        assert!(split(&[]).expect("nothing").is_empty());
        assert!(split(&bytes[..bytes.len() - 1]).is_none(), "cut short");
        assert!(split(b"no es un cambio de automerge").is_none());
        assert!(
            split(&doc.save()).is_none(),
            "a whole document is not a change"
        );
    }
}
