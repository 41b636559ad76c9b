-- label: unsafe
-- why: converting a text column to an enum USING a cast rewrites all of payments under ACCESS EXCLUSIVE
CREATE TYPE payment_state AS ENUM ('pending', 'authorized', 'captured', 'failed', 'refunded');

ALTER TABLE payments
    ALTER COLUMN status TYPE payment_state USING status::payment_state;
