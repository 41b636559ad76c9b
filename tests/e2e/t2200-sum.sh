#!/bin/sh
# schemagate sum: the integrity file is written, checked, and catches each
# file added, edited or removed; a hand-edited sum is a located finding;
# two branches that add migrations conflict in git; odd paths round-trip.
# Usage: sh tests/e2e/t2200-sum.sh [BUILD_DIR]   (tests/run.sh sets SG_BIN)
if [ -n "$1" ]; then
	SG_BIN=$(cd "$1" && pwd)/schemagate
elif [ -n "$SG_BIN" ] && [ "${SG_BIN#/}" = "$SG_BIN" ]; then
	SG_BIN=$PWD/$SG_BIN # the script moves to the repository root
fi
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/lib.sh

failures=0
# Count failures too, so that a direct run ends with a useful exit status.
not_ok() { failures=$((failures + 1)); echo "not ok - $1"; shift; [ $# -eq 0 ] || printf '%s\n' "$@"; }

# expect_count TITLE N PATTERN FILE: exactly N lines of FILE match PATTERN.
expect_count() {
	got=$(grep -c -e "$3" "$4")
	if [ "$got" -eq "$2" ]; then ok "$1"; else
		not_ok "$1" "$got lines match '$3', expected $2, in:" "$(head -c 2000 "$4")"
	fi
}

# sum_line FILE PATH: the line number of PATH's line in the sum FILE.
sum_line() { grep -n -F "$2 h1:" "$1" | head -1 | cut -d: -f1; }

M=$TMP/db/migrations
mkdir -p "$M/sub"
printf 'CREATE TABLE users (id bigint);\n' > "$M/0001_users.up.sql"
printf 'DROP TABLE users;\n' > "$M/0001_users.down.sql"
printf 'ALTER TABLE users ADD COLUMN name text;\n' > "$M/0002_name.up.sql"
printf 'CREATE INDEX CONCURRENTLY i ON users (name);\n' > "$M/0010_index.up.sql"
printf 'SELECT 1;\n' > "$M/sub/0003_nested.sql"
printf 'SELECT 2;\n' > "$M/.hidden"

# --- writing --------------------------------------------------------------
expect_code 0 "sum --write succeeds" "$SG" sum --write --dir "$M"
expect_grep "sum --write says what it wrote" "wrote .*schemagate.sum (5 files)" "$TMP/out"
S=$M/schemagate.sum
if [ -f "$S" ]; then ok "schemagate.sum is created in the migration directory"; else
	not_ok "schemagate.sum is created in the migration directory"; fi
expect_count "one header line and one line per file" 6 "" "$S"
expect_count "the first line is the header h1:<base64 sha256>" 1 '^h1:[A-Za-z0-9+/]\{43\}=$' "$S"
expect_count "every other line is <path> h1:<base64 sha256>" 5 '^[^ ]* h1:[A-Za-z0-9+/]\{43\}=$' "$S"
expect_no_grep "hidden files are not covered" "hidden" "$S"
expect_no_grep "the sum does not cover itself" "^schemagate.sum " "$S"
cut -d' ' -f1 "$S" | tail -n +2 > "$TMP/order"
printf '0001_users.down.sql\n0001_users.up.sql\n0002_name.up.sql\n0010_index.up.sql\nsub/0003_nested.sql\n' > "$TMP/order.want"
expect_file "files are listed in version order (0002 before 0010)" "$TMP/order.want" "$TMP/order"
if ls -a "$M" | grep -q '^\.schemagate\.sum\.'; then
	not_ok "no temporary file is left behind"; else ok "no temporary file is left behind"; fi
cp "$S" "$TMP/sum.orig"
expect_code 0 "sum --write again succeeds" "$SG" sum --write --dir "$M"
expect_grep "an unchanged directory leaves the sum as it is" "is up to date" "$TMP/out"
expect_file "writing twice gives the same file" "$TMP/sum.orig" "$S"

# --- checking -------------------------------------------------------------
expect_code 0 "sum --check passes on an unchanged directory" "$SG" sum --check --dir "$M"
expect_grep "a clean check prints its summary" "5 files, 0 statements: 0 errors" "$TMP/out"
expect_code 0 "sum --check accepts a trailing slash on --dir" "$SG" sum --check --dir "$M/"

printf 'ALTER TABLE users ADD COLUMN email text;\n' > "$M/0002_name.up.sql"
expect_code 1 "an edited migration fails the check" "$SG" sum --check --dir "$M"
expect_count "exactly one finding for one edited file" 1 "\[sum-mismatch\]" "$TMP/out"
expect_grep "the edited file is reported at its line 1" \
	"^$M/0002_name.up.sql:1:1: error: 0002_name.up.sql was edited after schemagate.sum was written: it no longer matches line 4 of the sum \[sum-mismatch\]" "$TMP/out"
printf 'SELECT 2;\n' > "$M/sub/0003_nested.sql"
expect_code 1 "two edited migrations fail the check" "$SG" sum --check --dir "$M"
expect_count "two edited files, two findings (the chain does not blame later lines)" 2 "\[sum-mismatch\]" "$TMP/out"
expect_grep "the nested file is reported with its path" "^$M/sub/0003_nested.sql:1:1: error" "$TMP/out"
printf 'ALTER TABLE users ADD COLUMN name text;\n' > "$M/0002_name.up.sql"
printf 'SELECT 1;\n' > "$M/sub/0003_nested.sql"
expect_code 0 "restoring the files passes again" "$SG" sum --check --dir "$M"

printf 'ALTER TABLE users ADD COLUMN age int;\n' > "$M/0011_age.up.sql"
expect_code 1 "an added migration fails the check" "$SG" sum --check --dir "$M"
expect_count "exactly one finding for one added file" 1 "\[sum-mismatch\]" "$TMP/out"
expect_grep "the added file is reported" \
	"^$M/0011_age.up.sql:1:1: error: 0011_age.up.sql is not in schemagate.sum: it was added" "$TMP/out"
rm "$M/0011_age.up.sql"

line=$(sum_line "$S" 0010_index.up.sql)
mv "$M/0010_index.up.sql" "$TMP/0010_index.up.sql"
expect_code 1 "a removed migration fails the check" "$SG" sum --check --dir "$M"
expect_count "exactly one finding for one removed file" 1 "\[sum-mismatch\]" "$TMP/out"
expect_grep "the removed file is reported at the sum line that lists it" \
	"^$S:$line:1: error: 0010_index.up.sql is listed in schemagate.sum but is not in the directory" "$TMP/out"
mv "$TMP/0010_index.up.sql" "$M/"

printf 'ALTER TABLE users ADD COLUMN email text;\n' > "$M/0002_name.up.sql"
expect_code 1 "--format json --output writes a report" "$SG" sum --check --dir "$M" --format json --output "$TMP/r.json"
expect_grep "the JSON finding has rule sum-mismatch" '"rule":"sum-mismatch"' "$TMP/r.json"
expect_grep "the JSON finding has source diff" '"source":"diff"' "$TMP/r.json"
expect_grep "the JSON finding names the edited file" '"file":"[^"]*0002_name.up.sql","line":1,"column":1' "$TMP/r.json"
if python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); assert len(r["findings"]) == 1 and r["summary"]["errors"] == 1' "$TMP/r.json" 2> "$TMP/json.err"; then
	ok "the JSON report is valid and has exactly one error"
else
	not_ok "the JSON report is valid and has exactly one error" "$(cat "$TMP/json.err")"
fi
expect_code 1 "--format text and json in one run" "$SG" sum --check --dir "$M" --format text --format json --output "$TMP/r2.json"
expect_grep "the text report goes to standard output" "0002_name.up.sql:1:1: error" "$TMP/out"
expect_file "the JSON report is the same in both runs" "$TMP/r.json" "$TMP/r2.json"
printf 'ALTER TABLE users ADD COLUMN name text;\n' > "$M/0002_name.up.sql"

# --- a hand-edited or broken sum file is a located finding -----------------
sed '3s/h1:./h1:X/' "$TMP/sum.orig" > "$S"
sed -n 3p "$TMP/sum.orig" | grep -q ' h1:X' && sed '3s/h1:./h1:Y/' "$TMP/sum.orig" > "$S"
expect_code 1 "a hash edited by hand fails the check" "$SG" sum --check --dir "$M"
expect_grep "the header mismatch is located at line 1 of the sum" \
	"^$S:1:1: error: schemagate.sum was edited by hand or merged" "$TMP/out"
expect_count "the edited line's file and the header only (no cascade)" 2 "\[sum-mismatch\]" "$TMP/out"

{ sed -n 1,2p "$TMP/sum.orig"; echo '0001_users.up.sql sha256:abc'; sed -n '4,$p' "$TMP/sum.orig"; } > "$S"
expect_code 1 "a malformed line fails the check" "$SG" sum --check --dir "$M"
expect_grep "the malformed line is located with its column" \
	"^$S:3:18: error: malformed line in schemagate.sum: expected ' h1:<hash>' after the path" "$TMP/out"
{ sed -n 1,2p "$TMP/sum.orig"; sed -n 3p "$TMP/sum.orig" | sed 's/=$/=x/'; sed -n '4,$p' "$TMP/sum.orig"; } > "$S"
expect_code 1 "text after a hash fails the check" "$SG" sum --check --dir "$M"
expect_grep "the text after the hash is located" \
	"^$S:3:66: error: malformed line in schemagate.sum: unexpected text after the hash" "$TMP/out"

{ echo 'h1:not-base64'; sed -n '2,$p' "$TMP/sum.orig"; } > "$S"
expect_code 1 "a malformed header fails the check" "$SG" sum --check --dir "$M"
expect_grep "the malformed header is located after h1:" "^$S:1:4: error: the header of schemagate.sum is not a SHA-256" "$TMP/out"
expect_count "a malformed header is one finding (the lines still match)" 1 "\[sum-mismatch\]" "$TMP/out"

sed -n '2,$p' "$TMP/sum.orig" > "$S"
expect_code 1 "a sum without its header fails the check" "$SG" sum --check --dir "$M"
expect_grep "the missing header is located" "^$S:1:1: error: schemagate.sum must begin with its header line" "$TMP/out"
expect_count "a missing header is one finding (the lines still match)" 1 "\[sum-mismatch\]" "$TMP/out"

: > "$S"
expect_code 1 "an empty sum fails the check" "$SG" sum --check --dir "$M"
expect_grep "the empty sum is reported" "^$S:1:1: error: schemagate.sum is empty" "$TMP/out"

head -c 20000 /dev/urandom > "$S"
timeout 60 "$SG" sum --check --dir "$M" --format json > "$TMP/g.json" 2> "$TMP/g.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q '"summary"' "$TMP/g.json"; then ok "a binary garbage sum is findings, not a crash"; else
	not_ok "a binary garbage sum is findings, not a crash" "exit $rc" "$(head -c 500 "$TMP/g.err")"; fi

sed 's/$/\r/' "$TMP/sum.orig" > "$S"
expect_code 0 "a sum with CRLF line ends (git autocrlf) still matches" "$SG" sum --check --dir "$M"
head -c -1 "$TMP/sum.orig" > "$S"
expect_code 0 "a sum without its last newline still matches" "$SG" sum --check --dir "$M"

rm "$S"
expect_code 2 "a missing sum exits 2" "$SG" sum --check --dir "$M"
expect_grep "a missing sum says to run sum --write" "no schemagate.sum in .*run \`schemagate sum --write\`" "$TMP/err"
cp "$TMP/sum.orig" "$S"

# --- paths with spaces and unusual bytes round-trip -------------------------
O=$TMP/odd
mkdir -p "$O/with space"
printf 'SELECT 1;\n' > "$O/0001 add users.sql"
printf 'SELECT 2;\n' > "$O/with space/0002 \"quoted\" back\\slash.sql"
printf 'SELECT 3;\n' > "$O/0003_tab	café.sql"
expect_code 0 "sum --write on odd file names" "$SG" sum --write --dir "$O"
expect_grep "a path with a space is quoted" '^"0001 add users.sql" h1:' "$O/schemagate.sum"
expect_grep "quotes and backslashes are escaped" '^"with space/0002 \\"quoted\\" back\\\\slash.sql" h1:' "$O/schemagate.sum"
expect_grep "a tab is written as \\x09, UTF-8 kept" '^"0003_tab\\x09café.sql" h1:' "$O/schemagate.sum"
expect_code 0 "odd file names round-trip through --check" "$SG" sum --check --dir "$O"
printf 'SELECT 4;\n' > "$O/0001 add users.sql"
expect_code 1 "an edited file with a space in its name is reported" "$SG" sum --check --dir "$O"
expect_grep "the file with a space is named in the finding" "^$O/0001 add users.sql:1:1: error: \"0001 add users.sql\" was edited" "$TMP/out"
expect_count "only that file is reported" 1 "\[sum-mismatch\]" "$TMP/out"

# --- configuration -------------------------------------------------------
mkdir -p "$TMP/proj/.git"
cp -R "$TMP/db" "$TMP/proj/"
printf 'migrations:\n  dir: db/migrations\n' > "$TMP/proj/.schemagate.yaml"
expect_code 0 "migrations.dir from --config is the default directory" "$SG" sum --check --config "$TMP/proj/.schemagate.yaml"
SG_ABS=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
(cd "$TMP/proj" && "$SG_ABS" sum --check > "$TMP/found.out" 2>&1)
expect_grep "migrations.dir from the .schemagate.yaml found upward" "5 files, 0 statements: 0 errors" "$TMP/found.out"
printf 'SELECT 9;\n' > "$TMP/proj/db/migrations/0099_new.sql"
printf 'migrations:\n  dir: db/migrations\nrules:\n  disable: [sum-mismatch]\n' > "$TMP/proj/off.yaml"
expect_code 0 "a disabled sum-mismatch does not fail the check" "$SG" sum --check --config "$TMP/proj/off.yaml"
printf 'migrations:\n  dir: db/migrations\nrules:\n  severity:\n    sum-mismatch: warning\n' > "$TMP/proj/warn.yaml"
expect_code 0 "a sum-mismatch re-graded to warning does not fail the check" "$SG" sum --check --config "$TMP/proj/warn.yaml"
expect_grep "the re-graded finding is a warning" "warning: 0099_new.sql is not in schemagate.sum" "$TMP/out"
printf 'engine: postgres\n' > "$TMP/nodir.yaml"
expect_code 2 "no --dir and no migrations.dir exits 2" "$SG" sum --check --config "$TMP/nodir.yaml"
expect_grep "no directory: the message asks for --dir" "pass --dir DIR" "$TMP/err"

# --- arguments ------------------------------------------------------------
expect_code 0 "sum --help exits 0" "$SG" sum --help
expect_grep "sum --help prints the usage" "usage: schemagate sum --write | --check" "$TMP/out"
expect_code 2 "an unknown option exits 2" "$SG" sum --check --dir "$M" --frobnicate
expect_grep "an unknown option is named" "unknown option '--frobnicate'" "$TMP/err"
expect_code 2 "neither --write nor --check exits 2" "$SG" sum --dir "$M"
expect_code 2 "both --write and --check exit 2" "$SG" sum --write --check --dir "$M"
expect_code 2 "an unknown format exits 2" "$SG" sum --check --dir "$M" --format yaml
expect_code 2 "a directory that does not exist exits 2" "$SG" sum --check --dir "$TMP/nope"
expect_code 2 "--write refuses --format" "$SG" sum --write --dir "$M" --format json
expect_code 0 "schemagate --help exits 0" "$SG" --help
expect_grep "the command table lists sum" "^  sum " "$TMP/out"

# --- two branches that both add a migration conflict in git ----------------
if command -v git > /dev/null; then
	R=$TMP/repo
	g() { git -C "$R" -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main \
		-c commit.gpgsign=false -c core.autocrlf=false "$@" > /dev/null 2>&1; }
	mkdir -p "$R"
	g init -q
	mkdir -p "$R/migrations"
	printf 'CREATE TABLE a (id int);\n' > "$R/migrations/0001_a.sql"
	"$SG" sum --write -q --dir "$R/migrations"
	g add -A && g commit -q -m base
	g branch -q left && g branch -q right
	g switch -q left
	printf 'CREATE TABLE b (id int);\n' > "$R/migrations/0002_b.sql"
	"$SG" sum --write -q --dir "$R/migrations"
	g add -A && g commit -q -m left
	tail -1 "$R/migrations/schemagate.sum" > "$TMP/left.last"
	g switch -q right
	printf 'CREATE TABLE c (id int);\n' > "$R/migrations/0002_c.sql"
	"$SG" sum --write -q --dir "$R/migrations"
	g add -A && g commit -q -m right
	tail -1 "$R/migrations/schemagate.sum" > "$TMP/right.last"
	if cmp -s "$TMP/left.last" "$TMP/right.last"; then
		not_ok "two branches adding different migrations write different last lines"
	else ok "two branches adding different migrations write different last lines"; fi
	g switch -q left
	if g merge -q --no-edit right; then
		not_ok "merging the two branches conflicts on schemagate.sum"
	else
		git -C "$R" diff --name-only --diff-filter=U > "$TMP/conflicts" 2>&1
		expect_grep "merging the two branches conflicts on schemagate.sum" "^migrations/schemagate.sum$" "$TMP/conflicts"
	fi
	# Resolving the conflict by keeping both sides' lines is still caught.
	git -C "$R" show left:migrations/schemagate.sum > "$R/migrations/schemagate.sum"
	cat "$TMP/right.last" >> "$R/migrations/schemagate.sum"
	expect_code 1 "a sum merged by hand without --write fails the check" "$SG" sum --check --dir "$R/migrations"
	expect_grep "the hand merge is reported on the sum's header" "schemagate.sum:1:1: error: schemagate.sum was edited by hand or merged" "$TMP/out"
	expect_code 0 "sum --write after the merge resolves it" "$SG" sum --write --dir "$R/migrations"
	expect_code 0 "and the check passes" "$SG" sum --check --dir "$R/migrations"
else
	not_ok "git is installed (make deps installs it): the branch conflict needs it"
fi

[ "$failures" -eq 0 ]
