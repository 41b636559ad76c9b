-- label: unsafe
-- why: one UPDATE of every stale pending order: unbounded rows in a single statement on a hot table
-- Auto-cancel abandoned carts
UPDATE orders
   SET status = 'cancelled', updated_at = now()
 WHERE status = 'pending'
   AND created_at < now() - interval '30 days';
