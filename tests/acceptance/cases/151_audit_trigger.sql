-- label: safe
-- why: creating a function is catalog-only and CREATE TRIGGER takes a brief SHARE ROW EXCLUSIVE; the UPDATE/INSERT text is a function body, not executed here
-- Audit every price change on products.
CREATE OR REPLACE FUNCTION products_audit_price() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NEW.price IS DISTINCT FROM OLD.price THEN
        INSERT INTO audit_log (actor_id, action, target_type, target_id, details, created_at)
        VALUES (NULLIF(current_setting('app.user_id', true), '')::bigint,
                'price_change', 'product', NEW.id,
                jsonb_build_object('old', OLD.price, 'new', NEW.price), now());
        -- keep denormalised copy in sync
        UPDATE order_items SET unit_price_cents = (NEW.price * 100)::int
         WHERE product_id = NEW.id AND order_id IS NULL;
    END IF;
    RETURN NEW;
END
$fn$;

SET lock_timeout = '2s';
DROP TRIGGER IF EXISTS products_audit_price ON products;
CREATE TRIGGER products_audit_price
    AFTER UPDATE OF price ON products
    FOR EACH ROW EXECUTE FUNCTION products_audit_price();
