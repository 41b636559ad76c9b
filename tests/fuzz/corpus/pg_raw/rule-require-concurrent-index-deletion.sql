# require-concurrent-index-deletion: DROP INDEX without CONCURRENTLY
=== a plain DROP INDEX of an existing index
DROP INDEX orders_legacy_idx;
--- expect
1:1
=== CONCURRENTLY does not block reads or writes
DROP INDEX CONCURRENTLY IF EXISTS orders_legacy_idx;
--- expect
=== several indexes, schema-qualified and quoted, IF EXISTS, CASCADE: one finding
SET lock_timeout = '2s';
DROP INDEX IF EXISTS sales."Orders_Legacy_Idx", orders_old_idx CASCADE;
--- expect
2:1
=== an index created earlier in the run
--- file 001_create.sql
CREATE INDEX CONCURRENTLY orders_tmp_idx ON orders (created_at);
--- file 002_drop.sql
DROP INDEX orders_tmp_idx;
DROP INDEX public.orders_tmp_idx;
--- expect
=== an index of a table created in the same file
CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);
CREATE INDEX invoices_customer_idx ON invoices (customer_id);
DROP INDEX invoices_customer_idx;
--- expect
=== only the existing one of a mixed list is named
CREATE INDEX CONCURRENTLY orders_tmp_idx ON orders (created_at);
DROP INDEX orders_tmp_idx, orders_legacy_idx;
--- expect
2:1
=== DROP INDEX in a down migration still locks the live table
--- options: down
DROP INDEX orders_user_id_idx;
--- expect
1:1
=== inside a DO block
DO $$
BEGIN
  DROP INDEX IF EXISTS orders_legacy_idx;
END $$;
--- expect
3:3
