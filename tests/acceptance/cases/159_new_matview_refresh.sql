-- label: safe
-- why: the materialized view is created in this file; its first non-concurrent REFRESH locks only the new view and reads orders with ACCESS SHARE
CREATE MATERIALIZED VIEW customer_lifetime_value AS
SELECT user_id, sum(total_cents) AS ltv_cents, count(*) AS order_count
  FROM orders
 GROUP BY user_id
WITH NO DATA;

CREATE UNIQUE INDEX customer_lifetime_value_user_id_key ON customer_lifetime_value (user_id);

REFRESH MATERIALIZED VIEW customer_lifetime_value;
GRANT SELECT ON customer_lifetime_value TO reporting;
