#!/bin/sh
# schemagate policy check on PostgreSQL: a weak server fails the baseline in
# every area, a hardened one passes it, a less privileged account gets
# "unverifiable" instead of passes, and no password ever shows.
. tests/e2e/lib.sh

if [ -z "$SG_TEST_PGWEAK_URL" ] || [ -z "$SG_TEST_PGHARD_URL" ]; then
	not_ok "the policy test servers are running" "SG_TEST_PGWEAK_URL / SG_TEST_PGHARD_URL are not set"
	exit 0
fi
PW=$SG_TEST_PGHARD_PASSWORD

check() { "$SG" policy check --format json "$@" > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code"; }
ids='[f["rule"] for f in d["findings"]]'
errors_in() { echo "[f for f in d['findings'] if f['severity']=='error' and f.get('area')=='$1']"; }

# ---- the weak server ----
check --db "$SG_TEST_PGWEAK_URL"
expect_exit 1 "weak PostgreSQL: the baseline fails (exit 1)"
for area in encryption backup rbac audit; do
	expect_py "weak PostgreSQL: at least one error in $area" "len($(errors_in $area)) >= 1"
done
for id in encryption-ssl encryption-hba-weak-auth encryption-password-scram encryption-md5-hashes \
	encryption-data-checksums backup-archive-mode backup-wal-level rbac-superusers rbac-bypassrls \
	rbac-createrole rbac-login-password rbac-public-create-schema rbac-public-default-privileges \
	rbac-secdef-search-path audit-pgaudit-loaded audit-log-connections audit-log-disconnections \
	audit-log-statement; do
	expect_py "weak PostgreSQL: $id fails" "'$id' in $ids"
done
expect_py "the extra superuser is the evidence" "'sg_extra_super' in $(finding rbac-superusers)['evidence']"
expect_py "CREATE on public is found in both databases" \
	"'app:' in $(finding rbac-public-create-schema)['evidence'] and 'postgres:' in $(finding rbac-public-create-schema)['evidence']"
expect_py "trust in pg_hba is the evidence" "'trust' in $(finding encryption-hba-weak-auth)['evidence']"
expect_py "the evidence of a setting names its value" "'ssl=off' in $(finding encryption-ssl)['evidence']"
expect_py "policy findings carry source, area and help" \
	"all(f['source']=='policy' and f['area'] and f['help'] for f in d['findings'])"
expect_py "findings point at the check in the pack" \
	"$(finding encryption-ssl)['file']=='policies/packs/postgres/baseline.yaml' and $(finding encryption-ssl)['line']>1"
expect_py "pgaudit checks that need pgaudit loaded are not run" "'audit-pgaudit-classes' not in $ids"
expect_py "the summary counts the checks" \
	"d['policy']['checks']==d['policy']['passed']+d['policy']['failed']+d['policy']['unverifiable']+d['policy']['not_applicable']"

# ---- the hardened server, as its superuser over TLS ----
check --db "$SG_TEST_PGHARD_URL"
expect_exit 0 "hardened PostgreSQL: the baseline passes (exit 0)"
expect_py "hardened PostgreSQL: no error finding" "not [f for f in d['findings'] if f['severity']=='error']"
expect_py "hardened PostgreSQL: nothing unverifiable for a superuser" "d['policy']['unverifiable']==0"
expect_py "hardened PostgreSQL: most checks ran and passed" "d['policy']['passed'] >= 25"
check --db "$SG_TEST_PGHARD_URL" --policy cis
expect_py "hardened PostgreSQL: the cis pack extends the baseline" "d['policy']['checks'] > 32"

# ---- less privileged accounts: unverifiable, never a silent pass ----
check --db "$SG_TEST_PGHARD_GATE_URL"
expect_exit 0 "a plain account: warnings only (exit 0)"
expect_py "a plain account cannot read password hashes" \
	"$(finding policy-unverifiable) and any('encryption-md5-hashes' in f['message'] for f in d['findings'] if f['rule']=='policy-unverifiable')"
expect_py "a plain account cannot read pg_hba rules" \
	"any('encryption-hba-weak-auth' in f['message'] for f in d['findings'] if f['rule']=='policy-unverifiable')"
expect_py "a hidden setting is unverifiable, not passed" \
	"any('encryption-tls-min-version' in f['message'] and 'pg_monitor' in f['message'] for f in d['findings'] if f['rule']=='policy-unverifiable')"
expect_py "unverifiable findings are warnings" \
	"all(f['severity']=='warning' for f in d['findings'] if f['rule']=='policy-unverifiable')"
check --db "$SG_TEST_PGHARD_MONITOR_URL"
expect_py "pg_monitor and the pg_hba grants leave only the password hashes unverifiable" \
	"sorted(m for f in d['findings'] for m in ['encryption-md5-hashes','rbac-login-password','encryption-hba-weak-auth','encryption-tls-min-version'] if m in f['message'])==['encryption-md5-hashes','rbac-login-password']"

# ---- the session is read-only ----
cat > "$TMP/ro.yaml" <<'YAML'
pack: readonly
engine: postgres
checks:
  - id: custom-read-only
    area: custom
    title: the session is read-only
    severity: error
    remediation: none
    query: SELECT current_setting('transaction_read_only') AS ro
    expect: {equals: "on"}
  - id: custom-write
    area: custom
    title: a write is refused
    severity: warning
    remediation: none
    query: CREATE TABLE sg_policy_wrote (id int)
    expect: {rows: 0}
YAML
check --db "$SG_TEST_PGHARD_URL" --policy "$TMP/ro.yaml"
expect_py "the session is in a read-only transaction" "'custom-read-only' not in $ids"
expect_py "a check that writes is refused by the server" \
	"any('read-only' in f['message'] for f in d['findings'] if f['rule']=='policy-unverifiable')"
if psql -X -q -t -A "$SG_TEST_PGHARD_ADMIN" -c "SELECT to_regclass('sg_policy_wrote') IS NULL" 2>&1 | grep -q '^t$'; then
	ok "nothing was written"
else not_ok "nothing was written"; fi

# ---- passwords never show ----
for f in text json sarif junit markdown github gitlab; do
	"$SG" policy check --db "$SG_TEST_PGHARD_GATE_URL" --format "$f" > "$TMP/out" 2> "$TMP/err"
	expect_no_grep "no password in the $f report" "$PW" "$TMP/out"
	expect_no_grep "no password on standard error ($f)" "$PW" "$TMP/err"
done
BAD=$(printf '%s' "$SG_TEST_PGHARD_URL" | sed "s/$PW/Wrong-S3cret-pw/")
check --db "$BAD"
expect_exit 2 "a wrong password: could not run (exit 2)"
expect_grep "a wrong password: the message says why" "password authentication failed" "$TMP/err"
expect_no_grep "a wrong password is not shown" "Wrong-S3cret-pw" "$TMP/err"
expect_no_grep "a wrong password is not in the report" "Wrong-S3cret-pw" "$TMP/out"
check --db "$(printf '%s' "$SG_TEST_PGHARD_URL" | sed 's/127.0.0.1:[0-9]*/127.0.0.1:1/')"
expect_exit 2 "an unreachable server: exit 2"
expect_no_grep "an unreachable server: no password" "$PW" "$TMP/err"

# ---- the URL from the environment ----
SG_POLICY_DB=$SG_TEST_PGHARD_URL check --db '$SG_POLICY_DB'
expect_exit 0 "--db \$NAME reads the URL from the environment"
check --db '${SG_POLICY_DB_NOT_SET}'
expect_exit 2 "an unset environment variable: exit 2"
expect_grep "an unset environment variable is named" "SG_POLICY_DB_NOT_SET" "$TMP/err"

# ---- parameters ----
check --db "$SG_TEST_PGWEAK_URL" --param superusers=postgres,sg_extra_super
expect_py "--param widens the superuser allow-list" "'rbac-superusers' not in $ids"
check --db "$SG_TEST_PGWEAK_URL" --param no_such_param=1
expect_exit 2 "--param of an unknown parameter: exit 2"
expect_grep "--param of an unknown parameter is named" "no_such_param" "$TMP/err"

# ---- pgBackRest evidence ----
now=$(date +%s)
sed -e "s/@FULL_START@/$((now - 7200))/" -e "s/@FULL_STOP@/$((now - 3600))/" \
	-e "s/@INCR_START@/$((now - 700))/" -e "s/@INCR_STOP@/$((now - 600))/" \
	tests/fixtures/policy/pgbackrest-fresh.json.in > "$TMP/fresh.json"
sed -e "s/@FULL_START@/$((now - 30 * 86400))/" -e "s/@FULL_STOP@/$((now - 29 * 86400))/" \
	-e "s/@INCR_START@/$((now - 3 * 86400))/" -e "s/@INCR_STOP@/$((now - 3 * 86400))/" \
	tests/fixtures/policy/pgbackrest-fresh.json.in > "$TMP/stale.json"
check --db "$SG_TEST_PGHARD_URL" --param "pgbackrest_info=$TMP/fresh.json"
expect_py "fresh pgBackRest backups pass" "'backup-pgbackrest-full' not in $ids and 'backup-pgbackrest-incr' not in $ids"
expect_py "the pgBackRest checks ran" "d['policy']['not_applicable'] < 2"
check --db "$SG_TEST_PGHARD_URL" --param "pgbackrest_info=$TMP/stale.json"
expect_py "a full backup 29 days old fails" "'backup-pgbackrest-full' in $ids"
expect_py "the evidence says how old" "'old' in $(finding backup-pgbackrest-full)['evidence']"
sed 's/"code":0,"message":"ok","lock"/"code":2,"message":"no valid backups","lock"/' "$TMP/fresh.json" > "$TMP/status.json"
check --db "$SG_TEST_PGHARD_URL" --param "pgbackrest_info=$TMP/status.json"
expect_py "a stanza in error fails" "'status 2' in $(finding backup-pgbackrest-full)['evidence']"
echo '{"not": "an array"' > "$TMP/broken.json"
check --db "$SG_TEST_PGHARD_URL" --param "pgbackrest_info=$TMP/broken.json"
expect_py "evidence that is not pgBackRest JSON is unverifiable" \
	"any('backup-pgbackrest-full' in f['message'] for f in d['findings'] if f['rule']=='policy-unverifiable')"
check --db "$SG_TEST_PGHARD_URL" --param "pgbackrest_info=$TMP/missing.json"
expect_py "a missing evidence file is unverifiable" \
	"any('cannot read' in f['message'] for f in d['findings'] if f['rule']=='policy-unverifiable')"

# ---- a connection lost in the middle stops the run: no check after it passes ----
cat > "$TMP/kill.yaml" <<'YAML'
pack: kill
engine: postgres
checks:
  - id: custom-die
    area: custom
    title: the session ends itself
    severity: warning
    remediation: none
    query: SELECT pg_terminate_backend(pg_backend_pid())
    expect: {rows: 0}
  - id: custom-after
    area: custom
    title: would pass
    severity: warning
    remediation: none
    query: SELECT 1
    expect: {rows: 1}
YAML
check --db "$SG_TEST_PGHARD_URL" --policy "$TMP/kill.yaml"
expect_exit 2 "a connection lost during the run: exit 2, not warnings"
expect_grep "the lost connection is named with its check" "lost at check 'custom-die'" "$TMP/err"
expect_no_grep "the lost connection's message has no password" "$PW" "$TMP/err"
