//! Checks a zip container (xlsx, xlsm, xlsb, ods) before calamine opens it. calamine limits
//! neither decompression nor entry count, so a few hundred KB can expand to gigabytes. The zip
//! crate, which calamine reads through, stops any entry at the size the central directory
//! declares for it (reading further is an error), so the declared sizes are a real bound: their
//! sum is checked here, without inflating anything.

use std::io::Cursor;

use super::ImportError;

/// More entries than any workbook has (sheets, styles, relations, media).
const MAX_ENTRIES: usize = 10_000;

/// Fails with [`ImportError::Bomb`] when the entries would expand past `max_inflated` bytes in
/// all, and with [`ImportError::Corrupt`] when the zip's directory cannot be read.
pub fn check(bytes: &[u8], max_inflated: u64) -> Result<(), ImportError> {
    let bomb = || ImportError::Bomb {
        limit_mib: max_inflated / (1024 * 1024),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Corrupt(e.to_string()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(bomb());
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ImportError::Corrupt(e.to_string()))?;
        total = total.saturating_add(entry.size());
        if total > max_inflated {
            return Err(bomb());
        }
    }
    Ok(())
}
