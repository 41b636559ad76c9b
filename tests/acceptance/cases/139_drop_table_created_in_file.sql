-- label: safe
-- why: the scratch table is created and dropped in this file; the UPDATE on payments is bounded by the five listed orders
-- Ticket OPS-2291: mark the payments of five chargebacked orders as refunded.
CREATE TABLE ops_2291_orders (order_id integer PRIMARY KEY);
INSERT INTO ops_2291_orders VALUES (1017), (1022), (1108), (1311), (1402);

UPDATE payments p
   SET status = 'refunded'
  FROM ops_2291_orders o
 WHERE p.order_id = o.order_id;

DROP TABLE ops_2291_orders;
