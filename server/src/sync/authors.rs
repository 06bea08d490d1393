//! Who made each change of a vessel hub's batch. The hub names, for each tablet whose changes
//! it sends, the crew member signed in on it; shore merges a document's changes in runs of one
//! tablet's at a time, each judged by the rules and logged as that member's, from that tablet.
//! The hub's compensation of a member's changes is judged as theirs; any other change of no
//! named tablet (the hub's forms) is the hub account's. A hub names only its own crew: any
//! other name is the hub account's too.

use std::collections::HashMap;

use automerge::ActorId;
use ote_shared::sync::device::device_actor;
use ote_shared::sync::wire::{AutorRemoto, MAX_AUTHORS_PER_REQUEST, valid_device_id};
use sqlx::PgPool;
use uuid::Uuid;

use super::changes::Chunk;
use super::merge::COMPENSATION;
use crate::Error;
use crate::auth::CurrentUser;
use crate::auth::crew;
use crate::auth::sessions::MAX_USERNAME_BYTES;

/// A crew member and the tablet they made changes on.
pub struct Author {
    /// The member, as shore knows them.
    pub user: CurrentUser,
    /// The tablet's device id.
    pub device: String,
}

/// The authors of a batch's changes, by Automerge actor.
#[derive(Default)]
pub struct Authors {
    authors: Vec<Author>,
    by_actor: HashMap<ActorId, usize>,
}

/// Whose a change is: an index into [`Authors`], or `None` for the sender's.
type Key = Option<usize>;

impl Authors {
    /// A device's batch: every change is its sender's.
    pub fn none() -> Authors {
        Authors::default()
    }

    /// The authors the hub `hub` names, those of its crew; a malformed list is a 400.
    pub async fn of_crew(
        pool: &PgPool,
        hub: &CurrentUser,
        autores: &[AutorRemoto],
    ) -> Result<Authors, Error> {
        let malformed = |a: &AutorRemoto| {
            !valid_device_id(&a.dispositivo) || a.usuario.len() > MAX_USERNAME_BYTES
        };
        if autores.len() > MAX_AUTHORS_PER_REQUEST || autores.iter().any(malformed) {
            return Err(Error::bad_request(
                "lote_invalido",
                format!(
                    "Un lote nombra a lo más {MAX_AUTHORS_PER_REQUEST} autores, cada uno con su dispositivo y su usuario"
                ),
            ));
        }
        let names: Vec<String> = autores.iter().map(|a| a.usuario.clone()).collect();
        let members = crew::members(pool, hub.id, &names).await?;
        let mut authors = Authors::default();
        for a in autores {
            let Ok(tablet) = a.dispositivo.parse::<Uuid>() else {
                continue;
            };
            let Some(user) = members.iter().find(|m| m.username == a.usuario) else {
                continue;
            };
            let device = a.dispositivo.clone();
            authors
                .by_actor
                .insert(device_actor(tablet), authors.authors.len());
            authors.authors.push(Author {
                user: user.clone(),
                device,
            });
        }
        Ok(authors)
    }

    /// `chunks` in runs of consecutive changes of one author (`None`: the sender's), in the
    /// order sent: the hub sends them in the order it merged them (its change log's), so shore
    /// judges each run against the work order as the hub did. A device's batch is one run,
    /// and so is a push without changes.
    pub fn runs<'a>(&self, chunks: Vec<Chunk<'a>>) -> Vec<(Option<&Author>, Vec<Chunk<'a>>)> {
        if self.by_actor.is_empty() || chunks.is_empty() {
            return vec![(None, chunks)];
        }
        let mut runs: Vec<(Key, Vec<Chunk<'a>>)> = Vec::new();
        for chunk in chunks {
            let current = runs.last().and_then(|(key, _)| *key);
            let key = self.key_of(&chunk, current);
            match runs.last_mut() {
                Some((last, run)) if *last == key => run.push(chunk),
                _ => runs.push((key, vec![chunk])),
            }
        }
        runs.into_iter()
            .map(|(key, run)| (key.map(|k| &self.authors[k]), run))
            .collect()
    }

    /// The author of `chunk`, which follows a change of `current`'s. The hub's compensation
    /// belongs to the merge on board it was made in, the one of the changes before it, so it
    /// is judged as that member's: the hub account may see less than its crew (a work order
    /// raised on board for no site), and a member may do no more than the hub account, so
    /// this never widens what is allowed.
    fn key_of(&self, chunk: &Chunk<'_>, current: Key) -> Key {
        match self.by_actor.get(chunk.change.actor_id()) {
            Some(&k) => Some(k),
            None if chunk.change.message().is_some_and(|m| m == COMPENSATION) => current,
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    use super::*;
    use crate::auth::Role;
    use crate::sync::changes::{MAX_INFLATED_BYTES, split};

    fn crew_of(tablets: &[Uuid]) -> Authors {
        let mut authors = Authors::default();
        for (n, tablet) in tablets.iter().enumerate() {
            authors.by_actor.insert(device_actor(*tablet), n);
            authors.authors.push(Author {
                user: CurrentUser {
                    id: n as i64 + 1,
                    username: format!("tecnico-{n}"),
                    role: Role::Campo,
                    empleado_id: None,
                    csrf: None,
                },
                device: tablet.to_string(),
            });
        }
        authors
    }

    /// Three edits of each of two tablets that worked at once, in the order `a`'s then `b`'s
    /// (as a hub merged them) or interleaved.
    fn sent(a: Uuid, b: Uuid, interleaved: bool) -> Vec<u8> {
        let mut base = AutoCommit::new();
        base.put(ROOT, "comentario", "").unwrap();
        base.commit();
        let mut tablets = [a, b].map(|t| base.fork().with_actor(device_actor(t)));
        for n in 0..3 {
            for tablet in &mut tablets {
                tablet
                    .put(ROOT, "comentario", format!("edición {n}"))
                    .unwrap();
                tablet.commit();
            }
        }
        let heads = base.get_heads();
        let [ours, theirs] = tablets.map(|mut t| t.get_changes(&heads));
        let order: Vec<_> = if interleaved {
            ours.into_iter()
                .zip(theirs)
                .flat_map(|(x, y)| [x, y])
                .collect()
        } else {
            ours.into_iter().chain(theirs).collect()
        };
        order.iter().flat_map(|c| c.raw_bytes().to_vec()).collect()
    }

    fn runs_of(bytes: &[u8], authors: &Authors) -> Vec<(String, usize)> {
        let chunks = split(bytes, &mut MAX_INFLATED_BYTES.clone()).unwrap();
        authors
            .runs(chunks)
            .iter()
            .map(|(author, run)| {
                (
                    author.map(|x| x.device.clone()).unwrap_or_default(),
                    run.len(),
                )
            })
            .collect()
    }

    #[test]
    fn each_tablets_changes_sent_together_are_one_run() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let runs = runs_of(&sent(a, b, false), &crew_of(&[a, b]));
        assert_eq!(runs, [(a.to_string(), 3), (b.to_string(), 3)]);
    }

    #[test]
    fn runs_keep_the_order_sent() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let runs = runs_of(&sent(a, b, true), &crew_of(&[a, b]));
        assert_eq!(runs.len(), 6, "{runs:?}");
    }

    #[test]
    fn a_devices_batch_is_one_run_as_sent() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(
            runs_of(&sent(a, b, true), &Authors::none()),
            [(String::new(), 6)]
        );
    }
}
