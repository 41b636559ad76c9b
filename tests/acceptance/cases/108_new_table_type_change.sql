-- label: safe
-- why: the type change is on a table created earlier in this file (empty)
CREATE TABLE import_batches (
    id         serial PRIMARY KEY,
    source     varchar(40) NOT NULL,
    row_count  integer,
    started_at timestamp
);
-- decided to follow the bigint/timestamptz/text policy after review
ALTER TABLE import_batches ALTER COLUMN id TYPE bigint;
ALTER TABLE import_batches ALTER COLUMN row_count TYPE bigint;
ALTER TABLE import_batches ALTER COLUMN started_at TYPE timestamptz;
ALTER TABLE import_batches ALTER COLUMN source TYPE text;
