-- label: unsafe
-- why: CREATE INDEX CONCURRENTLY appears before COMMIT, i.e. inside the open transaction block, and fails
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE shipments ADD COLUMN carrier_service text;

CREATE INDEX CONCURRENTLY shipments_carrier_service_idx
    ON shipments (carrier, carrier_service);
COMMIT;
