#!/bin/sh
# The files of one run are the new migrations of one change: a table an
# earlier file creates is new and empty for a later one, unless --file-by-file.
. tests/e2e/lib.sh

mkdir -p "$TMP/db"
printf 'CREATE TABLE widgets (id bigint PRIMARY KEY, note text);\n' > "$TMP/db/2_create.sql"
printf 'CREATE INDEX widgets_note_idx ON widgets (note);\n' > "$TMP/db/10_index.sql"

expect_code 0 "an index on a table created by an earlier file of the run is safe" \
	"$SG" lint --format json "$TMP/db"
expect_code 1 "--file-by-file judges each file alone" "$SG" lint --file-by-file --format json "$TMP/db"
expect_grep "alone, the index build on an existing table is an error" \
	'"rule":"require-concurrent-index-creation"' "$TMP/out"
expect_code 1 "files named in the wrong order are linted in the order given" \
	"$SG" lint --format json "$TMP/db/10_index.sql" "$TMP/db/2_create.sql"
expect_code 0 "a directory is linted in version order (2 before 10)" "$SG" lint "$TMP/db"

printf 'ALTER TABLE widgets ADD COLUMN n int NOT NULL;\n' | "$SG" lint --format json "$TMP/db/2_create.sql" - > "$TMP/mixed.json"
expect_grep "standard input between files is one more file of the run" '"files":2' "$TMP/mixed.json"
expect_no_grep "it sees the table the file before it created" 'add-column-not-null-without-default' "$TMP/mixed.json"
expect_code 2 "a missing file among several stops the run with exit 2" \
	"$SG" lint "$TMP/db/2_create.sql" "$TMP/db/nope.sql"
