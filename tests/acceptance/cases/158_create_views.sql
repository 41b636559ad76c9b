-- label: safe
-- why: CREATE VIEW / CREATE OR REPLACE VIEW only touch the view's catalog entry
CREATE OR REPLACE VIEW active_subscriptions AS
SELECT s.id, s.user_id, s.plan_id, s.started_at
  FROM subscriptions s
 WHERE s.status = 'active';

CREATE VIEW recent_orders AS
SELECT o.id, o.user_id, o.total_cents, o.created_at
  FROM orders o
 WHERE o.created_at > now() - interval '7 days';
