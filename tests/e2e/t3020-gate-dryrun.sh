#!/bin/sh
# schemagate gate --db: the migrations a change adds are dry-run on a real
# PostgreSQL; on a throwaway one the base branch's migrations build the
# schema first, on a staging one (URL) the schema is already there.
. tests/e2e/lib.sh

SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
R="$TMP/repo"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
unset CI GITHUB_ACTIONS GITHUB_BASE_REF GITHUB_STEP_SUMMARY GITLAB_CI CI_MERGE_REQUEST_DIFF_BASE_SHA

put() { mkdir -p "$(dirname "$R/$1")" && printf '%s\n' "$2" > "$R/$1"; }
gm() { put "db/migrations/$1.up.sql" "$2"; put "db/migrations/$1.down.sql" "SELECT 1;"; }

mkdir -p "$R"
git -C "$R" init -q -b main
gm 000001_create_users "CREATE TABLE users (id int PRIMARY KEY, email varchar(50), score numeric(10,2));
INSERT INTO users SELECT g, 'u' || g, g FROM generate_series(1, 1000) g;"
gm 000002_create_orders "CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));"
git -C "$R" add -A && git -C "$R" commit -qm base
git -C "$R" checkout -q -b feature
gm 000003_widen "SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN email TYPE varchar(200);"
gm 000004_bigint "SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN id TYPE bigint;"
git -C "$R" add -A && git -C "$R" commit -qm change

# check TITLE EXPR: a Python expression over the JSON report on standard output
check() {
	if python3 - "$TMP/out" "$2" > "$TMP/py.out" 2>&1 <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
F = r["findings"]
rules = {(f["rule"], f["file"].split("/")[-1]) for f in F}
S = r.get("dry_run", {}).get("statements", [])
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps(r, indent=1)[:3000])
sys.exit(0 if ok else 1)
EOF
	then ok "$1"; else not_ok "$1" "false: $2" "$(cat "$TMP/py.out" "$TMP/err")"; fi
}

(cd "$R" && "$SGA" gate --base main --head feature --db auto --format json > "$TMP/out" 2> "$TMP/err")
code=$?
[ "$code" -eq 1 ] && ok "gate --db auto fails the change that rewrites users" ||
	not_ok "gate --db auto fails the change that rewrites users" "exit $code" "$(cat "$TMP/err")"
check "only the added migrations are dry-run, on the schema the base branch built" \
	'[s["file"].split("/")[-1] for s in S] == ["000003_widen.up.sql"] * 2 + ["000004_bigint.up.sql"] * 2'
check "the widening is withdrawn by the engine, the int -> bigint rewrite confirmed" \
	'("change-column-type", "000004_bigint.up.sql") in rules and ("change-column-type", "000003_widen.up.sql") not in rules and S[3]["rewritten"] == ["users"]'
check "the rows the base migrations inserted are there" '"~1000 rows" in " ".join(S[3]["events"])'

(cd "$R" && "$SGA" gate --base main --head feature --format json > "$TMP/out" 2> "$TMP/err")
check "without --db the gate does not dry-run" '"dry_run" not in r'

# A staging database that already has the base schema: nothing is applied first.
if [ -n "$SG_TEST_PG_URL" ]; then
	DB=staging_t3020
	psql -X -q "$SG_TEST_PG_ADMIN" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB OWNER sg_test" > "$TMP/psql.out" 2>&1
	URL=$(printf '%s' "$SG_TEST_PG_URL" | sed "s|/staging\$|/$DB|")
	cat "$R"/db/migrations/00000[12]_*.up.sql | psql -X -q -v ON_ERROR_STOP=1 "$URL" >> "$TMP/psql.out" 2>&1
	(cd "$R" && "$SGA" gate --base main --head feature --db "$URL" --format json > "$TMP/out" 2> "$TMP/err")
	check "gate --db URL dry-runs on staging, rolled back" \
		'r["dry_run"]["database"].endswith("/staging_t3020") and "***" in r["dry_run"]["database"] and S[3]["rewritten"] == ["users"]'
	psql -X -q -t -A "$URL" -c "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'id'" > "$TMP/type" 2>&1
	expect_grep "staging still has the old type" '^integer$' "$TMP/type"
else
	not_ok "the test PostgreSQL is running" "SG_TEST_PG_URL is not set"
fi
