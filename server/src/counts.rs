//! How many work orders a list's filter matched, kept a few seconds per filter and viewer.
//! Paging through a list asks the same count on every page, and an office browsing the same
//! few views asks it many times a second: at 100,000 work orders one status matches ~25,000
//! rows, a count of several milliseconds each time. Any write through this process forgets
//! them, so a user sees their own new work order counted; another process's write shows in
//! the totals within [`COUNT_TTL`]. A page's rows are always read fresh.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a count is trusted.
pub const COUNT_TTL: Duration = Duration::from_secs(5);

/// The most counts kept (filters differ in a handful of values; a burst of distinct ones
/// clears the expired, then everything).
const CAPACITY: usize = 4_096;

/// Recent counts of this process, by a key naming the filter and the viewer.
#[derive(Default)]
pub struct CountCache {
    counts: Mutex<HashMap<String, (i64, Instant)>>,
}

impl CountCache {
    /// The count kept under `key`, if younger than [`COUNT_TTL`].
    pub fn get(&self, key: &str) -> Option<i64> {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        match counts.get(key) {
            Some((count, at)) if at.elapsed() < COUNT_TTL => Some(*count),
            _ => None,
        }
    }

    /// Forgets every count: something was written.
    pub fn forget(&self) {
        self.counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Keeps `count` under `key`.
    pub fn put(&self, key: String, count: i64) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() >= CAPACITY {
            counts.retain(|_, (_, at)| at.elapsed() < COUNT_TTL);
            if counts.len() >= CAPACITY {
                counts.clear();
            }
        }
        counts.insert(key, (count, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_is_kept_for_its_key_only() {
        let cache = CountCache::default();
        cache.put("estatus=1".into(), 25_000);
        assert_eq!(cache.get("estatus=1"), Some(25_000));
        assert_eq!(cache.get("estatus=2"), None);
    }

    #[test]
    fn a_write_forgets_every_count() {
        let cache = CountCache::default();
        cache.put("estatus=1".into(), 25_000);
        cache.forget();
        assert_eq!(cache.get("estatus=1"), None);
    }

    #[test]
    fn past_capacity_the_cache_starts_again_rather_than_growing() {
        let cache = CountCache::default();
        for n in 0..=CAPACITY {
            cache.put(format!("filtro {n}"), n as i64);
        }
        assert_eq!(cache.counts.lock().unwrap().len(), 1);
        assert_eq!(
            cache.get(&format!("filtro {CAPACITY}")),
            Some(CAPACITY as i64)
        );
    }
}
