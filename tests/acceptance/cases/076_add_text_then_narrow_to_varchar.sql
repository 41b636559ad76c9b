-- label: unsafe
-- why: column declared text in this file; text -> varchar(64) needs a length check per row, so the whole products table is rewritten under ACCESS EXCLUSIVE
ALTER TABLE products ADD COLUMN sku_code text;
-- keep it bounded like the other identifiers
ALTER TABLE products ALTER COLUMN sku_code TYPE varchar(64);
