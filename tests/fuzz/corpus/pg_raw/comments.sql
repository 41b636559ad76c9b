-- schemagate:ignore ban-drop-column
\set x 1
ALTER TABLE "a"."b" RENAME COLUMN c TO d; -- migrate:down
