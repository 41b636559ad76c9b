-- Errors, warnings and an info (prefer-jsonb, re-graded in info.yaml), in one file.
CREATE TABLE events (id serial PRIMARY KEY, payload json, at timestamp);
ALTER TABLE users DROP COLUMN legacy;
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
