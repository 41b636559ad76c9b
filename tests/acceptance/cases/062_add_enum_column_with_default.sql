-- label: safe
-- why: enum constant default is not volatile: stored as missing value, no rewrite
-- account_status already exists (active, suspended, closed)
ALTER TABLE organizations
    ADD COLUMN billing_status account_status NOT NULL DEFAULT 'active';
