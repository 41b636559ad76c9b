-- label: safe
-- why: now() is STABLE: the default is evaluated once and stored as the missing value, no rewrite on PG11+
ALTER TABLE subscriptions
    ADD COLUMN synced_at timestamptz NOT NULL DEFAULT now();
