#!/bin/sh
# .schemagate.yaml: rules disabled and re-graded, version, and located errors.
. tests/e2e/lib.sh

printf 'ALTER TABLE users DROP COLUMN legacy;\n' > "$TMP/m.sql"

printf 'rules:\n  disable: [ban-drop-column]\n' > "$TMP/off.yaml"
expect_code 0 "a disabled rule does not fail the run" "$SG" lint --config "$TMP/off.yaml" "$TMP/m.sql"
expect_no_grep "a disabled rule reports nothing" "ban-drop-column" "$TMP/out"

printf 'rules:\n  severity:\n    ban-drop-column: warning\n' > "$TMP/warn.yaml"
expect_code 0 "a rule re-graded to warning does not fail the run" "$SG" lint --config "$TMP/warn.yaml" "$TMP/m.sql"
expect_grep "the re-graded finding is a warning" "warning: .*ban-drop-column" "$TMP/out"

printf 'engine: postgres\nserver_version: 14.2\nassume_in_transaction: true\n' > "$TMP/ok.yaml"
expect_code 1 "a valid config is accepted" "$SG" lint --config "$TMP/ok.yaml" "$TMP/m.sql"

printf 'engine: postgres\nfrobnicate: 3\n' > "$TMP/unknown.yaml"
expect_code 2 "an unknown key exits 2" "$SG" lint --config "$TMP/unknown.yaml" "$TMP/m.sql"
expect_grep "an unknown key is located" "unknown.yaml:2:1: unknown key 'frobnicate'" "$TMP/err"

printf 'dry_run:\n  db: auto\n  lock_timeout: 2s\n  statement_timeout: 1min\n  budget: 0\n' > "$TMP/dryrun.yaml"
expect_code 1 "the dry_run keys are accepted" "$SG" lint --config "$TMP/dryrun.yaml" "$TMP/m.sql"
printf 'migrate:\n  history_schema: ops\n  lock_wait: 10s\n  lock_timeout: 1s\n  statement_timeout: 5min\n  retries: 5\n' > "$TMP/migrate.yaml"
expect_code 1 "the migrate keys are accepted" "$SG" lint --config "$TMP/migrate.yaml" "$TMP/m.sql"
printf 'migrate:\n  retries: many\n' > "$TMP/badretries.yaml"
expect_code 2 "retries that are not a number exit 2" "$SG" lint --config "$TMP/badretries.yaml" "$TMP/m.sql"
expect_grep "located" "badretries.yaml:2:12: 'migrate.retries' must be a number" "$TMP/err"
printf 'dry_run:\n  lock_timeout: soon\n' > "$TMP/baddur.yaml"
expect_code 2 "a duration that is not one exits 2" "$SG" lint --config "$TMP/baddur.yaml" "$TMP/m.sql"
expect_grep "a bad duration is located" "baddur.yaml:2:17: 'dry_run.lock_timeout' must be a duration" "$TMP/err"
printf 'dry_run:\n  database: x\n' > "$TMP/baddr.yaml"
expect_code 2 "an unknown dry_run key exits 2" "$SG" lint --config "$TMP/baddr.yaml" "$TMP/m.sql"
expect_grep "it names the known keys" "unknown key 'dry_run.database' (known: db, lock_timeout" "$TMP/err"

printf 'rules:\n  disable:\n    - ban-drop-colum\n' > "$TMP/badrule.yaml"
expect_code 2 "an unknown rule id exits 2" "$SG" lint --config "$TMP/badrule.yaml" "$TMP/m.sql"
expect_grep "an unknown rule id is located" "badrule.yaml:3:7: unknown rule 'ban-drop-colum'" "$TMP/err"

printf 'assume_in_transaction: maybe\n' > "$TMP/badbool.yaml"
expect_code 2 "a wrong type exits 2" "$SG" lint --config "$TMP/badbool.yaml" "$TMP/m.sql"
expect_grep "a wrong type is located" "badbool.yaml:1:24: 'assume_in_transaction' must be true or false" "$TMP/err"

printf "engine: 'unterminated\n" > "$TMP/broken.yaml"
expect_code 2 "broken YAML exits 2" "$SG" lint --config "$TMP/broken.yaml" "$TMP/m.sql"
expect_grep "broken YAML is located" "broken.yaml:[0-9]*:[0-9]*: invalid YAML" "$TMP/err"

expect_code 2 "a missing config file exits 2" "$SG" lint --config "$TMP/none.yaml" "$TMP/m.sql"

mkdir -p "$TMP/repo/.git" "$TMP/repo/db/sub"
printf 'rules:\n  disable: [ban-drop-column]\n' > "$TMP/repo/.schemagate.yaml"
cp "$TMP/m.sql" "$TMP/repo/db/sub/m.sql"
SG_ABS=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
(cd "$TMP/repo/db/sub" && "$SG_ABS" lint m.sql > "$TMP/found.out" 2>&1)
expect_no_grep "the config is found in a parent folder up to the repository root" "ban-drop-column" "$TMP/found.out"
