-- label: safe
-- why: ON ONLY creates an (invalid) index on the partitioned parent without building anything; partitions are indexed CONCURRENTLY and attached (brief)
-- Index the partitioned measurements table without locking it:
-- 1. create the index on the parent only (no build, parent index stays invalid)
-- 2. build each partition's index concurrently
-- 3. attach them; the parent index becomes valid once all are attached
CREATE INDEX IF NOT EXISTS measurements_device_id_idx ON ONLY measurements (device_id);

CREATE INDEX CONCURRENTLY IF NOT EXISTS measurements_2024_01_device_id_idx ON measurements_2024_01 (device_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS measurements_2024_02_device_id_idx ON measurements_2024_02 (device_id);
CREATE INDEX CONCURRENTLY IF NOT EXISTS measurements_2024_03_device_id_idx ON measurements_2024_03 (device_id);

ALTER INDEX measurements_device_id_idx ATTACH PARTITION measurements_2024_01_device_id_idx;
ALTER INDEX measurements_device_id_idx ATTACH PARTITION measurements_2024_02_device_id_idx;
ALTER INDEX measurements_device_id_idx ATTACH PARTITION measurements_2024_03_device_id_idx;
