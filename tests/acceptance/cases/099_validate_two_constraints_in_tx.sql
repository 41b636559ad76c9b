-- label: safe
-- why: both statements are VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE): holding them together still blocks no reads or writes
BEGIN;
ALTER TABLE order_items VALIDATE CONSTRAINT order_items_order_id_fkey_nv;
ALTER TABLE payments VALIDATE CONSTRAINT payments_order_id_fkey;
COMMIT;
