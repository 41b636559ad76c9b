-- label: safe
-- why: the new enum value is committed before it is used, and the UPDATE touches one row by primary key
BEGIN;
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'disputed' AFTER 'delivered';
COMMIT;

-- now visible: flag the order from ticket CS-1822
UPDATE orders SET status = 'disputed' WHERE id = 1822;
