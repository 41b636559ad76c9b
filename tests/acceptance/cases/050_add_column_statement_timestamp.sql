-- label: safe
-- why: statement_timestamp() is STABLE, like now(): no rewrite on PG11+
ALTER TABLE webhook_deliveries
    ADD COLUMN enqueued_at timestamptz NOT NULL DEFAULT statement_timestamp();
