-- label: unsafe
-- why: int -> bigint is not binary-coercible: orders is rewritten with all its indexes under ACCESS EXCLUSIVE
-- orders.discount_cents overflows int4 for enterprise deals
ALTER TABLE orders ALTER COLUMN discount_cents TYPE bigint;
