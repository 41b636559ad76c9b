-- label: safe
-- why: dropping a CHECK constraint is a brief catalog change and loses no data
SET lock_timeout = '2s';
ALTER TABLE products DROP CONSTRAINT IF EXISTS products_price_max;
