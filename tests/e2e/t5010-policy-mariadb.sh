#!/bin/sh
# schemagate policy check on MariaDB 10.11: a weak server fails the MySQL
# baseline in every area, a hardened one (TLS required, at-rest encryption,
# binary log, server_audit) passes it; no password ever shows.
. tests/e2e/lib.sh

if [ -z "$SG_TEST_MYWEAK_URL" ] || [ -z "$SG_TEST_MYHARD_URL" ]; then
	not_ok "the policy test servers are running" "SG_TEST_MYWEAK_URL / SG_TEST_MYHARD_URL are not set"
	exit 0
fi
check() { "$SG" policy check --format json "$@" > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code"; }
ids='[f["rule"] for f in d["findings"]]'
password() { printf '%s' "$1" | sed 's|^mysql://[^:]*:\([^@]*\)@.*|\1|'; }

# ---- the weak server ----
check --db "$SG_TEST_MYWEAK_URL"
expect_exit 1 "weak MariaDB: the baseline fails (exit 1)"
for area in encryption backup rbac audit; do
	expect_py "weak MariaDB: at least one error in $area" \
		"len([f for f in d['findings'] if f['severity']=='error' and f['area']=='$area']) >= 1"
done
for id in encryption-require-secure-transport encryption-have-ssl encryption-connection-tls \
	encryption-key-plugin encryption-innodb-encrypt-tables encryption-encrypt-binlog backup-log-bin \
	rbac-anonymous-users rbac-remote-root rbac-empty-password-mariadb rbac-admin-privileges-mariadb \
	audit-server-audit-active; do
	expect_py "weak MariaDB: $id fails" "'$id' in $ids"
done
expect_py "the remote root account is the evidence" "'host=%' in $(finding rbac-remote-root)['evidence']"
expect_py "the all-privileges account is the evidence" "'sg_weak' in $(finding rbac-admin-privileges-mariadb)['evidence']"
expect_py "the gate account's PROCESS and BINLOG MONITOR are not admin privileges" \
	"'sg_admin' not in $(finding rbac-admin-privileges-mariadb)['evidence']"
expect_py "MySQL-only checks do not run on MariaDB" "not [i for i in $ids if i.endswith('-mysql')]"
expect_py "server_audit checks that need the plugin are not run" "'audit-server-audit-logging' not in $ids"
expect_py "the engine is named in the summary" "d['policy']['database'].startswith('mysql://sg_admin:***@')"

# ---- the hardened server, over TLS ----
check --db "$SG_TEST_MYHARD_URL"
expect_exit 0 "hardened MariaDB: the baseline passes (exit 0)"
expect_py "hardened MariaDB: no error finding" "not [f for f in d['findings'] if f['severity']=='error']"
expect_py "hardened MariaDB: nothing unverifiable" "d['policy']['unverifiable']==0"
expect_py "hardened MariaDB: the encryption and audit checks ran" "d['policy']['passed'] >= 20"
check --db "$(printf '%s' "$SG_TEST_MYHARD_URL" | sed 's/ssl-mode=required/ssl-mode=disabled/')"
expect_exit 2 "hardened MariaDB refuses a connection without TLS (exit 2)"
expect_grep "the refusal says why" "Access denied\|secure transport" "$TMP/err"

# ---- an account without grants: unverifiable, never a silent pass ----
mariadb --no-defaults --socket="$SG_TEST_MYWEAK_SOCKET" -u"$(id -un)" -e \
	"DROP USER IF EXISTS 'sg_nogrant'@'127.0.0.1'; CREATE USER 'sg_nogrant'@'127.0.0.1' IDENTIFIED BY 'No-grant-s3cret'" \
	> "$TMP/my.out" 2>&1 || not_ok "create an account without grants" "$(cat "$TMP/my.out")"
NOGRANT=$(printf '%s' "$SG_TEST_MYWEAK_URL" | sed 's|mysql://[^@]*@|mysql://sg_nogrant:No-grant-s3cret@|; s|/mysql$|/|')
check --db "$NOGRANT"
expect_py "without SELECT on mysql.*, the account checks are unverifiable" \
	"any('rbac-anonymous-users' in f['message'] for f in d['findings'] if f['rule']=='policy-unverifiable')"
expect_py "an unverifiable check is never counted as passed" \
	"not any(i in ('rbac-anonymous-users','rbac-remote-root') for i in $ids)"

# ---- the session is read-only ----
cat > "$TMP/ro.yaml" <<'YAML'
pack: readonly
engine: mysql
checks:
  - id: custom-read-only
    area: custom
    title: the session is read-only
    severity: error
    remediation: none
    query: SELECT @@session.transaction_read_only AS ro
    expect: {equals: 1}
  - id: custom-write
    area: custom
    title: a write is refused
    severity: warning
    remediation: none
    query: CREATE TABLE mysql.sg_policy_wrote (id int)
    expect: {rows: 0}
YAML
check --db "$SG_TEST_MYHARD_URL" --policy "$TMP/ro.yaml"
expect_py "the session is read-only" "'custom-read-only' not in $ids"
expect_py "a check that writes is refused by the server" \
	"any('READ ONLY' in f['message'].upper() for f in d['findings'] if f['rule']=='policy-unverifiable')"
cat > "$TMP/wrote.yaml" <<'YAML'
pack: wrote
engine: mysql
checks:
  - id: custom-nothing-written
    area: custom
    title: the table a check tried to create does not exist
    severity: error
    remediation: none
    query: SELECT table_name FROM information_schema.tables WHERE table_schema = 'mysql' AND table_name = 'sg_policy_wrote'
    expect: {rows: 0}
YAML
check --db "$SG_TEST_MYHARD_URL" --policy "$TMP/wrote.yaml"
expect_py "nothing was written" "d['policy']['passed']==1"

# ---- passwords never show ----
PW=$(password "$SG_TEST_MYHARD_URL")
for f in text json sarif junit markdown; do
	"$SG" policy check --db "$SG_TEST_MYHARD_URL" --format "$f" > "$TMP/out" 2> "$TMP/err"
	expect_no_grep "no password in the $f report" "$PW" "$TMP/out"
	expect_no_grep "no password on standard error ($f)" "$PW" "$TMP/err"
done
check --db "$(printf '%s' "$SG_TEST_MYHARD_URL" | sed "s/$PW/Wrong-My-S3cret/")"
expect_exit 2 "a wrong password: could not run (exit 2)"
expect_grep "a wrong password: the message says why" "Access denied" "$TMP/err"
expect_no_grep "a wrong password is not shown" "Wrong-My-S3cret" "$TMP/err"
check --db "mysql://sg_admin:Wrong-My-S3cret@127.0.0.1:1/mysql"
expect_exit 2 "an unreachable server: exit 2"
expect_no_grep "an unreachable server: no password" "Wrong-My-S3cret" "$TMP/err"

# ---- a PostgreSQL pack on MariaDB ----
check --db "$SG_TEST_MYHARD_URL" --policy cis
expect_exit 2 "a pack the engine does not have: exit 2"
