-- label: unsafe
-- why: the DO block EXECUTEs a plain CREATE INDEX on existing comments: SHARE lock blocks writes during the build
-- Make the migration idempotent across environments.
DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_indexes
        WHERE tablename = 'comments' AND indexname = 'comments_post_id_created_at_idx'
    ) THEN
        EXECUTE 'CREATE INDEX comments_post_id_created_at_idx ON comments (post_id, created_at)';
    END IF;
END
$$;
