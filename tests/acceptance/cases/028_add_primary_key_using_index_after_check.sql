-- label: safe
-- why: CHECK (id IS NOT NULL) is validated under SHARE UPDATE EXCLUSIVE first, so PRIMARY KEY USING INDEX needs no NOT NULL scan (PG12+) and no index build
-- device_tokens never had a primary key.
-- Earlier migrations:
--   041: ALTER TABLE device_tokens ADD CONSTRAINT device_tokens_id_not_null CHECK (id IS NOT NULL) NOT VALID;
--   042: CREATE UNIQUE INDEX CONCURRENTLY device_tokens_id_key ON device_tokens (id);
SET lock_timeout = '3s';

ALTER TABLE device_tokens VALIDATE CONSTRAINT device_tokens_id_not_null;

ALTER TABLE device_tokens
    ADD CONSTRAINT device_tokens_pkey PRIMARY KEY USING INDEX device_tokens_id_key;

ALTER TABLE device_tokens DROP CONSTRAINT device_tokens_id_not_null;
