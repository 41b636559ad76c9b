-- label: unsafe
-- why: the data-modifying CTE deletes every expired session in one statement: an unbatched delete on a big hot table
CREATE TABLE IF NOT EXISTS sessions_archive (LIKE sessions INCLUDING DEFAULTS);

WITH moved AS (
    DELETE FROM sessions
     WHERE expires_at < now() - interval '7 days'
 RETURNING *
)
INSERT INTO sessions_archive
SELECT * FROM moved;
