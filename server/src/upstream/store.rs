//! The hub's documents and files as the device code sees them ([`DeviceStore`]): its own
//! PostgreSQL, with the heads shore acknowledged of each document (migration 0035) and the
//! files shore holds (0038) beside them.

use automerge::{AutoCommit, ChangeHash};
use ote_shared::document;
use ote_shared::sync::Notice;
use ote_shared::sync::device::{DeviceStore, PendingBlob, StoredDoc};
use uuid::Uuid;

use crate::Error;
use crate::blobs::MAX_BLOB_BYTES;
use crate::blobs::store::{Almacen, Stored};
use crate::state::AppState;
use crate::store::change_log::Origin;
use crate::store::open::OpenDocument;

/// The hub's database, as the store of the one device it is to shore.
pub struct HubStore {
    state: AppState,
}

impl HubStore {
    /// The store of the hub `state` serves.
    pub fn new(state: AppState) -> HubStore {
        HubStore { state }
    }

    /// Merges what `stored` holds into the hub's document `id`, under its row lock: tablets
    /// may have written to it since it was loaded. Saved only when it brought something.
    async fn merge_in(&self, id: Uuid, stored: &mut StoredDoc) -> Result<(), Error> {
        let state = &self.state;
        let _turn = state.cache.turn(id).await;
        let mut conn = state.sync.acquire().await?;
        let mut open = OpenDocument::locked(&mut conn, &state.cache, id).await?;
        open.doc
            .merge(&mut stored.doc)
            .map_err(|e| Error::Internal(e.into()))?;
        if open.doc.get_heads() == open.old_heads {
            open.rollback().await?;
            return Ok(());
        }
        let ot = document::read(&open.doc).map_err(|e| Error::Internal(e.into()))?;
        let saved = open
            .save(&shore(), "sync", &ot, &[])
            .await?
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("document {id} stored meanwhile")))?;
        state.cache.put(id, saved.version, saved.doc, ot);
        state.notifier.changed(id);
        Ok(())
    }
}

/// The most files one sync sends: the rest go in the next, so a week of photos never sits in
/// memory at once.
const FILES_PER_ROUND: i64 = 64;
/// The most bytes of files one sync sends (but always one file).
const BYTES_PER_ROUND: usize = 64 * 1024 * 1024;

impl HubStore {
    /// The bytes of a stored file, to send.
    async fn read(&self, stored: &Stored) -> Result<PendingBlob, anyhow::Error> {
        let body = self.state.blobs.body(stored).await?;
        let bytes = axum::body::to_bytes(body, MAX_BLOB_BYTES).await?;
        Ok(PendingBlob {
            sha256: stored.sha256.clone(),
            tipo_mime: stored.tipo_mime.clone(),
            bytes: bytes.to_vec(),
        })
    }
}

/// Who the hub's change log and audit trail name for what came from shore.
fn shore() -> Origin {
    Origin {
        user_id: None,
        device: Some("costa".into()),
        source: "costa".into(),
    }
}

fn parse_heads(heads: &[String]) -> Vec<ChangeHash> {
    heads.iter().filter_map(|h| h.parse().ok()).collect()
}

impl DeviceStore for HubStore {
    type Error = Error;

    async fn device_id(&self) -> Result<Uuid, Error> {
        Ok(self.state.installation)
    }

    async fn cursor(&self) -> Result<i64, Error> {
        Ok(sqlx::query_scalar!("SELECT cursor FROM upstream_state")
            .fetch_one(&self.state.pool)
            .await?)
    }

    async fn set_cursor(&self, cursor: i64) -> Result<(), Error> {
        sqlx::query!("UPDATE upstream_state SET cursor = $1", cursor)
            .execute(&self.state.pool)
            .await?;
        Ok(())
    }

    async fn dirty(&self) -> Result<Vec<Uuid>, Error> {
        Ok(sqlx::query_scalar!(
            r#"SELECT doc_id AS "doc_id!" FROM upstream_waiting ORDER BY last_seq"#
        )
        .fetch_all(&self.state.pool)
        .await?)
    }

    async fn load(&self, id: Uuid) -> Result<Option<StoredDoc>, Error> {
        let row: Option<(Vec<u8>, Option<Vec<String>>)> = sqlx::query_as(
            "SELECT b.bytes, a.heads FROM document_bytes b
             LEFT JOIN upstream_acked a USING (doc_id) WHERE b.doc_id = $1",
        )
        .bind(id)
        .fetch_optional(&self.state.pool)
        .await?;
        let Some((bytes, acked)) = row else {
            return Ok(None);
        };
        let doc = AutoCommit::load(&bytes).map_err(|e| Error::Internal(e.into()))?;
        Ok(Some(StoredDoc {
            doc,
            acked: parse_heads(&acked.unwrap_or_default()),
        }))
    }

    async fn store(&self, id: Uuid, stored: &mut StoredDoc) -> Result<(), Error> {
        self.merge_in(id, stored).await?;
        // Written after the document: a hub stopped in between sends changes shore has, which
        // shore keeps once, and never counts as sent what it did not store.
        let acked: Vec<String> = stored.acked.iter().map(ToString::to_string).collect();
        sqlx::query!(
            "INSERT INTO upstream_acked (doc_id, heads) VALUES ($1, $2)
             ON CONFLICT (doc_id) DO UPDATE SET heads = EXCLUDED.heads",
            id,
            &acked
        )
        .execute(&self.state.pool)
        .await?;
        Ok(())
    }

    async fn add_notices(&self, notices: &[Notice]) -> Result<(), Error> {
        if notices.is_empty() {
            return Ok(());
        }
        let column = |f: fn(&Notice) -> &str| -> Vec<String> {
            notices.iter().map(|n| f(n).to_owned()).collect()
        };
        let ids: Vec<Uuid> = notices.iter().map(|n| n.doc_id).collect();
        sqlx::query!(
            "INSERT INTO upstream_notices (doc_id, code, field, message)
             SELECT * FROM UNNEST($1::uuid[], $2::text[], $3::text[], $4::text[])",
            &ids,
            &column(|n| &n.code),
            &column(|n| &n.field),
            &column(|n| &n.message)
        )
        .execute(&self.state.pool)
        .await?;
        super::notices::forward(&self.state.pool, notices).await?;
        Ok(())
    }

    async fn keep_blob(&self, _blob: PendingBlob) -> Result<(), Error> {
        // The hub makes no edits of its own: its tablets' files reach it by upload.
        Err(Error::Internal(anyhow::anyhow!(
            "a hub keeps no files of its own to upload"
        )))
    }

    async fn pending_blobs(&self) -> Result<Vec<PendingBlob>, Error> {
        let waiting = sqlx::query_as!(
            Stored,
            r#"SELECT sha256 AS "sha256!", tipo_mime AS "tipo_mime!", tamano AS "tamano!",
                   almacen AS "almacen!: Almacen"
               FROM upstream_files_waiting ORDER BY creado LIMIT $1"#,
            FILES_PER_ROUND
        )
        .fetch_all(&self.state.pool)
        .await?;
        let mut pending: Vec<PendingBlob> = Vec::new();
        let mut bytes = 0;
        for stored in waiting {
            if !pending.is_empty() && bytes + stored.tamano.max(0) as usize > BYTES_PER_ROUND {
                break;
            }
            match self.read(&stored).await {
                Ok(file) => {
                    bytes += file.bytes.len();
                    pending.push(file);
                }
                // A file left on another process's disk by an older version waits for
                // `ote-server blobs migrate` there; the others go up meanwhile.
                Err(e) => tracing::warn!(sha256 = %stored.sha256, error = %e, "archivo ilegible"),
            }
        }
        Ok(pending)
    }

    async fn blob_uploaded(&self, sha256: &str) -> Result<(), Error> {
        sqlx::query!(
            "INSERT INTO upstream_blobs (sha256) VALUES ($1) ON CONFLICT DO NOTHING",
            sha256
        )
        .execute(&self.state.pool)
        .await?;
        Ok(())
    }

    async fn ids(&self) -> Result<Vec<Uuid>, Error> {
        Ok(sqlx::query_scalar!("SELECT doc_id FROM documents")
            .fetch_all(&self.state.pool)
            .await?)
    }

    async fn requeue_copies(&self) -> Result<(), Error> {
        // Shore was restored from a backup that may lack them: every file goes up again, and
        // shore keeps what it has once.
        sqlx::query!("DELETE FROM upstream_blobs")
            .execute(&self.state.pool)
            .await?;
        Ok(())
    }
}
