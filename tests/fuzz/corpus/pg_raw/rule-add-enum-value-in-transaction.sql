# add-enum-value-in-transaction: ADD VALUE where the transaction makes it fail
=== the new value used later in the same explicit transaction fails where it is used
BEGIN;
ALTER TYPE mood ADD VALUE 'ecstatic';
UPDATE people SET mood = 'ecstatic' WHERE id = 42;
COMMIT;
--- expect
3:26
=== used in a DEFAULT, in a file the runner wraps in a transaction
--- options: assume_in_transaction
ALTER TYPE app.mood ADD VALUE 'meh' BEFORE 'sad';
ALTER TABLE people ALTER COLUMN mood SET DEFAULT 'meh';
--- expect
2:50
=== outside a transaction each statement commits at once
ALTER TYPE mood ADD VALUE 'ecstatic';
INSERT INTO people (name, mood) VALUES ('Ann', 'ecstatic');
--- expect
=== committed before the value is used
BEGIN;
ALTER TYPE mood ADD VALUE 'ecstatic';
COMMIT;
UPDATE people SET mood = 'ecstatic' WHERE id = 42;
--- expect
=== added in a transaction but not used in it, and a neighbour is not a use
BEGIN;
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ecstatic';
ALTER TYPE mood ADD VALUE 'elated' AFTER 'ecstatic';
COMMIT;
--- expect
=== used inside a later DO block of the same transaction
BEGIN;
ALTER TYPE mood ADD VALUE 'ecstatic';
DO $$ BEGIN UPDATE people SET mood = 'ecstatic' WHERE id = 1; END $$;
COMMIT;
--- expect
3:38
=== dbmate's down section is another run
-- migrate:up
ALTER TYPE mood ADD VALUE 'ecstatic';

-- migrate:down
UPDATE people SET mood = 'happy' WHERE id = 7 AND mood = 'ecstatic';
--- expect
=== before PostgreSQL 12 ADD VALUE fails in any transaction block
--- options: server_version=11
BEGIN;
ALTER TYPE mood ADD VALUE 'ecstatic';
COMMIT;
ALTER TYPE mood ADD VALUE 'elated';
--- expect
2:1
=== PostgreSQL 12 allows ADD VALUE in a transaction that does not use it
--- options: server_version=12 assume_in_transaction
ALTER TYPE mood ADD VALUE 'ecstatic';
--- expect
=== a DO block is a transaction too
--- options: server_version=11
DO $$
BEGIN
  ALTER TYPE mood ADD VALUE 'ecstatic';
END $$;
--- expect
3:3
