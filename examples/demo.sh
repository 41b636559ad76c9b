#!/bin/sh
# make demo: lint the bundled example migrations (examples/migrations, in
# golang-migrate layout) and show the report. Migration 3 is the unsafe
# first draft; migrations 4 to 6 do the same change online.
cd "$(dirname "$0")/.." || exit 2
SG=${SG_BIN:-build/schemagate}
echo "== schemagate lint examples/migrations"
echo
"$SG" lint --color=auto examples/migrations
rc=$?
echo
echo "== the same report as JSON (summary)"
"$SG" lint --format json examples/migrations | sed 's/.*"summary"/"summary"/'
echo
echo "exit code $rc: 1 means the gate fails because migration 3 would lock or rewrite"
echo "the users table in production; 'schemagate rules RULE' explains each finding."
[ "$rc" -eq 1 ]
