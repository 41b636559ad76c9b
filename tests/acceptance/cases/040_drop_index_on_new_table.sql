-- label: safe
-- why: the index dropped without CONCURRENTLY belongs to a table created in this file
CREATE TABLE export_jobs (
    id          bigserial PRIMARY KEY,
    requested_by bigint NOT NULL,
    kind        text NOT NULL,
    status      text NOT NULL DEFAULT 'queued',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX export_jobs_status_idx ON export_jobs (status);
CREATE INDEX export_jobs_status_created_at_idx ON export_jobs (status, created_at);

-- review: the composite index makes the single-column one redundant
DROP INDEX export_jobs_status_idx;
