//! The users behind recently seen API keys, so an integration's every request does not cost a
//! database query before its real work (BENCHMARKS.md, read API). A key revoked or a user deactivated stops
//! working within the cache's time to live (`OTE_API_KEY_TTL_SECS`, 10 s by default), and its
//! `last_used_at` is refreshed when the entry is.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::auth::CurrentUser;

/// Entries kept at most; past it, expired ones are dropped (only valid keys are ever kept).
const MAX_ENTRIES: usize = 10_000;

/// Users by the SHA-256 of their key, with when they were read.
pub struct KeyCache {
    ttl: Duration,
    entries: Mutex<HashMap<Vec<u8>, (CurrentUser, Instant)>>,
}

impl KeyCache {
    /// An empty cache whose entries are trusted for `ttl`.
    pub fn new(ttl: Duration) -> KeyCache {
        KeyCache {
            ttl,
            entries: Mutex::default(),
        }
    }

    /// The user of the key with hash `hash`, if it was checked less than the time to live ago.
    pub fn get(&self, hash: &[u8]) -> Option<CurrentUser> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(hash) {
            Some((user, read)) if read.elapsed() < self.ttl => Some(user.clone()),
            _ => None,
        }
    }

    /// Forgets every key: after a key is revoked or a user deactivated, this process asks the
    /// database again at once (other processes within the time to live).
    pub fn forget_all(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Remembers that the key with hash `hash` belongs to `user`, as of now.
    pub fn put(&self, hash: Vec<u8>, user: CurrentUser) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (_, read)| read.elapsed() < self.ttl);
        }
        entries.insert(hash, (user, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;

    #[test]
    fn a_key_is_remembered_only_for_its_own_hash_and_its_time() {
        let cache = KeyCache::new(Duration::from_secs(60));
        let user = CurrentUser {
            id: 7,
            username: "integracion".into(),
            role: Role::Oficina,
            empleado_id: None,
            csrf: None,
        };
        cache.put(vec![1, 2], user.clone());
        assert_eq!(cache.get(&[1, 2]).map(|u| u.id), Some(7));
        assert!(cache.get(&[1, 3]).is_none());
        let off = KeyCache::new(Duration::ZERO);
        off.put(vec![1, 2], user);
        assert!(
            off.get(&[1, 2]).is_none(),
            "a time to live of 0 always asks"
        );
    }
}
