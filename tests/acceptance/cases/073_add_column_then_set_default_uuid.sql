-- label: safe
-- why: SET DEFAULT gen_random_uuid() after a plain ADD COLUMN applies to new rows only: no rewrite
-- existing rows will be backfilled in batches by a background job
ALTER TABLE orders ADD COLUMN public_id uuid;
ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT gen_random_uuid();
