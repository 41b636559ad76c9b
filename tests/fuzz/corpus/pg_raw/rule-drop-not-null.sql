# drop-not-null: ALTER COLUMN ... DROP NOT NULL on an existing table
=== dropping NOT NULL lets NULLs reach readers of the running version
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
--- expect
1:19
=== each drop is located in a multi-command ALTER TABLE ONLY on a quoted, qualified table
ALTER TABLE ONLY crm."Contacts"
  ALTER COLUMN phone SET NOT NULL,
  ALTER COLUMN "Email" DROP NOT NULL,
  ALTER fax DROP NOT NULL;
--- expect
3:3
4:3
=== SET NOT NULL and DROP DEFAULT are not a DROP NOT NULL
ALTER TABLE users ALTER COLUMN email SET NOT NULL, ALTER COLUMN email DROP DEFAULT;
--- expect
=== a table created earlier in the run has no readers yet
--- file 001_create.sql
CREATE TABLE accounts (id bigint, email text NOT NULL);
--- file 002_drop.sql
ALTER TABLE accounts ALTER COLUMN email DROP NOT NULL;
--- expect
=== down migrations undo an earlier SET NOT NULL
--- options: down
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
--- expect
=== inside a DO block, at its position in the file
DO $$
BEGIN
  ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
END $$;
--- expect
3:21
