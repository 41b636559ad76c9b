-- label: safe
-- why: each statement updates at most 5000 rows chosen by a LIMIT subquery
UPDATE orders
   SET currency = 'USD'
 WHERE id IN (
       SELECT id FROM orders
        WHERE currency IS NULL
        ORDER BY id
        LIMIT 5000
        FOR UPDATE SKIP LOCKED
 );
