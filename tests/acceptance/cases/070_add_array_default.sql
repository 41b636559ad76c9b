-- label: safe
-- why: constant array default: metadata-only on PG11+
ALTER TABLE posts ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE posts ADD COLUMN reading_minutes smallint;
