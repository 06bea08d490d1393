-- The site of a vessel's hub: its shore account sees the work orders of its vessel or platform
-- (and those it created), not the whole fleet's. By site, not by crew: the site is on every
-- work order, and whoever is aboard works on them while crews rotate.
CREATE TABLE hub_sites (
    hub_id BIGINT PRIMARY KEY REFERENCES users ON DELETE CASCADE,
    id_embarcacion BIGINT REFERENCES embarcaciones,
    id_plataforma BIGINT REFERENCES plataformas,
    CHECK ((id_embarcacion IS NULL) <> (id_plataforma IS NULL)),
    -- Set when the site is set or changes: the hub's next batches pull from the start (the new
    -- site's work orders were logged before its cursor) until it brings back `repull_cursor`,
    -- the cursor such a pull answered.
    repull BOOLEAN NOT NULL DEFAULT TRUE,
    repull_cursor BIGINT
);

-- A hub's pull starts from its site's work orders.
CREATE INDEX work_orders_embarcacion ON work_orders (id_embarcacion) WHERE id_embarcacion IS NOT NULL;
CREATE INDEX work_orders_plataforma ON work_orders (id_plataforma) WHERE id_plataforma IS NOT NULL;
