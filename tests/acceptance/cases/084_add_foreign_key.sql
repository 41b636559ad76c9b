-- label: unsafe
-- why: validated ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on order_items and orders and scans order_items: writes blocked on both
ALTER TABLE order_items
    ADD CONSTRAINT order_items_order_id_fkey
    FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;
