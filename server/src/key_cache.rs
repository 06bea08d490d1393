//! The users behind recently seen API keys, so an integration's every request does not cost a
//! database query before its real work (at 50 clients on the work-order list that query was a
//! sixth of the time; BENCHMARKS.md, read API). A key revoked or a user deactivated stops
//! working within [`TTL`], and its `last_used_at` is refreshed when the entry is.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::auth::CurrentUser;

/// How long a checked key is trusted without asking the database again.
pub const TTL: Duration = Duration::from_secs(10);

/// Entries kept at most; past it, expired ones are dropped (only valid keys are ever kept).
const MAX_ENTRIES: usize = 10_000;

/// Users by the SHA-256 of their key, with when they were read.
#[derive(Default)]
pub struct KeyCache {
    entries: Mutex<HashMap<Vec<u8>, (CurrentUser, Instant)>>,
}

impl KeyCache {
    /// The user of the key with hash `hash`, if it was checked less than [`TTL`] ago.
    pub fn get(&self, hash: &[u8]) -> Option<CurrentUser> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(hash) {
            Some((user, read)) if read.elapsed() < TTL => Some(user.clone()),
            _ => None,
        }
    }

    /// Remembers that the key with hash `hash` belongs to `user`, as of now.
    pub fn put(&self, hash: Vec<u8>, user: CurrentUser) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (_, read)| read.elapsed() < TTL);
        }
        entries.insert(hash, (user, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::users::Role;

    #[test]
    fn a_key_is_remembered_only_for_its_own_hash() {
        let cache = KeyCache::default();
        let user = CurrentUser {
            id: 7,
            username: "integracion".into(),
            role: Role::Oficina,
            empleado_id: None,
        };
        cache.put(vec![1, 2], user);
        assert_eq!(cache.get(&[1, 2]).map(|u| u.id), Some(7));
        assert!(cache.get(&[1, 3]).is_none());
    }
}
