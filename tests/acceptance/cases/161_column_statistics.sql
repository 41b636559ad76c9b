-- label: safe
-- why: SET STATISTICS and attribute options (n_distinct) take SHARE UPDATE EXCLUSIVE only
ALTER TABLE events ALTER COLUMN kind SET STATISTICS 1000;
ALTER TABLE events ALTER COLUMN user_id SET (n_distinct = -0.05);
ANALYZE events (kind, user_id);
