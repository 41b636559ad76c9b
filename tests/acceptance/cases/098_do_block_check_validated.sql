-- label: unsafe
-- why: DO block adds a CHECK without NOT VALID: full scan of subscriptions under ACCESS EXCLUSIVE
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint WHERE conname = 'subscriptions_period_order'
    ) THEN
        ALTER TABLE subscriptions
            ADD CONSTRAINT subscriptions_period_order CHECK (ends_at IS NULL OR ends_at > started_at);
    END IF;
END
$$;
