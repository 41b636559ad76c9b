-- label: safe
-- why: column declared varchar(50) in this file; widening to varchar(120) and to text is binary-coercible: no rewrite, no index rebuild
ALTER TABLE products ADD COLUMN short_name varchar(50);
-- product asked for longer names before this shipped
ALTER TABLE products ALTER COLUMN short_name TYPE varchar(120);
ALTER TABLE products ADD COLUMN marketing_blurb varchar(280);
ALTER TABLE products ALTER COLUMN marketing_blurb TYPE text;
