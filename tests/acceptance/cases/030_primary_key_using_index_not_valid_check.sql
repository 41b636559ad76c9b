-- label: unsafe
-- why: the CHECK (id IS NOT NULL) is only NOT VALID, so PRIMARY KEY USING INDEX must SET NOT NULL with a full scan of legacy_imports under ACCESS EXCLUSIVE
-- legacy_imports.id is nullable (table was created by an import script).
-- legacy_imports_id_key was built CONCURRENTLY in the previous migration.
SET lock_timeout = '2s';
ALTER TABLE legacy_imports
    ADD CONSTRAINT legacy_imports_id_not_null CHECK (id IS NOT NULL) NOT VALID;
ALTER TABLE legacy_imports
    ADD CONSTRAINT legacy_imports_pkey PRIMARY KEY USING INDEX legacy_imports_id_key;
