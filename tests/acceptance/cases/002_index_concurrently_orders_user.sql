-- label: safe
-- why: CREATE INDEX CONCURRENTLY alone, outside a transaction block: SHARE UPDATE EXCLUSIVE, reads and writes continue
-- 20240311120000_add_index_orders_user_id.up.sql
SET lock_timeout = '5s';
SET statement_timeout = 0;

CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx
    ON orders (user_id);
