-- label: unsafe
-- why: UPDATE ... FROM join backfills every order with a NULL account_id in a single statement
-- Backfill orders.account_id from the user's primary account.
UPDATE orders o
   SET account_id = a.id
  FROM accounts a
 WHERE a.user_id = o.user_id
   AND o.account_id IS NULL;
