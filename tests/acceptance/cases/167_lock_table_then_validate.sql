-- label: unsafe
-- why: VALIDATE normally takes SHARE UPDATE EXCLUSIVE, but here the transaction already holds ACCESS EXCLUSIVE from LOCK TABLE: the whole scan blocks reads and writes
BEGIN;
SET LOCAL lock_timeout = '3s';
-- make sure nothing writes while we validate
LOCK TABLE invoices IN ACCESS EXCLUSIVE MODE;
ALTER TABLE invoices VALIDATE CONSTRAINT invoices_amount_nonnegative;
COMMIT;
