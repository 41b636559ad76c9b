-- label: unsafe
-- why: ALTER DOMAIN VALIDATE CONSTRAINT on PG15 takes SHARE lock on each table using the domain during the scan (unlike ALTER TABLE VALIDATE): writes blocked
-- postal_code_max_len_nv was added NOT VALID in the previous release
ALTER DOMAIN postal_code VALIDATE CONSTRAINT postal_code_max_len_nv;
