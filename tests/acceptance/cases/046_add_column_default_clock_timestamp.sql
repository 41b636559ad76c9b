-- label: unsafe
-- why: clock_timestamp() is VOLATILE: ADD COLUMN with it as default rewrites the whole table under ACCESS EXCLUSIVE
-- We want a distinct timestamp per row, so use clock_timestamp() rather than now().
ALTER TABLE subscriptions
    ADD COLUMN synced_at timestamptz NOT NULL DEFAULT clock_timestamp();
