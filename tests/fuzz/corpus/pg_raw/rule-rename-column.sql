# rename-column: renaming a column breaks the running application
=== renaming a column of an existing table
ALTER TABLE users RENAME COLUMN email TO email_address;
--- expect
1:1
=== without COLUMN, with IF EXISTS, ONLY and a schema
ALTER TABLE IF EXISTS ONLY app.users RENAME email TO email_address;
--- expect
1:1
=== columns of views and materialized views are read by the application too
ALTER VIEW active_users RENAME COLUMN email TO email_address;
ALTER MATERIALIZED VIEW "User Stats" RENAME "Count" TO total;
--- expect
1:1
2:1
=== a table created in the same file is new
CREATE TABLE widgets (id bigint, nme text);
ALTER TABLE widgets RENAME COLUMN nme TO name;
--- expect
=== renaming constraints and indexes is not a column rename
ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_uniq;
ALTER INDEX users_email_idx RENAME TO users_email_index;
--- expect
=== down migrations undo what the up renamed
--- options: down
ALTER TABLE users RENAME COLUMN email_address TO email;
--- expect
=== inside a DO block
DO $$
BEGIN
  ALTER TABLE users RENAME COLUMN email TO email_address;
END $$;
--- expect
3:3
=== a column added earlier in the change is not used by the running application
ALTER TABLE page_views ADD COLUMN referer text;
ALTER TABLE page_views RENAME COLUMN referer TO referrer;
--- expect
