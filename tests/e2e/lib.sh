# Sourced by the end-to-end tests. Each check prints "ok - TITLE" or
# "not ok - TITLE" followed by what went wrong; tests/run.sh counts them.
SG=${SG_BIN:-build/schemagate}
FIX=tests/fixtures
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; shift; [ $# -eq 0 ] || printf '%s\n' "$@"; }

# expect_code CODE TITLE COMMAND...: the command exits with CODE.
expect_code() {
	want=$1 title=$2
	shift 2
	"$@" > "$TMP/out" 2> "$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$title"; else
		not_ok "$title" "exit $got, expected $want" "$(head -c 2000 "$TMP/err")"
	fi
}

# expect_file TITLE EXPECTED ACTUAL: the files are identical.
expect_file() {
	if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff "$2" "$3" | head -40)"; fi
}

# expect_grep TITLE PATTERN FILE: FILE has a line matching PATTERN.
expect_grep() {
	if grep -q -e "$2" "$3"; then ok "$1"; else not_ok "$1" "no match for '$2' in:" "$(head -c 2000 "$3")"; fi
}

# expect_no_grep TITLE PATTERN FILE
expect_no_grep() {
	if grep -q -e "$2" "$3"; then not_ok "$1" "unexpected '$2' in:" "$(grep -e "$2" "$3" | head -5)"; else ok "$1"; fi
}

# py EXPR: a Python expression over the JSON report in $TMP/out (as d).
py() { python3 -c "import json,sys; d=json.load(open('$TMP/out')); print($1)" 2>&1; }
# expect_py TITLE EXPR: EXPR over the report in $TMP/out is True.
expect_py() {
	if [ "$(py "$2")" = True ]; then ok "$1"; else not_ok "$1" "$2 is $(py "$2")" "$(head -c 1500 "$TMP/out")"; fi
}
# finding RULE: a Python expression for the first finding of RULE in the report ({} when none).
finding() { echo "([f for f in d['findings'] if f['rule']=='$1'] or [{}])[0]"; }
# expect_exit CODE TITLE: the exit code saved in $TMP/code is CODE.
expect_exit() {
	if [ "$(cat "$TMP/code")" -eq "$1" ]; then ok "$2"; else
		not_ok "$2" "exit $(cat "$TMP/code"), expected $1" "$(head -c 1500 "$TMP/err" "$TMP/out" 2>/dev/null)"
	fi
}
