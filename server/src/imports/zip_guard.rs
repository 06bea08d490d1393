//! Checks a zip container (xlsx, xlsm, xlsb, ods) before calamine opens it. calamine limits
//! neither decompression nor entry count, so a few hundred KB can expand to gigabytes: every
//! entry is inflated here into a counter with a hard cap, whatever sizes the zip declares.

use std::io::{self, Cursor, Read};

use super::ImportError;

/// More entries than any workbook has (sheets, styles, relations, media).
const MAX_ENTRIES: usize = 10_000;

/// Fails with [`ImportError::Bomb`] when the entries expand past `max_inflated` bytes in all,
/// and with [`ImportError::Corrupt`] when the zip cannot be read to the end.
pub fn check(bytes: &[u8], max_inflated: u64) -> Result<(), ImportError> {
    let bomb = || ImportError::Bomb {
        limit_mib: max_inflated / (1024 * 1024),
    };
    let corrupt = |e: &dyn std::fmt::Display| ImportError::Corrupt(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    if archive.len() > MAX_ENTRIES {
        return Err(bomb());
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| corrupt(&e))?;
        let budget = max_inflated - total;
        if entry.size() > budget {
            return Err(bomb());
        }
        let read = io::copy(&mut (&mut entry).take(budget + 1), &mut io::sink())
            .map_err(|e| corrupt(&e))?;
        total += read;
        if total > max_inflated {
            return Err(bomb());
        }
    }
    Ok(())
}
