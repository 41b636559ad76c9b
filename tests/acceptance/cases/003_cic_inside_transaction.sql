-- label: unsafe
-- why: CREATE INDEX CONCURRENTLY inside BEGIN/COMMIT fails: it cannot run inside a transaction block
-- Add lookup index for payment provider references.
BEGIN;

SET LOCAL lock_timeout = '3s';
CREATE INDEX CONCURRENTLY payments_provider_ref_idx ON payments (provider, provider_ref);

COMMIT;
