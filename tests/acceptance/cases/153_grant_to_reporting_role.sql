-- label: safe
-- why: GRANT to a named role only updates the ACL: no lock that blocks reads or writes
GRANT SELECT ON orders, order_items, payments TO reporting;
GRANT SELECT ON daily_revenue TO reporting;
GRANT USAGE, SELECT ON SEQUENCE orders_id_seq TO reporting;
