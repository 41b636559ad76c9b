#!/bin/sh
# The command line contract: help, version, exit codes and messages.
. tests/e2e/lib.sh

expect_code 0 "--help exits 0" "$SG" --help
expect_grep "--help lists lint" "lint" "$TMP/out"
expect_code 0 "--version exits 0" "$SG" --version
expect_code 2 "no command exits 2" "$SG"
expect_code 2 "an unknown command exits 2" "$SG" frobnicate
expect_grep "an unknown command says what to do" "schemagate --help" "$TMP/err"
expect_code 0 "lint --help exits 0" "$SG" lint --help
expect_code 2 "lint without paths exits 2" "$SG" lint
expect_code 2 "a missing file exits 2" "$SG" lint "$TMP/nope.sql"
expect_grep "a missing file is named" "nope.sql" "$TMP/err"
expect_code 2 "an unknown option exits 2" "$SG" lint --frob x.sql
expect_code 2 "an unknown format exits 2" "$SG" lint --format yaml x.sql
expect_code 2 "a bad server version exits 2" "$SG" lint --server-version banana x.sql
expect_code 2 "mysql linting is refused clearly" "$SG" lint --engine mysql x.sql
expect_grep "the refusal says why" "not available yet" "$TMP/err"

printf 'CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n' > "$TMP/clean.sql"
expect_code 0 "a clean file exits 0" "$SG" lint "$TMP/clean.sql"
expect_grep "the text summary counts files and statements" "1 file, 1 statement: 0 errors" "$TMP/out"

printf 'ALTER TABLE users DROP COLUMN legacy;\n' > "$TMP/bad.sql"
expect_code 1 "an error finding exits 1" "$SG" lint "$TMP/bad.sql"
expect_grep "text output is file:line:col: severity: message [rule]" \
	"bad.sql:1:19: error: .*\[ban-drop-column\]" "$TMP/out"
expect_grep "the help line follows" "^  help: " "$TMP/out"

expect_code 0 "rules lists the rules" "$SG" rules
expect_grep "rules lists ban-drop-column" "^ban-drop-column " "$TMP/out"
expect_code 0 "rules RULE explains one" "$SG" rules ban-drop-column
expect_grep "the explanation has a bad example" "^Bad:" "$TMP/out"
expect_code 2 "rules with an unknown id exits 2" "$SG" rules no-such-rule

printf 'ALTER TABLE users DROP COLUMN legacy;\n' | "$SG" lint --format json --stdin-name db/001.sql - > "$TMP/stdin.json"
expect_grep "standard input is linted under --stdin-name" '"file":"db/001.sql"' "$TMP/stdin.json"

"$SG" lint --format json --output "$TMP/a.json" --format text --output "$TMP/a.txt" "$TMP/bad.sql" > "$TMP/stdout"
expect_grep "several formats in one run: json" '"rule":"ban-drop-column"' "$TMP/a.json"
expect_grep "several formats in one run: text" "ban-drop-column" "$TMP/a.txt"
if [ -s "$TMP/stdout" ]; then not_ok "nothing on stdout when every format has an --output"; else ok "nothing on stdout when every format has an --output"; fi

NO_COLOR=1 "$SG" lint --color=always "$TMP/bad.sql" > "$TMP/color" 2>&1
expect_grep "--color=always colours even into a pipe" "$(printf '\033')" "$TMP/color"
"$SG" lint "$TMP/bad.sql" > "$TMP/plain" 2>&1
expect_no_grep "no colour when not a terminal" "$(printf '\033')" "$TMP/plain"

mkdir -p "$TMP/empty_dir"
expect_code 2 "a directory without .sql files is an error, not a silent pass" "$SG" lint "$TMP/empty_dir"
expect_grep "it says what to check" "no .sql files under" "$TMP/err"
