#!/bin/sh
# Hostile input never crashes or hangs: every run ends with 0 or 1 and a report.
. tests/e2e/lib.sh

survives() { # survives TITLE FILE
	timeout 120 "$SG" lint --format json "$2" > "$TMP/r.json" 2> "$TMP/r.err"
	rc=$?
	if [ "$rc" -le 1 ] && grep -q '"summary"' "$TMP/r.json"; then ok "$1"; else
		not_ok "$1" "exit $rc" "$(head -c 500 "$TMP/r.err")"
	fi
}

head -c 65536 /dev/urandom > "$TMP/garbage.sql"
survives "binary garbage" "$TMP/garbage.sql"
if python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$TMP/r.json" 2> "$TMP/json.err"; then
	ok "the report on binary garbage is valid UTF-8 JSON"
else
	not_ok "the report on binary garbage is valid UTF-8 JSON" "$(cat "$TMP/json.err")"
fi
printf 'SELECT 1;\n\000\000ALTER TABLE t DROP COLUMN c;\n' > "$TMP/nul.sql"
survives "NUL bytes" "$TMP/nul.sql"
expect_grep "a NUL byte is reported" "NUL byte" "$TMP/r.json"
printf 'SELECT 1;\nCOMMENT ON TABLE t IS \047caf\351\047;\n' > "$TMP/latin1.sql"
survives "non-UTF-8 bytes" "$TMP/latin1.sql"
expect_grep "invalid UTF-8 is reported at its line" '"line":2' "$TMP/r.json"
printf 'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\n' > "$TMP/dollar.sql"
survives "an unterminated dollar quote" "$TMP/dollar.sql"
expect_grep "an unterminated dollar quote is a syntax error" "syntax-error" "$TMP/r.json"
printf "SELECT 'never closed;\n" > "$TMP/quote.sql"
survives "an unterminated string" "$TMP/quote.sql"
printf '/* never closed\nSELECT 1;\n' > "$TMP/comment.sql"
survives "an unterminated comment" "$TMP/comment.sql"

awk 'BEGIN { s = "SELECT "; for (i = 0; i < 20000; i++) s = s "("; s = s "1"; for (i = 0; i < 20000; i++) s = s ")"; print s ";" }' > "$TMP/nested.sql"
survives "20,000 nested parentheses" "$TMP/nested.sql"
awk 'BEGIN { s = "DO $$ BEGIN PERFORM "; for (i = 0; i < 5000; i++) s = s "("; s = s "1"; for (i = 0; i < 5000; i++) s = s ")"; print s "; END $$;" }' > "$TMP/nested_do.sql"
survives "deep nesting inside a DO block" "$TMP/nested_do.sql"

awk 'BEGIN { for (i = 0; i < 50000; i++) printf "ALTER TABLE t DROP COLUMN c%d; ", i }' > "$TMP/oneline.sql"
survives "50,000 findings on one 1.7 MB line (no quadratic positions)" "$TMP/oneline.sql"
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "DROP VIEW v%d;\nALTER TABLE t ALTER COLUMN c%d SET NOT NULL;\nCREATE TABLE t%d (id bigint REFERENCES p (id));\n", i, i, i }' > "$TMP/lookups.sql"
survives "60,000 statements whose rules look at the rest of the file (no quadratic look-ups)" "$TMP/lookups.sql"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "INSERT INTO t (id, name) VALUES (%d, \047n%d\047);\n", i, i }' > "$TMP/big.sql"
survives "a 100,000-statement file" "$TMP/big.sql"
expect_grep "every statement of the big file is counted" '"statements":100000' "$TMP/r.json"

printf 'ALTER TABLE t DROP COLUMN a;\nALTER TABLE t ADD COLUMN b int DEFAULT;\nALTER TABLE t DROP COLUMN c;\n' > "$TMP/syntax.sql"
survives "a syntax error in the middle" "$TMP/syntax.sql"
expect_grep "the syntax error is located at the server's position" '"rule":"syntax-error".*"line":2,"column":39' "$TMP/r.json"
expect_grep "statements before the error are still linted" '"rule":"ban-drop-column".*"line":1' "$TMP/r.json"
expect_no_grep "statements after the error are not" '"line":3' "$TMP/r.json"

printf '\\set ON_ERROR_STOP on\n\\connect app\nALTER TABLE t DROP COLUMN c;\n\\i other.sql\n' > "$TMP/psql.sql"
survives "psql meta-commands" "$TMP/psql.sql"
expect_grep "meta-commands are reported as warnings" '"rule":"psql-meta-command","severity":"warning".*"line":2' "$TMP/r.json"
expect_grep "SQL between meta-commands is linted" '"rule":"ban-drop-column"' "$TMP/r.json"

: > "$TMP/empty.sql"
survives "an empty file" "$TMP/empty.sql"
printf -- '-- only a comment\n' > "$TMP/comment_only.sql"
survives "a file with only a comment" "$TMP/comment_only.sql"
