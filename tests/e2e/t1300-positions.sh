#!/bin/sh
# Positions are 1-based lines and columns in characters, with the end.
. tests/e2e/lib.sh

printf -- '-- café\nALTER TABLE "naïve" DROP COLUMN "größe";\n' > "$TMP/utf8.sql"
"$SG" lint --format json "$TMP/utf8.sql" > "$TMP/r.json"
expect_grep "columns count characters, not bytes" '"line":2,"column":21,"end_line":2,"end_column":40' "$TMP/r.json"

printf 'ALTER TABLE a\n  ADD COLUMN x int,\n  DROP COLUMN y;\n' > "$TMP/multi.sql"
"$SG" lint --format json "$TMP/multi.sql" > "$TMP/r.json"
expect_grep "a sub-command is located on its own line" '"line":3,"column":3,"end_line":3,"end_column":16' "$TMP/r.json"

printf 'DO $body$\nBEGIN\n\tEXECUTE $x$ALTER TABLE a DROP COLUMN z$x$;\nEND\n$body$;\n' > "$TMP/do.sql"
"$SG" lint --format json "$TMP/do.sql" > "$TMP/r.json"
expect_grep "SQL in EXECUTE of a literal inside DO is located in the file" '"rule":"ban-drop-column".*"line":3,"column":27' "$TMP/r.json"
