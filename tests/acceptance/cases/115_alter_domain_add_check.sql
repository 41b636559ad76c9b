-- label: unsafe
-- why: ALTER DOMAIN ADD CONSTRAINT (validated) scans every column of that domain in every table while blocking writes
-- reject empty strings coming from the new checkout form
ALTER DOMAIN postal_code ADD CONSTRAINT postal_code_not_blank CHECK (VALUE <> '');
