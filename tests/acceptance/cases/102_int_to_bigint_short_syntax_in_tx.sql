-- label: unsafe
-- why: SET DATA TYPE bigint on an int column rewrites order_items under ACCESS EXCLUSIVE; lock_timeout does not shorten the rewrite
BEGIN;
SET LOCAL lock_timeout = '5s';
-- orders.id is heading for 2^31
ALTER TABLE order_items ALTER order_id SET DATA TYPE bigint;
COMMIT;
