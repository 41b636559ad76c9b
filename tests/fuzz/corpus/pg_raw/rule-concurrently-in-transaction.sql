# concurrently-in-transaction: CONCURRENTLY inside a transaction block fails
=== CREATE INDEX CONCURRENTLY inside BEGIN ... COMMIT
BEGIN;
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
COMMIT;
--- expect
2:1
=== alone in its own file, outside a transaction
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx;
REINDEX INDEX CONCURRENTLY orders_user_id_idx;
ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;
--- expect
=== the runner wraps the file in a transaction: every concurrent form fails
--- options: assume_in_transaction
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
DROP INDEX CONCURRENTLY IF EXISTS public.orders_old_idx;
REINDEX (VERBOSE, CONCURRENTLY) TABLE orders;
ALTER TABLE ONLY measurements DETACH PARTITION measurements_2020 CONCURRENTLY;
--- expect
1:1
2:1
3:1
4:31
=== even on a table created in the same transaction
BEGIN;
CREATE TABLE invoices (id bigint);
CREATE INDEX CONCURRENTLY invoices_id_idx ON invoices (id);
COMMIT;
--- expect
3:1
=== after COMMIT the statement runs outside the transaction
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);
--- expect
=== dbmate wraps each section in a transaction unless told not to
--- file 20240101_index.sql
-- migrate:up
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
-- migrate:down
DROP INDEX CONCURRENTLY orders_user_id_idx;
--- file 20240102_index.sql
-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);
--- expect
20240101_index.sql:2:1
20240101_index.sql:4:1
=== inside a DO block, which is a function call
DO $$
BEGIN
  EXECUTE 'CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id)';
END $$;
--- expect
3:12
=== REINDEX with CONCURRENTLY switched off is not concurrent
--- options: assume_in_transaction
REINDEX (CONCURRENTLY false) INDEX orders_user_id_idx;
REINDEX (CONCURRENTLY 0) INDEX orders_user_id_idx;
--- expect
