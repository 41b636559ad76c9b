-- label: safe
-- why: constant jsonb default with NOT NULL: no rewrite and no scan on PG11+
ALTER TABLE organizations
    ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb;
