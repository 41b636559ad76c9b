-- label: safe
-- why: explicit ACCESS EXCLUSIVE locks (with lock_timeout) held only for two catalog-only ADD COLUMNs and then committed
-- Take the locks in a fixed order to avoid deadlocking with the order pipeline.
SET lock_timeout = '2s';
BEGIN;
LOCK TABLE orders, order_items IN ACCESS EXCLUSIVE MODE;
ALTER TABLE orders ADD COLUMN gift_message text;
ALTER TABLE order_items ADD COLUMN gift_wrap boolean;
COMMIT;
