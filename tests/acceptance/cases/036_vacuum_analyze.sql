-- label: safe
-- why: plain VACUUM/ANALYZE take SHARE UPDATE EXCLUSIVE and do not block reads or writes
-- Refresh statistics and the visibility map after the backfill finished.
VACUUM (VERBOSE, ANALYZE) orders;
ANALYZE order_items;
