-- label: safe
-- why: the transaction (brief nullable ADD COLUMN) is committed before CREATE INDEX CONCURRENTLY runs on its own
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE shipments ADD COLUMN carrier_service text;
COMMIT;

CREATE INDEX CONCURRENTLY shipments_carrier_service_idx
    ON shipments (carrier, carrier_service);
