-- label: unsafe
-- why: recreating the enum and switching the column USING ::text::new_type rewrites orders under ACCESS EXCLUSIVE
-- Postgres cannot drop an enum value; recreate the type without 'on_hold'.
BEGIN;
ALTER TYPE order_status RENAME TO order_status_old;
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
ALTER TABLE orders
    ALTER COLUMN status TYPE order_status USING status::text::order_status;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'pending';
DROP TYPE order_status_old;
COMMIT;
