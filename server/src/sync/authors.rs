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
    by_actor: HashMap<ActorId, Author>,
}

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
        let by_actor = autores
            .iter()
            .filter_map(|a| {
                let tablet: Uuid = a.dispositivo.parse().ok()?;
                let user = members.iter().find(|m| m.username == a.usuario)?.clone();
                let device = a.dispositivo.clone();
                Some((device_actor(tablet), Author { user, device }))
            })
            .collect();
        Ok(Authors { by_actor })
    }

    /// `chunks` in runs of consecutive changes of one author (`None`: the sender's), in the
    /// order sent (a document's history order, so each run's dependencies come before it).
    /// Always one run at least, so a push without changes is merged as before.
    pub fn runs<'c, 'a>(&self, chunks: &'c [Chunk<'a>]) -> Vec<(Option<&Author>, &'c [Chunk<'a>])> {
        let mut runs = Vec::new();
        let (mut start, mut current) = (0, None);
        for (i, chunk) in chunks.iter().enumerate() {
            let author = self.author_of(chunk, current);
            if i > start && !same(author, current) {
                runs.push((current, &chunks[start..i]));
                start = i;
            }
            current = author;
        }
        runs.push((current, &chunks[start..]));
        runs
    }

    /// The author of `chunk`, which follows a change of `current`'s. The hub's compensation
    /// belongs to the merge on board it was made in, so it is judged as that member's: the
    /// hub account may see less than its crew (a work order raised on board for no site), and
    /// a member may do no more than the hub account, so this never widens what is allowed.
    fn author_of<'s>(
        &'s self,
        chunk: &Chunk<'_>,
        current: Option<&'s Author>,
    ) -> Option<&'s Author> {
        match self.by_actor.get(chunk.change.actor_id()) {
            Some(author) => Some(author),
            None if chunk.change.message().is_some_and(|m| m == COMPENSATION) => current,
            None => None,
        }
    }
}

/// Whether two changes have the same author (both the sender's, or the same member's).
fn same(a: Option<&Author>, b: Option<&Author>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.user.id == b.user.id && a.device == b.device,
        (None, None) => true,
        _ => false,
    }
}
