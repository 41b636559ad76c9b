#!/bin/sh
# schemagate dry-run against the staging PostgreSQL that tests/run.sh starts
# (SG_TEST_PG_URL): what the engine really does for the hazards of
# ../shared/reference/pg-hazards.md that it can show, and one verdict with lint.
. "$(dirname "$0")/lib.sh"
SETUP=$FIX/dryrun/fixture.sql

if [ -z "$SG_TEST_PG_URL" ]; then
	not_ok "the test PostgreSQL is running" "SG_TEST_PG_URL is not set: tests/servers.sh did not start it"
	exit 0
fi

# A staging database of this run's own, holding the fixture (committed, as
# on a real staging server, so that the probe session sees its tables).
DB=staging_t3000
psql -X -q "$SG_TEST_PG_ADMIN" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB OWNER sg_test" > "$TMP/psql.out" 2>&1
URL=$(printf '%s' "$SG_TEST_PG_URL" | sed "s|/staging\$|/$DB|")
if psql -X -q -v ON_ERROR_STOP=1 "$URL" -f "$SETUP" >> "$TMP/psql.out" 2>&1; then
	ok "the staging database holds the fixture"
else
	not_ok "the staging database holds the fixture" "$(cat "$TMP/psql.out")"
fi

# dr NAME SQL [OPTION...]: dry-run SQL (as NAME.sql) on staging; JSON in $TMP/out.json
dr() {
	name=$1 sql=$2
	shift 2
	printf '%s\n' "$sql" > "$TMP/$name.sql"
	"$SG" dry-run --db "$URL" --format json "$@" "$TMP/$name.sql" > "$TMP/out.json" 2> "$TMP/err"
	echo $? > "$TMP/rc"
}

# expect_json TITLE EXPR: a Python expression over the last report is true.
# F: findings, S: dry-run statements; rules(), errors(), finding(rule),
# locks(i) {relation: mode}, lock(i, rel), rewritten(i), events(i), rc.
expect_json() {
	if python3 - "$TMP/out.json" "$(cat "$TMP/rc")" "$2" > "$TMP/py.out" 2>&1 <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
rc = int(sys.argv[2])
F = r["findings"]
S = r.get("dry_run", {}).get("statements", [])
def rules(sev=None): return {f["rule"] for f in F if sev is None or f["severity"] == sev}
def errors(): return rules("error")
def finding(rule): return next((f for f in F if f["rule"] == rule), None)
def locks(i): return {l["relation"]: l["mode"] for l in S[i]["locks"]}
def lock(i, rel): return next(l for l in S[i]["locks"] if l["relation"] == rel)
def rewritten(i): return S[i]["rewritten"]
def events(i): return " | ".join(S[i]["events"])
ok = eval(sys.argv[3])
if not ok:
    print(json.dumps(r, indent=1)[:4000])
sys.exit(0 if ok else 1)
EOF
	then ok "$1"; else not_ok "$1" "false: $2" "$(cat "$TMP/py.out" "$TMP/err")"; fi
}

# ---- column types: what the old type decides ----

dr int_to_bigint "ALTER TABLE users ALTER COLUMN id TYPE bigint;"
expect_json "int -> bigint rewrites the table under ACCESS EXCLUSIVE" \
	'rewritten(0) == ["users"] and locks(0)["users"] == "ACCESS EXCLUSIVE" and rc == 1'
expect_json "the rewrite confirms change-column-type, which carries the evidence" \
	'finding("change-column-type")["observed"]["rewritten"] == ["users"] and "table-rewrite" not in rules()'
expect_json "the probe: a second session could neither read nor write users" \
	'lock(0, "users")["reads_blocked"] is True and lock(0, "users")["writes_blocked"] is True'
expect_json "int -> bigint is not a breaking change" '"breaking-change" not in rules()'

dr varchar_widen "ALTER TABLE users ALTER COLUMN email TYPE varchar(100);"
expect_json "varchar(50) -> varchar(100) does not rewrite: the lint prediction is withdrawn" \
	'rewritten(0) == [] and "change-column-type" not in rules() and not errors() and rc == 0'
expect_json "the type change is observed" '"character varying(50) -> character varying(100)" in events(0)'

dr varchar_text "ALTER TABLE users ALTER COLUMN email TYPE text;"
expect_json "varchar -> text does not rewrite and passes" 'rewritten(0) == [] and not errors()'

dr numeric_wider "ALTER TABLE users ALTER COLUMN score TYPE numeric(12,2);"
expect_json "numeric(10,2) -> numeric(12,2) does not rewrite and passes" 'rewritten(0) == [] and not errors()'

dr varchar_narrow "ALTER TABLE users ALTER COLUMN email TYPE varchar(40);"
expect_json "varchar(50) -> varchar(40) rewrites and is a breaking change" \
	'rewritten(0) == ["users"] and "breaking-change" in rules() and rc == 1'

dr bigint_to_int "ALTER TABLE users ALTER COLUMN big_id TYPE int;"
expect_json "bigint -> int narrows: breaking-change" '"breaking-change" in errors()'

dr int_to_text "ALTER TABLE users ALTER COLUMN age TYPE text;"
expect_json "int -> text rewrites and breaks readers" \
	'"breaking-change" in errors() and rewritten(0) == ["users"]'

# ---- defaults: what a function really does ----

dr default_now "ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();"
expect_json "ADD COLUMN DEFAULT now() does not rewrite" 'rewritten(0) == [] and not errors()'

dr default_clock "ALTER TABLE users ADD COLUMN touched_at timestamptz DEFAULT clock_timestamp();"
expect_json "ADD COLUMN DEFAULT clock_timestamp() rewrites" \
	'rewritten(0) == ["users"] and finding("add-column-rewrite-default")["observed"]["rewritten"] == ["users"]'

dr default_stable_fn "ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT stable_now();"
expect_json "a user function declared STABLE does not rewrite: lint's guess is withdrawn" \
	'rewritten(0) == [] and "add-column-rewrite-default" not in rules() and not errors()'

dr default_volatile_fn "ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT volatile_now();"
expect_json "a user function that is VOLATILE rewrites" \
	'rewritten(0) == ["users"] and "add-column-rewrite-default" in errors()'

dr add_serial "ALTER TABLE users ADD COLUMN seq serial;"
expect_json "ADD COLUMN serial rewrites" 'rewritten(0) == ["users"] and "add-column-serial" in errors()'

# ---- indexes ----

dr create_index "CREATE INDEX orders_user_id_idx ON orders (user_id);"
expect_json "CREATE INDEX takes SHARE on orders" 'locks(0) == {"orders": "SHARE"}'
expect_json "the probe: reads continue, writes are blocked" \
	'lock(0, "orders")["reads_blocked"] is False and lock(0, "orders")["writes_blocked"] is True'
expect_json "the build is observed and confirms require-concurrent-index-creation" \
	'"built index orders_user_id_idx on orders" in events(0) and finding("require-concurrent-index-creation")["observed"] and "blocking-lock" not in rules()'

dr create_index_cic "CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);"
expect_json "CREATE INDEX CONCURRENTLY is not run on staging: info only" \
	'S[0]["status"] == "not-run" and finding("dry-run-unverified")["severity"] == "info" and not errors()'

dr reindex "REINDEX INDEX orders_pkey;"
expect_json "REINDEX rebuilds the index (relfilenode changed)" \
	'rewritten(0) == ["index orders_pkey"] or rewritten(0) == ["orders_pkey"]'

# ---- constraints ----

dr fk_valid "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);"
expect_json "a validating FOREIGN KEY holds SHARE ROW EXCLUSIVE on both tables" \
	'locks(0) == {"users": "SHARE ROW EXCLUSIVE", "orders": "SHARE ROW EXCLUSIVE"}'
expect_json "it is validated while writes are blocked: add-foreign-key confirmed" \
	'"validated constraint orders_user_fk on orders" in events(0) and finding("add-foreign-key")["observed"] and lock(0, "orders")["writes_blocked"] is True'

dr fk_not_valid "SET lock_timeout = '1s';
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"
expect_json "FOREIGN KEY NOT VALID validates nothing and passes" \
	'"validated" not in events(1) and not errors() and rc == 0'

dr fk_validate "SET lock_timeout = '1s';
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
COMMIT;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;"
expect_json "VALIDATE CONSTRAINT scans under SHARE UPDATE EXCLUSIVE: writes continue" \
	'locks(3)["orders"] == "SHARE UPDATE EXCLUSIVE" and lock(3, "orders")["writes_blocked"] is False and "blocking-lock" not in rules()'

dr fk_new_column "SET lock_timeout = '1s';
ALTER TABLE orders ADD COLUMN buyer int REFERENCES users (id);"
expect_json "ADD COLUMN ... REFERENCES on a new NULL column is marked valid without a scan" \
	'"validated" not in events(1) and "scanned" not in events(1) and not errors()'

dr fk_new_column_default "SET lock_timeout = '1s';
ALTER TABLE orders ADD COLUMN buyer int DEFAULT 1 REFERENCES users (id);"
expect_json "with a DEFAULT the new column has values: the key is checked, scanning orders" \
	'"scanned orders" in events(1) and finding("add-foreign-key")["observed"]'

dr domain_used "SET lock_timeout = '1s';
ALTER DOMAIN positive_int ADD CONSTRAINT positive_int_check CHECK (VALUE > 0);"
expect_json "a domain constraint scans the tables using the domain under SHARE" \
	'locks(1) == {"users": "SHARE"} and "scanned users" in events(1) and "domain-constraint-scan" in errors()'

dr domain_unused "SET lock_timeout = '1s';
ALTER DOMAIN unused_int ADD CONSTRAINT unused_int_check CHECK (VALUE > 0);"
expect_json "a domain no table uses scans nothing: domain-constraint-scan withdrawn" \
	'S[1]["locks"] == [] and not errors()'

dr check_valid "ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);"
expect_json "a validated CHECK scans under ACCESS EXCLUSIVE: add-check-constraint confirmed" \
	'"validated constraint users_age_check on users" in events(0) and finding("add-check-constraint")["observed"]'

dr set_not_null "ALTER TABLE users ALTER COLUMN age SET NOT NULL;"
expect_json "SET NOT NULL scans the table: set-not-null confirmed" \
	'"scanned users" in events(0) and finding("set-not-null")["observed"]'

dr set_not_null_checked "ALTER TABLE accounts ALTER COLUMN owner SET NOT NULL;"
expect_json "SET NOT NULL with a validated CHECK (owner IS NOT NULL) skips the scan: withdrawn" \
	'"scanned" not in events(0) and "set-not-null" not in rules() and "blocking-lock" not in rules()'

dr add_unique "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"
expect_json "ADD UNIQUE builds an index under ACCESS EXCLUSIVE" \
	'"built index users_email_key on users" in events(0) and "add-unique-constraint" in errors()'

dr not_null_no_default "ALTER TABLE users ADD COLUMN tenant int NOT NULL;"
expect_json "ADD COLUMN NOT NULL without a default fails on a table with rows: dry-run-error with the SQLSTATE" \
	'S[0]["status"] == "failed" and "23502" in finding("dry-run-error")["message"] and rc == 1'

dr bad_type "SET lock_timeout = '1s';
ALTER TABLE users ADD COLUMN x nosuchtype;"
expect_json "the server's error position maps to file:line:column" \
	'finding("dry-run-error")["line"] == 2 and finding("dry-run-error")["column"] == 32'

# ---- partitions, views, storage ----

dr attach_scan "ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
expect_json "ATTACH PARTITION without a matching CHECK scans the partition" \
	'"scanned events_2024" in events(0) and "attach-partition-scan" in errors()'

dr attach_checked "ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"
expect_json "ATTACH PARTITION with a CHECK that implies the bound does not scan: withdrawn" \
	'"scanned" not in events(0) and "attach-partition-scan" not in rules()'

dr refresh_mv "REFRESH MATERIALIZED VIEW user_totals;"
expect_json "REFRESH MATERIALIZED VIEW replaces the view's storage and blocks its reads" \
	'rewritten(0) == ["user_totals"] and locks(0)["user_totals"] == "ACCESS EXCLUSIVE" and lock(0, "user_totals")["reads_blocked"] is True'

dr refresh_mv_concurrently "SET lock_timeout = '1s';
REFRESH MATERIALIZED VIEW CONCURRENTLY user_totals;"
expect_json "REFRESH ... CONCURRENTLY takes EXCLUSIVE, which lets reads of the view go on" \
	'locks(1)["user_totals"] == "EXCLUSIVE" and lock(1, "user_totals")["reads_blocked"] is False and rewritten(1) == [] and not errors()'

dr set_unlogged "ALTER TABLE orders SET UNLOGGED;"
expect_json "SET UNLOGGED rewrites" 'rewritten(0) == ["orders"] and "table-rewrite-set" in errors()'

dr cluster "CLUSTER users USING users_pkey;"
expect_json "CLUSTER rewrites" 'rewritten(0) == ["users"]'

# ---- breaking changes ----

dr drop_column "ALTER TABLE users DROP COLUMN name;"
expect_json "DROP COLUMN: the catalog shows it, folded into ban-drop-column" \
	'"ban-drop-column" in errors() and "breaking-change" not in rules() and finding("ban-drop-column")["observed"]'

dr rename_table "ALTER TABLE orders RENAME TO purchases;"
expect_json "RENAME TABLE is a breaking change the catalog shows" \
	'finding("rename-table")["observed"] and "breaking-change" not in rules()'

dr drop_table "DROP TABLE accounts;"
expect_json "DROP TABLE is seen as dropped" '"ban-drop-table" in errors()'

dr drop_view_like "ALTER TABLE users RENAME COLUMN name TO full_name;"
expect_json "RENAME COLUMN is confirmed by the catalog" 'finding("rename-column")["observed"]'

# ---- locks held across statements, and timeouts ----

dr long_after_lock "BEGIN;
SET LOCAL lock_timeout = '1s';
ALTER TABLE users ADD COLUMN flag boolean;
CREATE INDEX orders_total_idx ON orders (total);
COMMIT;"
expect_json "an index build while ACCESS EXCLUSIVE on users is held in the same transaction" \
	'locks(3)["users"] == "ACCESS EXCLUSIVE" and locks(3)["orders"] == "SHARE" and lock(3, "users")["reads_blocked"] is True'

dr backfill_under_lock "BEGIN;
SET LOCAL lock_timeout = '1s';
ALTER TABLE users ADD COLUMN flag2 boolean;
UPDATE users SET flag2 = true;
COMMIT;"
expect_json "a backfill under ACCESS EXCLUSIVE stands: its cost depends on production's rows" \
	'"lock-held-during-long-operation" in errors() and locks(3)["users"] == "ACCESS EXCLUSIVE"'

dr no_timeout "ALTER TABLE users ADD COLUMN note text;"
expect_json "a brief ACCESS EXCLUSIVE without lock_timeout: require-lock-timeout confirmed by the engine" \
	'finding("require-lock-timeout")["observed"]["locks"][0]["mode"] == "ACCESS EXCLUSIVE"'

dr with_timeout "SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN note text;"
expect_json "with lock_timeout set there is nothing to report" 'F == [] and rc == 0'

dr timeout_off "SET lock_timeout = 0;
ALTER TABLE users ADD COLUMN note text;"
expect_json "lock_timeout turned off by the migration is seen" '"require-lock-timeout" in rules() or "lock-without-timeout" in rules()'

dr stmt_timeout "SET lock_timeout = '1s';
SELECT pg_sleep(5);" --statement-timeout 300ms
expect_json "a statement cancelled by statement_timeout is a dry-run-error saying so" \
	'"statement_timeout" in finding("dry-run-error")["message"]'

# ---- transaction control never commits on staging ----

dr tx_commit "BEGIN;
CREATE TABLE made_by_dry_run (id int);
COMMIT;
CREATE TABLE made_after_commit (id int);
COMMIT AND CHAIN;
ROLLBACK;"
expect_json "BEGIN/COMMIT/ROLLBACK written in a migration run as savepoints" 'rc == 0 and all(s["status"] == "ran" for s in S)'
psql -X -q -t -A "$URL" -c "SELECT count(*) FROM pg_class WHERE relname IN ('made_by_dry_run', 'made_after_commit')" > "$TMP/left" 2>&1
expect_grep "nothing a migration's COMMIT covered persists on staging" '^0$' "$TMP/left"

dr two_phase "BEGIN;
CREATE TABLE t2pc (id int);
PREPARE TRANSACTION 'x';"
expect_json "PREPARE TRANSACTION is refused, never run" \
	'S[2]["status"] == "not-run" and "dry-run-unverified" in rules()'

dr do_commit "CREATE TABLE t_do (id int);
DO \$\$ BEGIN INSERT INTO t_do VALUES (1); COMMIT; END \$\$;
INSERT INTO t_do VALUES (2);"
expect_json "a DO block that commits is not verified on staging, and the run goes on" \
	'S[1]["status"] == "not-run" and S[2]["status"] == "ran" and not errors()'

dr vacuum "VACUUM users;"
expect_json "VACUUM is not run on staging: info" 'S[0]["status"] == "not-run" and rc == 0'

# ---- formats, passwords ----

dr text_table "SET lock_timeout = '1s';
ALTER TABLE users ALTER COLUMN id TYPE bigint;" --format text
expect_grep "text output has the per-statement table" 'users ACCESS EXCLUSIVE.*users.*reads, writes' "$TMP/out.json"
expect_no_grep "the password never appears in the text report" "$SG_TEST_PG_PASSWORD" "$TMP/out.json"
dr json_db "SELECT 1;"
expect_json "the JSON names the database with its password hidden" \
	'r["dry_run"]["database"].startswith("postgresql://sg_test:") and "s3cret" not in r["dry_run"]["database"]'

bad_url=$(printf '%s' "$URL" | sed 's/Sg-test-s3cret/Wrong-s3cret-pw/')
expect_code 2 "a database that refuses the login: exit 2" \
	"$SG" dry-run --db "$bad_url" "$TMP/json_db.sql"
expect_grep "the login failure is reported" "password authentication failed" "$TMP/err"
expect_no_grep "the wrong password is not in the message" "Wrong-s3cret-pw" "$TMP/err"

printf 'CREATE TABLE x (;\n' > "$TMP/bad_setup.sql"
expect_code 2 "a set-up file that does not parse: exit 2" \
	"$SG" dry-run --db "$URL" --setup "$TMP/bad_setup.sql" "$TMP/json_db.sql"
expect_grep "it says which file" "bad_setup.sql" "$TMP/err"
printf 'SELECT 1;\nINSERT INTO nope VALUES (1);\n' > "$TMP/failing_setup.sql"
expect_code 2 "a set-up statement that fails: exit 2 at file:line:column" \
	"$SG" dry-run --db "$URL" --setup "$TMP/failing_setup.sql" "$TMP/json_db.sql"
expect_grep "located" "failing_setup.sql:2:13: the set-up failed" "$TMP/err"
