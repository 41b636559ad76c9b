-- label: safe
-- why: VALIDATE CONSTRAINT in its own migration takes SHARE UPDATE EXCLUSIVE: reads and writes continue during the scan
-- order_items_unit_price_nonnegative was added NOT VALID in the previous migration
ALTER TABLE order_items VALIDATE CONSTRAINT order_items_unit_price_nonnegative;
