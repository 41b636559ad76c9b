DO $$ BEGIN EXECUTE $x$ALTER TABLE t DROP COLUMN c$x$; PERFORM set_config($$lock_timeout$$, $$1s$$, false); END $$;
