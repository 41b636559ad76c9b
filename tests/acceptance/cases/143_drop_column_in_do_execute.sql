-- label: unsafe
-- why: the DO block EXECUTEs ALTER TABLE ... DROP COLUMN on existing products: data loss and breaks the running app
DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'products' AND column_name = 'legacy_sku'
    ) THEN
        EXECUTE 'ALTER TABLE products DROP COLUMN legacy_sku';
    END IF;
END
$$;
