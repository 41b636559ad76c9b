-- label: safe
-- why: ADD CONSTRAINT ... UNIQUE USING INDEX reuses an already-built index: brief ACCESS EXCLUSIVE, no build, no scan
-- Step 2 of 2. Step 1 (previous migration) ran:
--   CREATE UNIQUE INDEX CONCURRENTLY payments_provider_ref_key ON payments (provider, provider_ref);
-- and the deploy script checked pg_index.indisvalid.
SET lock_timeout = '3s';
ALTER TABLE payments
    ADD CONSTRAINT payments_provider_ref_key UNIQUE USING INDEX payments_provider_ref_key;
