-- label: safe
-- why: FOREIGN KEY ... NOT VALID: brief SHARE ROW EXCLUSIVE on both tables, no scan
SET lock_timeout = '3s';
ALTER TABLE shipments
    ADD CONSTRAINT shipments_order_id_fkey
    FOREIGN KEY (order_id) REFERENCES orders (id)
    NOT VALID;
