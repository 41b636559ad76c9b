-- label: unsafe
-- why: lock_timeout only bounds the wait; once granted, the non-concurrent build holds SHARE on order_items for its whole duration
SET lock_timeout = '2s';
SET statement_timeout = '15min';

-- product analytics: items per product
CREATE INDEX order_items_product_id_idx ON order_items (product_id);

RESET statement_timeout;
RESET lock_timeout;
