-- label: safe
-- why: expand step: nullable bigint column plus a sync trigger (brief SHARE ROW EXCLUSIVE); no rewrite, no backfill
-- Step 1 of the orders.id int -> bigint migration (expand/contract).
SET lock_timeout = '2s';

ALTER TABLE orders ADD COLUMN id_bigint bigint;

CREATE OR REPLACE FUNCTION orders_sync_id_bigint() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.id_bigint := NEW.id;
    RETURN NEW;
END
$$;

CREATE TRIGGER orders_sync_id_bigint
    BEFORE INSERT OR UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION orders_sync_id_bigint();
