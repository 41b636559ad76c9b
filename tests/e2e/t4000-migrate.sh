#!/bin/sh
# schemagate migrate against the test PostgreSQL: history, checksums, the
# advisory lock, releases rolled back, and runs that are killed or race.
. "$(dirname "$0")/lib.sh"

if [ -z "$SG_TEST_PG_URL" ]; then
	not_ok "the test PostgreSQL is running" "SG_TEST_PG_URL is not set: tests/servers.sh did not start it"
	exit 0
fi

SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
DB=apply_t4000
URL=$(printf '%s' "$SG_TEST_PG_URL" | sed "s|/staging\$|/$DB|")
M="$TMP/m"

fresh_db() {
	psql -X -q "$SG_TEST_PG_ADMIN" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
		-c "CREATE DATABASE $DB OWNER sg_test" > "$TMP/psql.out" 2>&1
}
sql() { psql -X -q -t -A "$URL" -c "$1" 2>&1; }
gm() { printf '%s\n' "$2" > "$M/$1.up.sql"; [ -z "$3" ] || printf '%s\n' "$3" > "$M/$1.down.sql"; }
migrate() { "$SGA" migrate "$@" --db "$URL" --dir "$M" > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code"; }
expect_sql() { # TITLE SQL EXPECTED
	got=$(sql "$2")
	if [ "$got" = "$3" ]; then ok "$1"; else not_ok "$1" "got: $got" "expected: $3"; fi
}

fresh_db
mkdir -p "$M"
gm 000001_users "CREATE TABLE users (id int PRIMARY KEY, email text);" "DROP TABLE users;"
gm 000002_seed "INSERT INTO users VALUES (1, 'a'), (2, 'b');" "DELETE FROM users WHERE id IN (1, 2);"

migrate up
expect_exit 0 "up applies the pending migrations"
expect_sql "each applied migration has a history row with its SHA-256" \
	"SELECT string_agg(version || ':' || status || ':' || length(checksum), ',' ORDER BY id) FROM schemagate_history" \
	"000001:applied:64,000002:applied:64"
expect_sql "they share one release id" "SELECT count(DISTINCT release_id) FROM schemagate_history" "1"
expect_grep "the report lists what was applied" "migration-applied" "$TMP/out"

migrate up
expect_exit 0 "up again has nothing to do"
expect_sql "and applies nothing twice" "SELECT count(*) FROM schemagate_history" "2"

migrate status
expect_grep "status shows the applied migrations" "^applied *000002" "$TMP/out"

# ---- edits to applied migrations ----
printf -- '-- reformatted\n' >> "$M/000001_users.up.sql"
gm 000003_name "ALTER TABLE users ADD COLUMN name text;" "ALTER TABLE users DROP COLUMN name;"
migrate up
expect_exit 1 "an applied migration that was edited stops the run: exit 1"
expect_grep "it is reported as migration-modified" "migration-modified" "$TMP/out"
expect_sql "nothing was applied" "SELECT count(*) FROM schemagate_history WHERE version = '000003'" "0"
migrate status
expect_grep "status shows it as modified" "^modified *000001" "$TMP/out"
expect_exit 1 "and fails"
migrate status --format json
expect_grep "in JSON the edit is a migration-modified finding" '"rule":"migration-modified"' "$TMP/out"
expect_no_grep "without the text table" "^modified" "$TMP/out"
migrate up --allow-modified
expect_exit 0 "--allow-modified records the new checksum and goes on"
expect_sql "the new migration is applied" "SELECT status FROM schemagate_history WHERE version = '000003'" "applied"

# ---- failures, with and without rolling back ----
gm 000004_email "ALTER TABLE users ADD COLUMN verified boolean;" "ALTER TABLE users DROP COLUMN verified;"
gm 000005_bad "ALTER TABLE users ADD COLUMN tenant int;
ALTER TABLE users ALTER COLUMN tenant SET NOT NULL;" "ALTER TABLE users DROP COLUMN tenant;"
migrate up
expect_exit 1 "a failing migration without --rollback-on-failure: exit 1"
expect_grep "the failure is located at the statement" "000005_bad.up.sql:2:1: error: .*SQLSTATE 23502.*apply-failed" "$TMP/out"
expect_sql "the migration before it stays applied" "SELECT status FROM schemagate_history WHERE version = '000004' ORDER BY id DESC LIMIT 1" "applied"
expect_sql "the failed one left nothing behind (its transaction rolled back)" \
	"SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'tenant'" "0"
expect_sql "and is recorded as failed, with the statement and the error" \
	"SELECT status || ':' || statement || ':' || (error LIKE '%23502%') FROM schemagate_history WHERE version = '000005' ORDER BY id DESC LIMIT 1" "failed:2:true"

gm 000005_bad "ALTER TABLE users ADD COLUMN tenant int DEFAULT 0;
ALTER TABLE users ALTER COLUMN tenant SET NOT NULL;" "ALTER TABLE users DROP COLUMN tenant;"
gm 000006_fail "ALTER TABLE users ADD COLUMN x int;
SELECT 1 / 0;" "ALTER TABLE users DROP COLUMN x;"
migrate up --rollback-on-failure
expect_exit 3 "--rollback-on-failure: the release failed and was rolled back: exit 3"
expect_sql "what the release applied was undone with its down part, newest first" \
	"SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'tenant'" "0"
expect_sql "and recorded as rolled_back" \
	"SELECT status FROM schemagate_history WHERE version = '000005' ORDER BY id DESC LIMIT 1" "rolled_back"
expect_sql "data written by earlier releases is intact" "SELECT count(*) FROM users" "2"
expect_grep "the report lists what was undone" "migration-rolled-back" "$TMP/out"

gm 000006_fail "ALTER TABLE users ADD COLUMN x int;"
rm -f "$M/000006_fail.down.sql"
migrate up --rollback-on-failure --verify-cmd false
expect_exit 4 "a release whose rollback fails (no down part): exit 4"
expect_grep "it says what a person must do" "undo them by hand.*rollback-failed" "$TMP/out"

printf 'ALTER TABLE users DROP COLUMN x;\n' > "$M/000006_fail.down.sql"
sql "ALTER TABLE users DROP COLUMN x" > /dev/null
sql "DELETE FROM schemagate_history WHERE version = '000006'" > /dev/null
printf 'SELECT 1 FROM users WHERE email IS NOT NULL;\nSELECT missing_column FROM users;\n' > "$TMP/verify.sql"
migrate up --rollback-on-failure --verify "$TMP/verify.sql"
expect_exit 3 "a failing --verify SQL rolls the release back: exit 3"
expect_grep "verify-failed is reported" "verify-failed" "$TMP/out"
migrate up --rollback-on-failure --verify-cmd true
expect_exit 0 "a passing --verify-cmd keeps the release"
expect_sql "every migration is applied" \
	"SELECT count(*) FROM (SELECT DISTINCT ON (version) status FROM schemagate_history ORDER BY version, id DESC) s WHERE status = 'applied'" "6"

migrate rollback
expect_exit 0 "rollback undoes the newest release"
expect_sql "its migration is rolled back, the earlier releases stay" \
	"SELECT string_agg(version || ':' || status, ',' ORDER BY version) FROM (SELECT DISTINCT ON (version) version, status FROM schemagate_history ORDER BY version, id DESC) s WHERE version >= '000005'" "000005:applied,000006:rolled_back"

migrate down --steps 2
expect_exit 0 "down --steps 2 undoes the two newest migrations"
expect_sql "newest first, recorded as rolled_back" \
	"SELECT string_agg(version, ',' ORDER BY id) FROM schemagate_history WHERE status = 'rolled_back' AND id > (SELECT max(id) FROM schemagate_history WHERE version = '000006' AND status = 'rolled_back')" "000005,000004"
migrate up
expect_exit 0 "and up applies them again"

# ---- lock_timeout and retries ----
gm 000007_busy "ALTER TABLE users ADD COLUMN busy boolean;" "ALTER TABLE users DROP COLUMN busy;"
psql -X -q "$URL" -c "BEGIN; LOCK TABLE users IN ACCESS SHARE MODE; SELECT pg_sleep(3); COMMIT" > /dev/null 2>&1 &
holder=$!
sleep 0.5
migrate up --lock-timeout 100ms --retries 0
expect_exit 1 "a table held by another session: lock_timeout ends the migration (no retries)"
expect_grep "with the server's lock_not_available" "55P03" "$TMP/out"
migrate up --lock-timeout 300ms --retries 6
expect_exit 0 "with retries and backoff it gets through once the other session is done"
expect_grep "each retry is said" "lock_timeout, retrying" "$TMP/err"
wait "$holder"
migrate down
expect_exit 0 "down (one step by default)"

# ---- the lock ----
psql -X -q "$URL" -c "SELECT pg_advisory_lock(6004233385574978629); SELECT pg_sleep(4)" > /dev/null 2>&1 &
holder=$!
sleep 1
migrate up --lock-wait 1s
expect_exit 2 "another session holds the migration lock: exit 2 after --lock-wait"
expect_grep "with a clear message" "another schemagate run holds the migration lock" "$TMP/err"
wait "$holder"

gm 000009_slow "SELECT pg_sleep(30);" "SELECT 1;"
"$SGA" migrate up --db "$URL" --dir "$M" -q > /dev/null 2>&1 &
pid=$!
sleep 2
kill -9 "$pid"
wait "$pid" 2> /dev/null
gm 000009_slow "SELECT 1;" "SELECT 1;"
migrate up --allow-modified --lock-wait 20s
expect_exit 0 "after kill -9 mid-migration, the next run gets the lock and completes"
expect_sql "the killed migration was applied exactly once" \
	"SELECT string_agg(status, ',' ORDER BY id) FROM schemagate_history WHERE version = '000009'" "applied"

# ---- two runs at once ----
fresh_db
rm -f "$M"/*
for i in 1 2 3 4 5 6; do
	gm "00000${i}_t$i" "CREATE TABLE t$i (id int); SELECT pg_sleep(0.1);" "DROP TABLE t$i;"
done
"$SGA" migrate up --db "$URL" --dir "$M" -q > "$TMP/a.out" 2>&1 &
p1=$!
"$SGA" migrate up --db "$URL" --dir "$M" -q > "$TMP/b.out" 2>&1 &
p2=$!
wait "$p1"; r1=$?
wait "$p2"; r2=$?
if [ "$r1" -eq 0 ] && [ "$r2" -eq 0 ]; then ok "two runs at once both succeed"; else
	not_ok "two runs at once both succeed" "exits $r1 $r2" "$(cat "$TMP/a.out" "$TMP/b.out")"
fi
expect_sql "and every migration is applied exactly once" \
	"SELECT count(*) || ':' || count(DISTINCT version) FROM schemagate_history WHERE status = 'applied'" "6:6"

# ---- a non-transactional migration ----
gm 000007_index "CREATE INDEX CONCURRENTLY t1_id_idx ON t1 (id);" "DROP INDEX CONCURRENTLY t1_id_idx;"
migrate up
expect_exit 0 "CREATE INDEX CONCURRENTLY runs outside a transaction"
expect_sql "its history went from running to applied" \
	"SELECT string_agg(status, ',' ORDER BY id) FROM schemagate_history WHERE version = '000007'" "running,applied"
sql "INSERT INTO schemagate_history (version, name, checksum, status, release_id, statement) VALUES ('000008', 'x', 'x', 'running', 'r', 2)" > /dev/null
gm 000008_x "SELECT 1;" "SELECT 1;"
migrate up
expect_exit 2 "a migration left running by a dead run must be resolved first: exit 2"
expect_grep "the message names the statement reached and what to do" "interrupted at statement 3.*UPDATE" "$TMP/err"

bad=$(printf '%s' "$URL" | sed 's/Sg-test-s3cret/Wrong-s3cret-pw/')
"$SGA" migrate up --db "$bad" --dir "$M" > "$TMP/out" 2> "$TMP/err"
echo $? > "$TMP/code"
expect_exit 2 "an unreachable database: exit 2"
expect_no_grep "the password is not shown" "Wrong-s3cret-pw" "$TMP/err"

# ---- configured in .schemagate.yaml ----
fresh_db
printf 'migrate:\n  history_schema: ops\n  lock_timeout: 1s\n  retries: 0\n' > "$TMP/cfg.yaml"
"$SGA" migrate up --db "$URL" --dir "$M" --config "$TMP/cfg.yaml" -q > "$TMP/out" 2> "$TMP/err"
echo $? > "$TMP/code"
expect_exit 0 "migrate reads its settings from the config"
expect_sql "the history lives in the configured schema" "SELECT count(*) > 0 FROM ops.schemagate_history" "t"
