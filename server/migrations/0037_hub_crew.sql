-- A vessel hub's shore account has the role `hub`; its crew are the accounts that come down
-- to the hub (password hashes included), so the crew signs in on board with no link.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'oficina', 'campo', 'lectura', 'hub'));

-- On shore: who comes down to which hub.
CREATE TABLE hub_crew (
    hub_id BIGINT NOT NULL REFERENCES users ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users ON DELETE CASCADE,
    PRIMARY KEY (hub_id, user_id)
);

-- On a hub: the accounts that came down from shore, which each sync with shore rewrites (and
-- deactivates once off the crew); accounts made on the hub itself are left alone.
ALTER TABLE users ADD COLUMN de_costa BOOLEAN NOT NULL DEFAULT FALSE;
