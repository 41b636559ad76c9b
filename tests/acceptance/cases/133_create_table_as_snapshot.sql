-- label: safe
-- why: CREATE TABLE AS only reads orders with ACCESS SHARE: no reads or writes are blocked
-- Snapshot of last year's orders for the auditors.
CREATE TABLE audit_orders_2023 AS
SELECT id, user_id, status, total_cents, created_at
  FROM orders
 WHERE created_at >= '2023-01-01' AND created_at < '2024-01-01';

CREATE INDEX audit_orders_2023_user_id_idx ON audit_orders_2023 (user_id);
