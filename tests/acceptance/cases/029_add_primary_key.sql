-- label: unsafe
-- why: ADD PRIMARY KEY on an existing table builds the unique index and scans for NULLs while holding ACCESS EXCLUSIVE
-- legacy_imports was created by a script without a PK; logical replication needs one.
ALTER TABLE legacy_imports ADD PRIMARY KEY (id);
