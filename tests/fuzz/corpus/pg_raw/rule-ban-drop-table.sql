# ban-drop-table: dropping a table that existed before the run
=== dropping an existing table
DROP TABLE legacy_orders;
--- expect
1:1
=== one finding for the existing tables of a list; the new one is fine
CREATE TABLE tmp_import (id bigint);
DROP TABLE IF EXISTS tmp_import, app.orders, "Order Lines" CASCADE;
--- expect
2:1
=== tables created earlier in the run may be dropped
--- file 001_create.sql
CREATE TABLE tmp_import (id bigint);
CREATE TABLE app.tmp_lines (id bigint);
--- file 002_drop.sql
DROP TABLE tmp_import, app.tmp_lines;
--- expect
=== indexes, functions and types are other rules' business
DROP INDEX CONCURRENTLY orders_created_idx;
DROP FUNCTION IF EXISTS order_total(bigint);
DROP TYPE IF EXISTS order_state;
--- expect
=== down migrations drop what the up created
--- options: down
DROP TABLE orders_archive;
--- expect
=== inside a DO block
DO $$
BEGIN
  DROP TABLE legacy_orders;
END $$;
--- expect
3:3
=== dropping a view breaks its readers
DROP VIEW active_users;
DROP MATERIALIZED VIEW IF EXISTS daily_totals;
--- expect
1:1
2:1
=== a view dropped to be created again with other columns
DROP VIEW IF EXISTS active_users;
CREATE VIEW active_users AS SELECT id, email, plan FROM users WHERE active;
DROP MATERIALIZED VIEW daily_totals;
CREATE MATERIALIZED VIEW daily_totals AS SELECT day, sum(total) FROM orders GROUP BY day;
--- expect
