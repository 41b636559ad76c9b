-- label: safe
-- why: delete limited to 10000 rows per statement via ctid/LIMIT subquery
-- one batch of the session purge; scheduled job repeats until 0 rows
DELETE FROM sessions
 WHERE id IN (
       SELECT id FROM sessions
        WHERE expires_at < now() - interval '30 days'
        LIMIT 10000
 );
