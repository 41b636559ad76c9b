-- label: unsafe
-- why: DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE on the partitioned parent; DETACH ... CONCURRENTLY exists (PG14+)
-- archive February; it will be dumped and dropped later
ALTER TABLE measurements DETACH PARTITION measurements_2024_02;
