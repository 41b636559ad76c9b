#!/bin/sh
# Policy and waiver files: every mistake is reported at file:line:column
# with exit 2; waivers apply until their expiry date, expired ones are
# reported, mandatory checks cannot be waived; packs extend and override.
. tests/e2e/lib.sh

if [ -z "$SG_TEST_PGWEAK_URL" ]; then
	not_ok "the policy test servers are running" "SG_TEST_PGWEAK_URL is not set"
	exit 0
fi
DB=$SG_TEST_PGWEAK_URL
check() { "$SG" policy check --db "$DB" --format json "$@" > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code"; }
day() { date -u -d "$1" +%Y-%m-%d; }

# ---- waivers ----
cat > "$TMP/waivers.yaml" <<EOF2
waivers:
  - check: rbac-bypassrls
    reason: the backup role dumps every tenant
    ticket: SEC-101
    expires: $(day '+30 days')
  - check: rbac-createrole
    reason: the provisioning role, until SSO
    approver: security-lead
    expires: $(day '-1 day')
  - check: audit-log-*
    reason: logging moves to the collector next sprint
    ticket: OPS-7
    expires: $(day 'today')
EOF2
check --waivers "$TMP/waivers.yaml"
expect_exit 1 "waivers: the other failures still fail the run"
expect_py "a waiver expiring in the future applies: the finding is info" \
	"$(finding rbac-bypassrls)['severity']=='info' and 'waived until' in $(finding rbac-bypassrls)['message']"
expect_py "the waived finding names the reason and the ticket" \
	"'SEC-101' in $(finding rbac-bypassrls)['message'] and 'backup role' in $(finding rbac-bypassrls)['message']"
expect_py "a waiver expiring today still applies" "$(finding audit-log-connections)['severity']=='info'"
expect_py "a glob waives every check it matches" "$(finding audit-log-statement)['severity']=='info'"
expect_py "an expired waiver does not apply" "$(finding rbac-createrole)['severity']=='error'"
expect_py "an expired waiver is itself reported" \
	"$(finding policy-waiver-expired)['severity']=='warning' and 'rbac-createrole' in $(finding policy-waiver-expired)['message']"
expect_py "the expired waiver is located in the waiver file" \
	"$(finding policy-waiver-expired)['file'].endswith('waivers.yaml') and $(finding policy-waiver-expired)['line']==6"
expect_py "waived checks are counted" "d['policy']['waived']==5"

# expect_bad TITLE WHERE MESSAGE: the last run exited 2 with "WHERE: ...MESSAGE" on stderr.
expect_bad() {
	expect_exit 2 "$1: exit 2"
	if grep -q -e "$2: .*$3" "$TMP/err"; then ok "$1: located"; else
		not_ok "$1: located" "expected '$2: ...$3' in:" "$(cat "$TMP/err")"
	fi
}
waiver() { printf 'waivers:\n  - check: %s\n    reason: r\n    ticket: T-1\n    expires: %s\n' "$1" "$2" > "$TMP/w.yaml"; }

waiver rbac-superusers "$(day '+5 days')"
check --waivers "$TMP/w.yaml"
expect_bad "a mandatory check cannot be waived" "w.yaml:2:12" "mandatory"
waiver 'rbac-*' "$(day '+5 days')"
check --waivers "$TMP/w.yaml"
expect_exit 1 "a glob passes over mandatory checks"
expect_py "the glob does not waive the mandatory check" "$(finding rbac-superusers)['severity']=='error'"
expect_py "the glob waives the others" "$(finding rbac-bypassrls)['severity']=='info'"
waiver rbac-no-such-check "$(day '+5 days')"
check --waivers "$TMP/w.yaml"
expect_bad "a waiver naming no check" "w.yaml:2:12" "no check"
waiver rbac-bypassrls 2026-02-30
check --waivers "$TMP/w.yaml"
expect_bad "a date that does not exist" "w.yaml:5:14" "YYYY-MM-DD"
printf 'waivers:\n  - check: rbac-bypassrls\n    reason: r\n    ticket: T\n' > "$TMP/w.yaml"
check --waivers "$TMP/w.yaml"
expect_bad "a waiver without an expiry date" "w.yaml:2:5" "expires"
printf 'waivers:\n  - check: rbac-bypassrls\n    reason: r\n    expires: 2099-01-01\n' > "$TMP/w.yaml"
check --waivers "$TMP/w.yaml"
expect_bad "a waiver without a ticket or an approver" "w.yaml:2:5" "ticket"
printf 'waivers:\n  - check: rbac-bypassrls\n    reason: r\n    ticket: T\n    expire: 2099-01-01\n' > "$TMP/w.yaml"
check --waivers "$TMP/w.yaml"
expect_bad "a misspelt key in a waiver" "w.yaml:5:5" "unknown key 'expire'"
printf 'waivers:\n  - check: [rbac\n' > "$TMP/w.yaml"
check --waivers "$TMP/w.yaml"
expect_bad "a waiver file that is not YAML" "w.yaml:3:1" "invalid YAML"
check --waivers "$TMP/none.yaml"
expect_exit 2 "a waiver file that does not exist: exit 2"

# ---- packs ----
pack() { cat > "$TMP/p.yaml"; check --policy "$TMP/p.yaml"; }
pack <<'EOF2'
pack: company
engine: postgres
extends: baseline
params:
  superusers: [postgres, sg_extra_super]
checks:
  - id: rbac-bypassrls
    severity: warning
  - id: audit-log-statement
    enabled: false
  - id: custom-max-connections
    area: custom
    title: max_connections stays small
    severity: error
    remediation: lower it
    query: SELECT setting::int AS max_connections FROM pg_settings WHERE name = 'max_connections'
    expect: {max: 5}
EOF2
expect_exit 1 "a pack extending the baseline runs"
expect_py "its parameter widens the allow-list" "'rbac-superusers' not in [f['rule'] for f in d['findings']]"
expect_py "it re-grades an inherited check" "$(finding rbac-bypassrls)['severity']=='warning'"
expect_py "it switches an inherited check off" "'audit-log-statement' not in [f['rule'] for f in d['findings']]"
expect_py "its own check runs, located in its file" \
	"$(finding custom-max-connections)['file'].endswith('p.yaml') and 'at most 5' in $(finding custom-max-connections)['evidence']"
expect_py "its own check keeps its area" "$(finding custom-max-connections)['area']=='custom'"

pack <<'EOF2'
pack: bad
engine: postgres
checks:
  - id: custom-a
    area: custom
    title: t
    severity: error
    remediation: r
    query: SELECT 1
    expect: {rows: 0}
    colour: red
EOF2
expect_bad "an unknown key in a check" "p.yaml:11:5" "unknown key 'colour'"
pack <<'EOF2'
pack: bad
engine: postgres
checks:
  - id: custom-a
    area: security
    title: t
    severity: error
    remediation: r
    query: SELECT 1
    expect: {rows: 0}
EOF2
expect_bad "an unknown area" "p.yaml:5:11" "'area' must be"
pack <<'EOF2'
pack: bad
engine: postgres
checks:
  - id: custom-a
    area: custom
    title: t
    severity: error
    remediation: r
    query: SELECT 1
EOF2
expect_bad "a query without an expectation" "p.yaml:4:5" "no 'expect'"
pack <<'EOF2'
pack: bad
engine: postgres
checks:
  - id: custom-a
    area: custom
    title: t
    severity: error
    remediation: r
    query: SELECT 'x'
    expect: {matches: "a(b"}
EOF2
expect_bad "a bad regular expression" "p.yaml:10:23" "regular expression"
pack <<'EOF2'
pack: bad
engine: postgres
checks:
  - id: custom-a
    area: custom
    title: t
    severity: error
    remediation: r
    query: SELECT rolname FROM pg_roles WHERE rolname IN ({{nobody}})
    expect: {rows: 0}
EOF2
expect_bad "an unknown parameter" "p.yaml:9:12" "no parameter 'nobody'"
pack <<'EOF2'
pack: bad
engine: mysql
checks: []
EOF2
expect_bad "a MySQL pack on PostgreSQL" "p.yaml:2:9" "for mysql servers"
pack <<'EOF2'
pack: bad
engine: postgres
extends: missing.yaml
EOF2
expect_bad "extending a file that does not exist" "p.yaml:3:10" "missing.yaml"
pack <<'EOF2'
pack: bad
engine: postgres
checks:
  - id: custom-a
    area: custom
    title: t
    severity: error
    remediation: r
    requires: custom-b
    query: SELECT 1
    expect: {rows: 1}
EOF2
expect_bad "requiring a check that is not defined before" "p.yaml:4:9" "requires 'custom-b'"
pack <<'EOF2'
pack: bad
engine: postgres
checks:
  - id: Custom_A
EOF2
expect_bad "a check id that is not kebab-case" "p.yaml:4:9" "kebab-case"
pack <<'EOF2'
pack: bad
engine: postgres
checks:
  - id: backup-x
    area: backup
    title: t
    severity: error
    remediation: r
    builtin: pgbackrest
    with: {file: a, typ: full}
EOF2
expect_bad "a misspelt parameter of a built-in check" "p.yaml:10:21" "unknown key 'typ'"
check --policy no-such-pack
expect_exit 2 "an unknown built-in pack: exit 2"
expect_grep "an unknown built-in pack is named" "no-such-pack" "$TMP/err"

# ---- policy list ----
"$SG" policy list > "$TMP/out" 2> "$TMP/err"
expect_grep "policy list shows the baseline's checks" "^rbac-superusers .*mandatory" "$TMP/out"
"$SG" policy list --engine mariadb > "$TMP/out" 2> "$TMP/err"
expect_grep "policy list --engine mariadb shows the MySQL family's baseline" "^audit-" "$TMP/out"

# ---- the config ----
mkdir -p "$TMP/proj/policies"
cp "$TMP/waivers.yaml" "$TMP/proj/policies/waivers.yaml"
printf 'policy:\n  db: $SG_T5020_DB\n  packs: [baseline]\n  waivers: policies/waivers.yaml\n  params: {superusers: [postgres, sg_extra_super]}\n  timeout: 5s\n' > "$TMP/proj/.schemagate.yaml"
(cd "$TMP/proj" && SG_T5020_DB=$DB "$OLDPWD/$SG" policy check --format json > "$TMP/out" 2> "$TMP/err")
expect_py "policy.db, packs, waivers and params come from the config" \
	"'rbac-superusers' not in [f['rule'] for f in d['findings']] and $(finding rbac-bypassrls)['severity']=='info'"
printf 'policy:\n  db: $SG_T5020_DB\n  params:\n    superusers: [a]\n    superuser: [b]\n' > "$TMP/proj/.schemagate.yaml"
(cd "$TMP/proj" && SG_T5020_DB=$DB "$OLDPWD/$SG" policy check > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code")
expect_bad "a parameter in the config that no pack has" ".schemagate.yaml:5:5" "no pack being run has a parameter 'superuser'"
printf 'policy:\n  db: x\n  pack: [baseline]\n' > "$TMP/proj/.schemagate.yaml"
(cd "$TMP/proj" && "$OLDPWD/$SG" policy check > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code")
expect_bad "an unknown key in the policy section" ".schemagate.yaml:3:3" "unknown key 'policy.pack'"

# ---- the gate's policy stage ----
R="$TMP/repo"
SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
unset CI GITHUB_ACTIONS GITHUB_BASE_REF GITHUB_STEP_SUMMARY GITLAB_CI CI_MERGE_REQUEST_DIFF_BASE_SHA
mkdir -p "$R/db/migrations"
git -C "$R" init -q -b main
printf 'CREATE TABLE t (id int);\n' > "$R/db/migrations/000001_t.up.sql"
printf 'DROP TABLE t;\n' > "$R/db/migrations/000001_t.down.sql"
git -C "$R" add -A && git -C "$R" commit -qm base
git -C "$R" checkout -q -b change
printf 'CREATE INDEX CONCURRENTLY t_id ON t (id);\n' > "$R/db/migrations/000002_i.up.sql"
printf 'DROP INDEX CONCURRENTLY t_id;\n' > "$R/db/migrations/000002_i.down.sql"
git -C "$R" add -A && git -C "$R" commit -qm change
(cd "$R" && "$SGA" gate --base main --policy-db "$DB" --format json > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code")
expect_exit 1 "gate --policy-db: the weak database fails the gate"
expect_py "gate: the policy findings are in the one report" \
	"d['policy']['checks'] > 0 and any(f['source']=='policy' for f in d['findings'])"
expect_grep "gate: the policy stage says what it did" "schemagate gate: policy: baseline on" "$TMP/err"
cat > "$TMP/ok.yaml" <<'EOF2'
pack: ok
engine: postgres
checks:
  - id: custom-connections
    area: custom
    title: the server accepts connections
    severity: error
    remediation: none
    query: SELECT 1 AS up
    expect: {equals: 1}
EOF2
(cd "$R" && "$SGA" gate --base main --policy-db "$DB" --policy "$TMP/ok.yaml" --format json > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code")
expect_exit 0 "gate --policy PACK: a passing pack passes the gate"
expect_py "gate: the passing check is counted" "d['policy']['passed']==1"
(cd "$R" && "$SGA" gate --base main > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code")
expect_no_grep "gate without a policy database: no policy stage" "policy:" "$TMP/err"
(cd "$R" && "$SGA" gate --base main --policy-db 'postgresql://nobody@127.0.0.1:1/x' > "$TMP/out" 2> "$TMP/err"; echo $? > "$TMP/code")
expect_exit 2 "gate: an unreachable policy database stops the gate (exit 2)"
expect_grep "gate: the stage is named" "policy stage" "$TMP/err"
