-- label: unsafe
-- why: a new enum value cannot be used in the transaction that added it: 'unsafe use of new value', the migration fails
BEGIN;
ALTER TYPE order_status ADD VALUE 'on_hold_fraud';
-- flag the order the fraud team asked about
UPDATE orders SET status = 'on_hold_fraud' WHERE id = 4242;
COMMIT;
