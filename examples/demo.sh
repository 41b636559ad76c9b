#!/bin/sh
# make demo: the gate on a pull request of the bundled example project
# (examples/migrations, golang-migrate layout). A throwaway git repository
# gets migrations 1 and 2 on main, the history already applied in
# production; the branch add-user-status adds 3 to 6 (3 is the unsafe
# first draft, 4 to 6 do the same change online) and also renames an
# index inside migration 2, which production already ran.
cd "$(dirname "$0")/.." || exit 2
SG=$(pwd)/${SG_BIN:-build/schemagate}
FIXTURE=$(pwd)/examples/fixture.sql
REPO=$(mktemp -d)
PROD=""
trap 'stop_production; rm -rf "$REPO"' EXIT

# "production" for the policy stage: a PostgreSQL as initdb leaves it, on a
# private socket, as the postgres user when run as root.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
start_production() {
	PROD=$(mktemp -d /tmp/schemagate-demo-prod.XXXXXX)
	[ "$(id -u)" -ne 0 ] || chown postgres "$PROD"
	as_postgres "$PGBIN/initdb" -D "$PROD/data" -U postgres --no-sync > "$PROD/initdb.log" 2>&1 &&
		as_postgres "$PGBIN/pg_ctl" -D "$PROD/data" -l "$PROD/log" -w start \
			-o "-c listen_addresses= -k $PROD -p 5999" > /dev/null
}
stop_production() {
	[ -n "$PROD" ] || return 0
	as_postgres "$PGBIN/pg_ctl" -D "$PROD/data" -m immediate -w stop > /dev/null 2>&1
	rm -rf "$PROD"
}

git() { command git -C "$REPO" -c user.name=demo -c user.email=demo@example.com "$@"; }

git init -q -b main
mkdir -p "$REPO/db/migrations"
cp examples/migrations/00000[12]_* "$REPO/db/migrations/"
git add -A && git commit -qm "users and orders (in production)"
git checkout -q -b add-user-status
cp examples/migrations/00000[3-6]_* "$REPO/db/migrations/"
sed -i 's/orders_user_id_idx/orders_user_idx/' "$REPO/db/migrations/000002_add_orders.up.sql"
git add -A

echo "== a pull request against main (git status of the branch):"
git status --short | sed 's/^/   /'
echo
echo "== schemagate diff --base main   (in the repository; the working tree is the head)"
echo
(cd "$REPO" && "$SG" diff --base main --color=auto)
rc=$?
echo
echo "== the same report as JSON (summary line)"
(cd "$REPO" && "$SG" diff --base main --format json -q | sed 's/.*"summary"/"summary"/')
echo
echo "exit code $rc: 1 means the gate fails: migration 2 is already in production and"
echo "was edited, and migration 3 would lock, rewrite or scan the users table."
echo "'build/schemagate rules RULE' explains a rule."
[ "$rc" -eq 1 ] || exit 1
# The gate reads the commit in CI (CI=true) and the working tree elsewhere: commit, so both agree.
git commit -qm "add user status"

echo
echo "== schemagate gate --base main --db auto --setup examples/fixture.sql"
echo "   (a throwaway PostgreSQL: main's migrations, then production-like rows, then the"
echo "   branch's migrations, watched statement by statement)"
echo
(cd "$REPO" && "$SG" gate --base main --db auto --setup "$FIXTURE" --color=auto)
rc=$?
echo
echo "exit code $rc: on real rows migration 3 fails outright (status NOT NULL without a"
echo "default), so the migrations after it were not run."
[ "$rc" -eq 1 ] || exit 1

git rm -q -r --cached db/migrations/000003_user_status.up.sql db/migrations/000003_user_status.down.sql
rm "$REPO"/db/migrations/000003_*
git checkout -q main -- db/migrations/000002_add_orders.up.sql
git commit -qam "drop the first draft, keep migration 2 as merged"
echo
echo "== the branch without the first draft and without the edit of migration 2:"
echo "   schemagate gate --base main --db auto --setup examples/fixture.sql"
echo
(cd "$REPO" && "$SG" gate --base main --db auto --setup "$FIXTURE" --color=auto)
rc=$?
echo
echo "exit code $rc: the engine confirms the online way: one brief ACCESS EXCLUSIVE with a"
echo "lock_timeout, VALIDATE under SHARE UPDATE EXCLUSIVE (reads and writes go on), and"
echo "the index built CONCURRENTLY outside a transaction."
[ "$rc" -eq 0 ] || exit 1

echo
echo "== schemagate policy check --db 'host=... dbname=postgres'   (the database the release goes to)"
echo "   (here a PostgreSQL exactly as initdb leaves it: the built-in baseline pack, read-only)"
echo
start_production || { echo "could not start the demo's PostgreSQL" >&2; exit 1; }
"$SG" policy check --db "host=$PROD port=5999 user=postgres dbname=postgres" --color=auto
rc=$?
echo
echo "exit code $rc: a default cluster is not production-ready: no TLS, trust logins, no WAL"
echo "archiving, no pgaudit. In a pipeline: gate --policy-db \$PROD_DB_URL (or policy.db in"
echo ".schemagate.yaml) adds this stage; waivers with an expiry accept a finding for a while."
[ "$rc" -eq 1 ]
