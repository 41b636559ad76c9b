#!/bin/sh
# make demo: lint the migrations a pull request adds to the bundled example
# project (examples/migrations, golang-migrate layout). Migrations 1 and 2
# are the history already applied in production; the change adds 3 to 6:
# 3 is the unsafe first draft, 4 to 6 do the same change online.
cd "$(dirname "$0")/.." || exit 2
SG=${SG_BIN:-build/schemagate}
NEW=$(ls examples/migrations/00000[3-6]_*.sql)

echo "== the migrations this change adds:"
echo "$NEW" | sed 's/^/   /'
echo
echo "== schemagate lint <those files>"
echo
# shellcheck disable=SC2086
"$SG" lint --color=auto $NEW
rc=$?
echo
echo "== the same report as JSON (summary line)"
# shellcheck disable=SC2086
"$SG" lint --format json $NEW | sed 's/.*"summary"/"summary"/'
echo
echo "exit code $rc: 1 means the gate fails, because migration 3 would lock, rewrite or"
echo "scan the users table in production. 'build/schemagate rules RULE' explains a rule."
[ "$rc" -eq 1 ]
