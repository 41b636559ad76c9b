-- label: unsafe
-- why: CREATE UNIQUE INDEX without CONCURRENTLY on existing api_keys blocks writes for the whole build (and fails on duplicates)
-- api keys are looked up by hash on every request
CREATE UNIQUE INDEX IF NOT EXISTS api_keys_key_hash_key ON api_keys (key_hash);
