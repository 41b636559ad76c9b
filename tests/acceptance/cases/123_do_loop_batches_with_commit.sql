-- label: safe
-- why: DO block commits after every 1000-row batch (PG11+ transaction control at top level), so locks are short-lived
-- Backfill notifications.kind in committed batches.
DO $$
DECLARE
    n integer;
BEGIN
    LOOP
        UPDATE notifications
           SET kind = 'generic'
         WHERE id IN (SELECT id FROM notifications WHERE kind IS NULL LIMIT 1000);
        GET DIAGNOSTICS n = ROW_COUNT;
        EXIT WHEN n = 0;
        COMMIT;
        PERFORM pg_sleep(0.05);
    END LOOP;
END
$$;
