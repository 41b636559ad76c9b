-- label: safe
-- why: the DO block only reads (ACCESS SHARE) to fail fast; the CHECK is added NOT VALID
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM shipments WHERE delivered_at < shipped_at) THEN
        RAISE EXCEPTION 'shipments with delivered_at < shipped_at exist; run the cleanup script first';
    END IF;
END
$$;

SET lock_timeout = '2s';
ALTER TABLE shipments
    ADD CONSTRAINT shipments_delivered_after_shipped
    CHECK (delivered_at IS NULL OR delivered_at >= shipped_at) NOT VALID;
