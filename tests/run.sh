#!/bin/sh
# Run every test against the builds given (default: build), and end with
# the line "N passed, N failed". A build folder may hold:
#   tests/test_*  cmocka unit tests          schemagate  the CLI for tests/e2e
#   fuzz_*        libFuzzer targets, run briefly over tests/fuzz/corpus
# Usage: tests/run.sh BUILD_DIR...    (FUZZ_SECONDS, default 20 per target)
cd "$(dirname "$0")/.." || exit 2
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
passed=0
failed=0
failures=""
log=$(mktemp -d)
# The servers' folder must be reachable by the postgres user: not inside $log (mode 700).
servers=$(mktemp -d)
trap 'sh tests/servers.sh stop "$servers"; rm -rf "$log"' EXIT

count() { # count PASSED FAILED NAME
	passed=$((passed + $1))
	failed=$((failed + $2))
	[ "$2" -eq 0 ] || failures="$failures\n  $3 ($2 failed)"
}

run_cmocka() { # run_cmocka BINARY
	out="$log/$(basename "$1").out"
	CMOCKA_MESSAGE_OUTPUT=STDOUT "$1" > "$out" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
	if [ -z "$p$f" ]; then
		p=0 f=1 # crashed before its summary
	fi
	[ -n "$p" ] || p=0
	[ -n "$f" ] || f=0
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
	[ "$f" -eq 0 ] || grep -E '^\[  (FAILED|ERROR)  \]|expected|got:|^  ' "$out" | head -60
	echo "$1: $p passed, $f failed"
	count "$p" "$f" "$1"
}

run_e2e() { # run_e2e BUILD SCRIPT
	out="$log/e2e.out"
	SG_BIN="$1/schemagate" sh "$2" > "$out" 2>&1
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	grep -A8 '^not ok ' "$out" | head -80
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; tail -5 "$out"; fi
	echo "$2 [$1]: $p passed, $f failed"
	count "$p" "$f" "$2 [$1]"
}

run_fuzz() { # run_fuzz BINARY
	name=$(basename "$1")
	corpus="$log/corpus-$name"
	mkdir -p "$corpus"
	cp tests/fuzz/corpus/"${name#fuzz_}"/* "$corpus"/ 2>/dev/null
	# A crashing input is kept with the logs, not in the working tree.
	if "$1" -max_total_time="${FUZZ_SECONDS:-20}" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$log/$name-" -print_final_stats=0 "$corpus" > "$log/$name.out" 2>&1; then
		echo "$1: fuzzed ${FUZZ_SECONDS:-20}s without a crash"
		count 1 0 "$1"
	else
		tail -40 "$log/$name.out"
		count 0 1 "$1"
	fi
}

run_valgrind() { # run_valgrind TITLE COMMAND...: no memory error, no definite leak
	title=$1
	shift
	if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--suppressions=tests/valgrind.supp "$@" > "$log/vg.out" 2>&1; then rc=0; else rc=$?; fi
	if [ "$rc" -ne 99 ] && [ "$rc" -le 1 ]; then
		echo "valgrind: $title: clean"
		count 1 0 "valgrind $title"
	else
		tail -30 "$log/vg.out"
		count 0 1 "valgrind $title"
	fi
}

[ $# -gt 0 ] || set -- build
# The database servers the dry-run tests use (SG_TEST_PG_URL...).
if sh tests/servers.sh start "$servers" > "$log/servers.env" 2> "$log/servers.err"; then
	. "$log/servers.env"
	echo "test servers: PostgreSQL on 127.0.0.1:$(cat "$servers/pg/port"), MariaDB on 127.0.0.1:$(cat "$servers/mariadb/port")"
else
	cat "$log/servers.err"
	count 0 1 "starting the test servers"
fi
# valgrind on the plain build (the sanitizer builds have their own checks)
if command -v valgrind > /dev/null && [ -x "$1/schemagate" ]; then
	run_valgrind "lint examples" "$1/schemagate" lint --format json examples/migrations
	run_valgrind "lint fuzz seeds" "$1/schemagate" lint tests/fuzz/corpus/lint
	run_valgrind "rule cases" "$1/tests/test_rule_cases"
	run_valgrind "rule examples" "$1/tests/test_rules"
	[ -z "$SG_TEST_PG_URL" ] || run_valgrind "dry-run on staging" "$1/schemagate" dry-run \
		--db "$SG_TEST_PG_URL" examples/migrations
	[ -z "$SG_TEST_PG_URL" ] || run_valgrind "migrate up" "$1/schemagate" migrate up -q \
		--db "$SG_TEST_PG_URL" --dir examples/migrations --to 000003
	[ -z "$SG_TEST_PGWEAK_URL" ] || run_valgrind "policy check (PostgreSQL)" "$1/schemagate" policy check \
		--db "$SG_TEST_PGWEAK_URL" --policy cis --format json
	[ -z "$SG_TEST_MYWEAK_URL" ] || run_valgrind "policy check (MariaDB)" "$1/schemagate" policy check \
		--db "$SG_TEST_MYWEAK_URL" --format json
	[ -z "$SG_TEST_PG_URL" ] || run_valgrind "read-only connections" "$1/tests/test_dbconn"
fi
for b in "$@"; do
	for t in "$b"/tests/test_*; do
		[ -x "$t" ] && run_cmocka "$t"
	done
	if [ -x "$b/schemagate" ]; then
		for s in tests/e2e/t*.sh; do
			run_e2e "$b" "$s"
		done
	fi
	for z in "$b"/fuzz_*; do
		[ -x "$z" ] && run_fuzz "$z"
	done
done
[ -z "$failures" ] || printf "failed:$failures\n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
