-- label: safe
-- why: the scan (VALIDATE, SHARE UPDATE EXCLUSIVE) comes first; ACCESS EXCLUSIVE is taken afterwards and released at the immediate COMMIT
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_amount_nonnegative;
ALTER TABLE invoices ADD COLUMN voided_at timestamptz;
COMMIT;
