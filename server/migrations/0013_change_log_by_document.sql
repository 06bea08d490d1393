-- A field technician's pull looks up the recent rows of each document they may see (see
-- sync::pull): by document, then by transaction id, as the cursor counts.
CREATE INDEX change_log_doc_txid ON change_log (doc_id, txid);
