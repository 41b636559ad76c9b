-- label: unsafe
-- why: postal_code is a domain with CHECK constraints (this file adds one), so adding a column of that type forces a full rewrite of customers under ACCESS EXCLUSIVE
-- Tighten the shared postal_code domain without checking existing rows,
-- then use it for the new billing address column.
ALTER DOMAIN postal_code
    ADD CONSTRAINT postal_code_no_spaces CHECK (VALUE !~ '\s') NOT VALID;

ALTER TABLE customers ADD COLUMN billing_postal_code postal_code;
