#!/bin/sh
# schemagate gate --apply: the release stage applies the head's migrations
# only when the gate passed, and rolls the release back when it fails.
. tests/e2e/lib.sh

if [ -z "$SG_TEST_PG_URL" ]; then
	not_ok "the test PostgreSQL is running" "SG_TEST_PG_URL is not set"
	exit 0
fi
SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
R="$TMP/repo"
DB=apply_t4010
URL=$(printf '%s' "$SG_TEST_PG_URL" | sed "s|/staging\$|/$DB|")
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
unset CI GITHUB_ACTIONS GITHUB_BASE_REF GITHUB_STEP_SUMMARY GITLAB_CI CI_MERGE_REQUEST_DIFF_BASE_SHA
psql -X -q "$SG_TEST_PG_ADMIN" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
	-c "CREATE DATABASE $DB OWNER sg_test" > "$TMP/psql.out" 2>&1

gm() {
	mkdir -p "$R/db/migrations"
	printf '%s\n' "$2" > "$R/db/migrations/$1.up.sql"
	printf '%s\n' "$3" > "$R/db/migrations/$1.down.sql"
}
gate() { (cd "$R" && "$SGA" gate --base main "$@" > "$TMP/out" 2> "$TMP/err"); echo $? > "$TMP/code"; }
applied() { psql -X -q -t -A "$URL" -c "SELECT string_agg(version || ':' || status, ',' ORDER BY id) FROM schemagate_history" 2>&1; }

mkdir -p "$R"
git -C "$R" init -q -b main
gm 000001_users "SET lock_timeout = '2s';
CREATE TABLE users (id int PRIMARY KEY, email text);" "DROP TABLE users;"
git -C "$R" add -A && git -C "$R" commit -qm base

# main itself is released first (nothing added relative to main: the gate passes)
gate --db "$URL" --apply
expect_exit 0 "gate --apply releases main's migrations"
got=$(applied)
[ "$got" = "000001:applied" ] && ok "the history has them" || not_ok "the history has them" "$got"

git -C "$R" checkout -q -b feature
gm 000002_index "CREATE INDEX users_email_idx ON users (email);" "DROP INDEX users_email_idx;"
git -C "$R" add -A && git -C "$R" commit -qm unsafe
gate --db "$URL" --apply
expect_exit 1 "a change the gate fails is not applied"
expect_grep "it says so" "not applying: the gate found" "$TMP/err"
got=$(applied)
[ "$got" = "000001:applied" ] && ok "nothing new in the history" || not_ok "nothing new in the history" "$got"

gm 000002_index "SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN name text;" "ALTER TABLE users DROP COLUMN name;"
git -C "$R" add -A && git -C "$R" commit -qm safe
gate --db "$URL" --apply --verify-cmd false
expect_exit 3 "a release whose verification fails is rolled back: exit 3"
got=$(applied)
[ "$got" = "000001:applied,000002:applied,000002:rolled_back" ] && ok "applied, then rolled back" ||
	not_ok "applied, then rolled back" "$got"
gate --db "$URL" --apply --verify-cmd true --format json
expect_exit 0 "with a passing verification the release stays"
expect_grep "the JSON report lists the release" '"rule":"migration-applied","severity":"info","source":"apply"' "$TMP/out"
