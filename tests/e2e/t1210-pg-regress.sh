#!/bin/sh
# PostgreSQL's own regression suite (219 files, intentional errors, psql
# variables and meta-commands everywhere) is linted without a crash.
. tests/e2e/lib.sh

dir=$(sh tests/fixtures/pg-regress.sh 2> "$TMP/fetch.err")
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
	not_ok "fetch the PostgreSQL 15 regression suite" "$(tail -5 "$TMP/fetch.err")"
	exit 0
fi
ok "fetch the PostgreSQL 15 regression suite"
timeout 600 "$SG" lint --format json "$dir" > "$TMP/r.json" 2> "$TMP/r.err"
rc=$?
if [ "$rc" -le 1 ]; then ok "the regression suite is linted (exit $rc)"; else
	not_ok "the regression suite is linted" "exit $rc" "$(tail -5 "$TMP/r.err")"
fi
expect_grep "every file is reported" '"files":219' "$TMP/r.json"
expect_grep "psql meta-commands are reported, not fatal" '"rule":"psql-meta-command"' "$TMP/r.json"
