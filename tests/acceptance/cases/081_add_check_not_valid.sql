-- label: safe
-- why: CHECK ... NOT VALID skips the scan: brief ACCESS EXCLUSIVE only
SET lock_timeout = '2s';
ALTER TABLE order_items
    ADD CONSTRAINT order_items_quantity_positive CHECK (quantity > 0) NOT VALID;
