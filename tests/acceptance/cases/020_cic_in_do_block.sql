-- label: unsafe
-- why: CREATE INDEX CONCURRENTLY cannot be executed from a function/DO block: the migration fails
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'notifications_user_id_unread_idx') THEN
        CREATE INDEX CONCURRENTLY notifications_user_id_unread_idx
            ON notifications (user_id) WHERE read_at IS NULL;
    END IF;
END
$$;
