-- label: unsafe
-- why: the loop batches but never COMMITs: the whole DO block is one transaction holding row locks on every updated comment until it ends
DO $$
DECLARE
    n integer;
BEGIN
    LOOP
        UPDATE comments
           SET body_format = 'markdown'
         WHERE id IN (SELECT id FROM comments WHERE body_format IS NULL LIMIT 1000);
        GET DIAGNOSTICS n = ROW_COUNT;
        EXIT WHEN n = 0;
    END LOOP;
END
$$;
