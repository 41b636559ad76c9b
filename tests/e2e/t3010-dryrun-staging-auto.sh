#!/bin/sh
# schemagate dry-run leaves a staging database exactly as it was; --db auto
# runs everything for real on a throwaway server and leaves nothing behind,
# even when the tool is killed.
. "$(dirname "$0")/lib.sh"
SETUP=$FIX/dryrun/fixture.sql

if [ -z "$SG_TEST_PG_URL" ]; then
	not_ok "the test PostgreSQL is running" "SG_TEST_PG_URL is not set: tests/servers.sh did not start it"
	exit 0
fi

DB=staging_t3010
psql -X -q "$SG_TEST_PG_ADMIN" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB OWNER sg_test" > "$TMP/psql.out" 2>&1
URL=$(printf '%s' "$SG_TEST_PG_URL" | sed "s|/staging\$|/$DB|")
psql -X -q -v ON_ERROR_STOP=1 "$URL" -f "$SETUP" >> "$TMP/psql.out" 2>&1 ||
	not_ok "the staging database holds the fixture" "$(cat "$TMP/psql.out")"
psql -X -q "$URL" -c "SELECT nextval('orders_id_seq')" > /dev/null

# Everything a dry-run could change: the schema, every relation's storage,
# roles and memberships, sequence positions, and the rows.
snapshot() {
	{
		# (pg_dump 15.14+ brackets its output with random \restrict keys)
		pg_dump --schema-only --no-comments "$URL" | grep -v '^\\\(un\)\{0,1\}restrict '
		psql -X -q -t -A "$URL" \
			-c "SELECT relname, relfilenode, relkind FROM pg_class ORDER BY relname, relkind" \
			-c "SELECT rolname, rolsuper, rolcanlogin FROM pg_roles ORDER BY rolname" \
			-c "SELECT last_value, is_called FROM orders_id_seq" \
			-c "SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM users u" \
			-c "SELECT md5(string_agg(o::text, ',' ORDER BY id)) FROM orders o" \
			-c "SELECT count(*) FROM pg_prepared_xacts"
		psql -X -q -t -A "$SG_TEST_PG_ADMIN" -c "SELECT datname FROM pg_database ORDER BY 1"
	} > "$1" 2>&1
}

mkdir -p "$TMP/m"
cat > "$TMP/m/001_types.sql" <<'EOF'
ALTER TABLE users ALTER COLUMN id TYPE bigint;
ALTER TABLE users ADD COLUMN touched_at timestamptz DEFAULT clock_timestamp();
CREATE INDEX orders_user_idx ON orders (user_id);
INSERT INTO orders (user_id, total) SELECT id, 1 FROM users WHERE id < 100;
SELECT nextval('orders_id_seq');
SELECT setval('orders_id_seq', 900000);
EOF
cat > "$TMP/m/002_tx.sql" <<'EOF'
BEGIN;
CREATE TABLE made_here (id serial PRIMARY KEY, note text);
INSERT INTO made_here (note) VALUES ('x');
COMMIT;
CREATE ROLE dry_run_role;
GRANT SELECT ON users TO dry_run_role;
DROP TABLE accounts;
ALTER TABLE orders RENAME TO purchases;
COMMENT ON TABLE users IS 'changed by a dry-run';
VACUUM users;
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
EOF
cat > "$TMP/m/003_later.sql" <<'EOF'
UPDATE purchases SET total = total + 1;
TRUNCATE users CASCADE;
EOF
printf 'CREATE TABLE from_setup (id int);\nINSERT INTO from_setup VALUES (1);\n' > "$TMP/extra_setup.sql"

snapshot "$TMP/before"
"$SG" dry-run --db "$URL" --setup "$TMP/extra_setup.sql" --format json "$TMP/m" > "$TMP/out.json" 2> "$TMP/err"
rc=$?
snapshot "$TMP/after"
if [ "$rc" -eq 1 ] && grep -q '"status":"ran"' "$TMP/out.json"; then ok "the dry-run ran the migrations on staging"; else
	not_ok "the dry-run ran the migrations on staging" "exit $rc" "$(head -c 1500 "$TMP/err" "$TMP/out.json")"
fi
expect_file "staging is byte-for-byte as it was: schema, relfilenodes, roles, sequences, rows" \
	"$TMP/before" "$TMP/after"
expect_grep "statements that cannot run in a transaction were not run there" \
	'"rule":"dry-run-unverified".*CREATE INDEX CONCURRENTLY' "$TMP/out.json"

# ---- --db auto: a throwaway server, everything for real ----

cat > "$TMP/auto.sql" <<'EOF'
SET lock_timeout = '1s';
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
ALTER TABLE users ALTER COLUMN id TYPE bigint;
VACUUM users;
EOF
"$SG" dry-run --db auto --setup "$SETUP" --format json "$TMP/auto.sql" > "$TMP/out.json" 2> "$TMP/err"
rc=$?
if python3 - "$TMP/out.json" > "$TMP/py.out" 2>&1 <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
S = r["dry_run"]["statements"]
assert r["dry_run"]["database"] == "auto", r["dry_run"]
assert r["dry_run"]["server_start_seconds"] > 0
assert [s["status"] for s in S] == ["ran"] * 4, S
assert "outside a transaction block" in S[1]["note"], S[1]
assert S[2]["rewritten"] == ["users"], S[2]
assert not any(f["rule"] == "dry-run-unverified" for f in r["findings"])
EOF
then ok "--db auto runs CREATE INDEX CONCURRENTLY and VACUUM for real and sees the rewrite"; else
	not_ok "--db auto runs CREATE INDEX CONCURRENTLY and VACUUM for real and sees the rewrite" \
		"exit $rc" "$(cat "$TMP/py.out" "$TMP/err")"
fi
expect_grep "it says how long the server took to start" "started a throwaway PostgreSQL in" "$TMP/err"

cat > "$TMP/dbmate.sql" <<'EOF'
-- migrate:up
ALTER TABLE users ADD COLUMN flag boolean;
CREATE INDEX users_flag_idx ON users (flag);
-- migrate:down
DROP INDEX users_flag_idx;
ALTER TABLE users DROP COLUMN flag;
EOF
"$SG" dry-run --db auto --setup "$SETUP" --format json "$TMP/dbmate.sql" > "$TMP/out.json" 2> "$TMP/err"
if python3 - "$TMP/out.json" > "$TMP/py.out" 2>&1 <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
S = r["dry_run"]["statements"]
assert len(S) == 2, S  # the down section is not run
locks = {l["relation"]: l["mode"] for l in S[1]["locks"]}
# dbmate wraps the up section in one transaction: the index build runs while
# ACCESS EXCLUSIVE on users, taken by the statement before, is still held
assert locks == {"users": "ACCESS EXCLUSIVE"}, locks
assert any(f["rule"] == "lock-held-during-long-operation" or f["rule"] == "blocking-lock" for f in r["findings"]), r["findings"]
EOF
then ok "a dbmate file runs its up section in one transaction, and only that"; else
	not_ok "a dbmate file runs its up section in one transaction, and only that" "$(cat "$TMP/py.out" "$TMP/err")"
fi

# ---- the round trip: a down part must undo its migration exactly ----
mkdir -p "$TMP/rt"
printf "CREATE TABLE a (id bigint PRIMARY KEY, v text DEFAULT 'x');\nCREATE INDEX a_v ON a (v);\n" > "$TMP/rt/001_a.up.sql"
printf "DROP TABLE a;\n" > "$TMP/rt/001_a.down.sql"
printf "ALTER TABLE a ADD COLUMN w int NOT NULL DEFAULT 0;\nCREATE TABLE b (id bigint);\n" > "$TMP/rt/002_b.up.sql"
printf "DROP TABLE b;\n" > "$TMP/rt/002_b.down.sql"
printf -- "-- migrate:up\nALTER TABLE a ALTER COLUMN v SET DEFAULT 'y';\n-- migrate:down\nSELECT 1;\n" > "$TMP/rt/003_c.sql"
"$SG" dry-run --db auto --format json "$TMP/rt" > "$TMP/out.json" 2> "$TMP/err"
if python3 - "$TMP/out.json" > "$TMP/py.out" 2>&1 <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
bad = [(f["file"].split("/")[-1], f["message"]) for f in r["findings"] if f["rule"] == "down-not-inverse"]
assert len(bad) == 1 and bad[0][0] == "002_b.down.sql", bad
assert "left behind: column public.a.w integer NOT NULL DEFAULT 0" in bad[0][1], bad
assert any(f["rule"] == "dry-run-unverified" and f["file"].endswith("003_c.sql") for f in r["findings"])
EOF
then ok "a down part that leaves a column behind: down-not-inverse names it; a good one passes"; else
	not_ok "a down part that leaves a column behind: down-not-inverse names it; a good one passes" "$(cat "$TMP/py.out" "$TMP/err")"
fi
printf "DROP TABLE b;\nALTER TABLE a DROP COLUMN w;\n" > "$TMP/rt/002_b.down.sql"
"$SG" dry-run --db auto --format json "$TMP/rt" > "$TMP/out.json" 2> "$TMP/err"
expect_grep "a dbmate down section that does not restore a default" \
	"down-not-inverse.*003_c.sql.*missing: column public.a.v text DEFAULT 'x'::text; left behind: column public.a.v text DEFAULT 'y'::text" "$TMP/out.json"

mkdir -p "$TMP/nodown"
printf "CREATE TABLE nd (id bigint);\n" > "$TMP/nodown/001_nd.up.sql"
"$SG" dry-run --db auto -q "$TMP/nodown" > "$TMP/out" 2> "$TMP/err"
code=$?
if [ "$code" -eq 0 ] && grep -q "warning: no down part next to this up migration.*migration-missing-down" "$TMP/out"; then
	ok "an up migration without its down part: a warning"; else
	not_ok "an up migration without its down part: a warning" "exit $code" "$(cat "$TMP/out" "$TMP/err")"
fi
printf 'rules:\n  severity:\n    migration-missing-down: error\n' > "$TMP/strict.yaml"
"$SG" dry-run --db auto -q --config "$TMP/strict.yaml" "$TMP/nodown" > "$TMP/out" 2> "$TMP/err"
code=$?
[ "$code" -eq 1 ] && ok "an error when the config says so" || not_ok "an error when the config says so" "exit $code" "$(cat "$TMP/out")"

# ---- killed: no server, no folder left ----

# kill_test SIGNAL: start a dry-run that waits, kill it once its server is up.
# (A shell starts background jobs with SIGINT ignored: python restores it.)
kill_test() {
	sig=$1
	ls -d /tmp/schemagate-pg.* 2> /dev/null | sort > "$TMP/dirs.before"
	printf 'SELECT pg_sleep(60);\n' > "$TMP/slow.sql"
	python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
		"$SG" dry-run --db auto "$TMP/slow.sql" > /dev/null 2> "$TMP/kill.err" &
	pid=$!
	new=""
	for _ in $(seq 1 300); do
		new=$(ls -d /tmp/schemagate-pg.* 2> /dev/null | sort | comm -13 "$TMP/dirs.before" -)
		[ -n "$new" ] && grep -q "started a throwaway" "$TMP/kill.err" && break
		sleep 0.1
	done
	sleep 0.5
	kill -s "$sig" "$pid"
	for _ in $(seq 1 100); do
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2> /dev/null; then
		not_ok "SIG$sig ends the dry-run at once" "still running 10 s later"
		kill -9 "$pid"
	fi
	wait "$pid" 2> /dev/null
	for _ in $(seq 1 300); do
		[ -n "$new" ] && [ ! -e "$new" ] && ! pgrep -f "$new" > /dev/null && break
		sleep 0.1
	done
	if [ -n "$new" ] && [ ! -e "$new" ] && ! pgrep -f "$new" > /dev/null; then
		ok "killed with $sig during --db auto: no server and no folder left"
	else
		not_ok "killed with $sig during --db auto: no server and no folder left" \
			"folder: ${new:-never appeared}" "$(cat "$TMP/kill.err")" "$(pgrep -af postgres | head -5)"
	fi
}
kill_test KILL
kill_test TERM
kill_test INT
