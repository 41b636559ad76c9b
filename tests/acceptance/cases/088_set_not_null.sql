-- label: unsafe
-- why: SET NOT NULL without a validated CHECK scans all of orders under ACCESS EXCLUSIVE (and fails if NULLs remain)
-- backfill finished last week
ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL;
