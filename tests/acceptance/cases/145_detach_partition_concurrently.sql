-- label: safe
-- why: DETACH PARTITION ... CONCURRENTLY outside a transaction takes only SHARE UPDATE EXCLUSIVE on the parent
SET lock_timeout = '5s';
ALTER TABLE measurements DETACH PARTITION measurements_2024_02 CONCURRENTLY;
