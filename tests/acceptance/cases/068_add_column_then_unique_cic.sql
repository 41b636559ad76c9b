-- label: safe
-- why: new column is all NULL so a unique index cannot fail; index built CONCURRENTLY outside a transaction
-- Prepare for the CRM sync: external ids will be backfilled later.
SET lock_timeout = '2s';
ALTER TABLE customers ADD COLUMN crm_external_id text;

CREATE UNIQUE INDEX CONCURRENTLY customers_crm_external_id_key
    ON customers (crm_external_id);
