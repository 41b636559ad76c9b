#!/bin/sh
# schemagate diff on real git repositories: every classification in every
# migration format, the working tree as the head, committed heads, merges,
# rebases, a moved folder, detached HEAD, a worktree, a shallow clone.
. tests/e2e/lib.sh

SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
R="$TMP/repo"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"

new_repo() {
	rm -rf "$R"
	mkdir -p "$R"
	git -C "$R" init -q -b main
}

commit() { git -C "$R" add -A && git -C "$R" commit -qm "$1"; }
branch() { git -C "$R" checkout -q -b "$1"; }
switch() { git -C "$R" checkout -q "$1"; }
put() { mkdir -p "$(dirname "$R/$1")" && printf '%s\n' "$2" > "$R/$1"; }

# diff ARGS...: run schemagate diff in the repository; "$TMP/f" gets one
# "rule file:line" per finding, "$TMP/code" the exit code.
diff_run() {
	(cd "$R" && "$SGA" diff --format json "$@" > "$TMP/out.json" 2> "$TMP/err")
	echo $? > "$TMP/code"
	python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print("%s %s:%d" % (f["rule"], f["file"], f["line"]))
' "$TMP/out.json" > "$TMP/f" 2>/dev/null || : > "$TMP/f"
}

has() { # has TITLE "rule file:line"
	if grep -qxF "$2" "$TMP/f"; then ok "$1"; else
		not_ok "$1" "missing: $2" "$(cat "$TMP/f")" "$(head -c 1000 "$TMP/err")"; fi
}
lacks() { # lacks TITLE PATTERN
	if grep -q -e "$2" "$TMP/f"; then not_ok "$1" "unexpected: $2" "$(cat "$TMP/f")"; else ok "$1"; fi
}
code() { # code TITLE N
	if [ "$(cat "$TMP/code")" -eq "$2" ]; then ok "$1"; else
		not_ok "$1" "exit $(cat "$TMP/code"), expected $2" "$(head -c 1000 "$TMP/err")"; fi
}

UNSAFE='CREATE INDEX users_email ON users (email);'
SAFE='CREATE TABLE t_new (id bigint PRIMARY KEY);'

# ---- golang-migrate: every classification ----
gm() { put "db/migrations/$1.up.sql" "$2"; put "db/migrations/$1.down.sql" "${3:-SELECT 1;}"; }
new_repo
gm 000001_users 'CREATE TABLE users (id bigint PRIMARY KEY, email text);'
gm 000002_orders 'CREATE TABLE orders (id bigint PRIMARY KEY);'
gm 000003_old_unsafe "$UNSAFE"
gm 000004_items 'CREATE TABLE items (id bigint PRIMARY KEY);'
commit base
branch feature
gm 000005_email_index "$UNSAFE"
diff_run --base main
has "golang-migrate: an added migration is linted" \
	"require-concurrent-index-creation db/migrations/000005_email_index.up.sql:1"
lacks "golang-migrate: only added migrations are linted" "000003_old_unsafe"
code "golang-migrate: an unsafe new migration fails the run" 1

put db/migrations/000002_orders.up.sql 'CREATE TABLE orders (id bigint PRIMARY KEY, note text);'
diff_run --base main
has "golang-migrate: an edited merged migration is migration-modified" \
	"migration-modified db/migrations/000002_orders.up.sql:1"
expect_grep "the edit shows the changed lines" '+ CREATE TABLE orders (id bigint PRIMARY KEY, note text);' "$TMP/out.json"
git -C "$R" checkout -q -- db/migrations/000002_orders.up.sql

rm "$R/db/migrations/000001_users.down.sql"
diff_run --base main
has "golang-migrate: a deleted merged migration is migration-deleted" \
	"migration-deleted db/migrations/000001_users.down.sql:1"
git -C "$R" checkout -q -- db/migrations/000001_users.down.sql

git -C "$R" mv db/migrations/000004_items.up.sql db/migrations/000009_items.up.sql
git -C "$R" mv db/migrations/000004_items.down.sql db/migrations/000009_items.down.sql
diff_run --base main
has "golang-migrate: a merged migration under a new version is migration-renamed" \
	"migration-renamed db/migrations/000009_items.up.sql:1"
lacks "a renamed migration is not also deleted or linted as new" "migration-deleted\|000009_items.up.sql:[0-9]* [a-z]*-index"
git -C "$R" reset -q --hard

commit feature-work
switch main
gm 000006_payments 'CREATE TABLE payments (id bigint PRIMARY KEY);'
commit main-moves-on
switch feature
diff_run --base main --head feature
has "golang-migrate: a new version below the base branch's newest is out of order" \
	"migration-out-of-order db/migrations/000005_email_index.up.sql:1"

switch main
gm 000007_shared 'CREATE TABLE a (id bigint PRIMARY KEY);'
commit main-takes-7
switch feature
gm 000007_mine 'CREATE TABLE b (id bigint PRIMARY KEY);'
commit feature-takes-7
diff_run --base main --head HEAD
has "golang-migrate: two branches claiming one version is duplicate-version" \
	"duplicate-version db/migrations/000007_mine.up.sql:1"

put db/migrations/add_users.up.sql 'SELECT 1;'
put db/migrations/000010_lonely.up.sql "$SAFE"
diff_run --base main
has "golang-migrate: a misnamed file is migration-malformed" \
	"migration-malformed db/migrations/add_users.up.sql:1"
has "golang-migrate: an up without its down is migration-missing-down" \
	"migration-missing-down db/migrations/000010_lonely.up.sql:1"

# ---- the head: working tree (staged, unstaged, untracked) and commits ----
new_repo
gm 000001_users 'CREATE TABLE users (id bigint PRIMARY KEY, email text);'
commit base
branch feature
gm 000002_staged "$UNSAFE"
git -C "$R" add db/migrations/000002_staged.up.sql
gm 000003_untracked "$UNSAFE"
diff_run --base main
has "the working tree: a staged migration is linted" \
	"require-concurrent-index-creation db/migrations/000002_staged.up.sql:1"
has "the working tree: an untracked migration is linted" \
	"require-concurrent-index-creation db/migrations/000003_untracked.up.sql:1"
diff_run --base main --head HEAD
lacks "--head HEAD ignores the uncommitted files" "000002_staged\|000003_untracked"
code "--head HEAD with nothing committed passes" 0
printf 'db/migrations/000003_untracked*\n' > "$R/.gitignore"
diff_run --base main
lacks "ignored files are not migrations of the change" "000003_untracked"
rm "$R/.gitignore"
commit feature
(cd "$R" && "$SGA" diff --base main --head feature -q > /dev/null 2>&1)
[ $? -eq 1 ] && ok "--head names a branch" || not_ok "--head names a branch"
SHA=$(git -C "$R" rev-parse main)
git -C "$R" tag v1 main
for rev in "$SHA" v1 "feature~1" main; do
	diff_run --base "$rev" --head feature
	has "--base $rev resolves" "require-concurrent-index-creation db/migrations/000002_staged.up.sql:1"
done
diff_run --base no-such-branch
code "an unknown base exits 2" 2
expect_grep "an unknown base is explained" "unknown revision 'no-such-branch'" "$TMP/err"

# ---- merges and rebases: migrations that came from the base are not the change's ----
switch main
gm 000004_from_main "$UNSAFE"
commit main-adds-4
switch feature
git -C "$R" merge -q --no-edit main
diff_run --base main
lacks "after merging main, main's migrations are not added by the change" "000004_from_main"
has "after merging main, the change's own are still linted" \
	"require-concurrent-index-creation db/migrations/000002_staged.up.sql:1"
has "after merging main, a version below main's newest is out of order" \
	"migration-out-of-order db/migrations/000002_staged.up.sql:1"
git -C "$R" reset -q --hard HEAD~1
git -C "$R" rebase -q main
diff_run --base main
lacks "after a rebase, main's migrations are not added by the change" "000004_from_main"
has "after a rebase, the change's own are linted" \
	"require-concurrent-index-creation db/migrations/000003_untracked.up.sql:1"

# ---- detached HEAD and a linked worktree ----
git -C "$R" checkout -q --detach feature
diff_run --base main
has "a detached HEAD works" "require-concurrent-index-creation db/migrations/000003_untracked.up.sql:1"
switch feature
git -C "$R" worktree add -q "$TMP/wt" main 2>/dev/null
gm_wt() { mkdir -p "$TMP/wt/db/migrations" && printf '%s\n' "$UNSAFE" > "$TMP/wt/db/migrations/000009_wt.up.sql"; }
gm_wt
(cd "$TMP/wt" && "$SGA" diff --base main --format json > "$TMP/wt.json" 2> "$TMP/err")
expect_grep "a linked worktree sees its own working tree" "000009_wt.up.sql" "$TMP/wt.json"
git -C "$R" worktree remove --force "$TMP/wt"

# ---- a moved folder is followed ----
new_repo
gm 000001_users 'CREATE TABLE users (id bigint PRIMARY KEY, email text);'
gm 000002_unsafe "$UNSAFE"
commit base
branch feature
git -C "$R" mv db/migrations migrations
diff_run --base main --dir migrations
code "moving the whole folder is not a change to any migration" 0
lacks "moving the folder reports nothing" "."
gm_moved() { put "migrations/000003_new.up.sql" "$UNSAFE"; put "migrations/000003_new.down.sql" 'SELECT 1;'; }
gm_moved
diff_run --base main --dir migrations
has "after a move, a new migration is still linted" \
	"require-concurrent-index-creation migrations/000003_new.up.sql:1"
lacks "after a move, the old ones are not" "000002_unsafe"

# ---- config: migrations.dir and format, base ----
new_repo
put sql/V1__users.sql 'CREATE TABLE users (id bigint PRIMARY KEY);'
printf 'migrations:\n  dir: sql\n  format: flyway\nbase: main\n' > "$R/.schemagate.yaml"
commit base
branch feature
put sql/V2__idx.sql "$UNSAFE"
diff_run
has "the config names the folder, format and base" "require-concurrent-index-creation sql/V2__idx.sql:1"

# ---- flyway ----
new_repo
put db/V1_9__users.sql 'CREATE TABLE users (id bigint PRIMARY KEY, email text);'
put db/R__views.sql 'CREATE OR REPLACE VIEW v AS SELECT 1;'
put db/V1_5__old.sql "$SAFE"
commit base
branch feature
put db/V1_10__idx.sql "$UNSAFE"
put db/U1_10__idx.sql 'DROP INDEX users_email;'
put db/R__views.sql 'CREATE OR REPLACE VIEW v AS SELECT 2;'
diff_run --base main --dir db
has "flyway: 1.10 sorts after 1.9 (not out of order) and is linted" \
	"require-concurrent-index-creation db/V1_10__idx.sql:1"
lacks "flyway: 1.10 is not out of order after 1.9" "migration-out-of-order"
lacks "flyway: an edited repeatable migration is not migration-modified" "migration-modified"
put db/V1_5__old.sql 'CREATE TABLE t_new (id bigint PRIMARY KEY, x int);'
put db/V1_2__early.sql "$SAFE"
put db/V2_x.sql "$SAFE"
diff_run --base main --dir db
has "flyway: an edited versioned migration is migration-modified" "migration-modified db/V1_5__old.sql:1"
has "flyway: a version below the newest is out of order" "migration-out-of-order db/V1_2__early.sql:1"
has "flyway: a misnamed script is migration-malformed" "migration-malformed db/V2_x.sql:1"
git -C "$R" checkout -q -- db && rm -f "$R/db/V1_2__early.sql" "$R/db/V2_x.sql"
git -C "$R" mv db/V1_9__users.sql db/V1_11__users.sql
diff_run --base main --dir db
has "flyway: a renumbered migration is migration-renamed" "migration-renamed db/V1_11__users.sql:1"
git -C "$R" reset -q --hard
put db/V1_9_0__dup.sql "$SAFE"
diff_run --base main --dir db
has "flyway: 1.9.0 is 1.9 (padded with zeros): duplicate-version" "duplicate-version db/V1_9_0__dup.sql:1"
rm "$R/db/V1_9_0__dup.sql"
put db/V01_9__dup.sql "$SAFE"
diff_run --base main --dir db
has "flyway: 01.9 is 1.9: duplicate-version" "duplicate-version db/V01_9__dup.sql:1"

# ---- diesel ----
new_repo
put migrations/2024-01-01-000000_users/up.sql 'CREATE TABLE users (id bigint PRIMARY KEY, email text);'
put migrations/2024-01-01-000000_users/down.sql 'DROP TABLE users;'
put migrations/2024-02-01-000000_more/up.sql "$SAFE"
put migrations/2024-02-01-000000_more/down.sql 'DROP TABLE t_new;'
commit base
branch feature
put migrations/2024-03-01-000000_idx/up.sql "$UNSAFE"
put migrations/2024-03-01-000000_idx/down.sql 'DROP INDEX users_email;'
put migrations/2024-01-01-000000_users/down.sql 'DROP TABLE users CASCADE;'
put migrations/2023-12-01-000000_early/up.sql 'CREATE TABLE early (id bigint PRIMARY KEY);'
diff_run --base main
has "diesel: an added migration is linted" "require-concurrent-index-creation migrations/2024-03-01-000000_idx/up.sql:1"
has "diesel: an edited down.sql is migration-modified" "migration-modified migrations/2024-01-01-000000_users/down.sql:1"
has "diesel: an earlier timestamp is out of order" "migration-out-of-order migrations/2023-12-01-000000_early/up.sql:1"
has "diesel: an up.sql without down.sql is migration-missing-down" "migration-missing-down migrations/2023-12-01-000000_early/up.sql:1"
rm -r "$R/migrations/2024-02-01-000000_more"
diff_run --base main
has "diesel: a deleted migration is migration-deleted" "migration-deleted migrations/2024-02-01-000000_more/up.sql:1"
git -C "$R" checkout -q -- migrations
printf 'run_in_transaction = false\n' > "$R/migrations/2024-03-01-000000_idx/metadata.toml"
put migrations/2024-03-01-000000_idx/up.sql 'CREATE INDEX CONCURRENTLY users_email ON users (email);'
diff_run --base main
lacks "diesel: metadata.toml run_in_transaction = false lets CONCURRENTLY run" "concurrently-in-transaction"
rm "$R/migrations/2024-03-01-000000_idx/metadata.toml"
diff_run --base main
has "diesel: without metadata.toml the runner's transaction refuses CONCURRENTLY" \
	"concurrently-in-transaction migrations/2024-03-01-000000_idx/up.sql:1"

# ---- dbmate ----
new_repo
put db/migrations/20240101000000_users.sql '-- migrate:up
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- migrate:down
DROP TABLE users;'
commit base
branch feature
put db/migrations/20240301000000_idx.sql "-- migrate:up
$UNSAFE
-- migrate:down
DROP INDEX users_email;"
put db/migrations/20240302000000_nomarker.sql "$SAFE"
diff_run --base main
has "dbmate: the up section of an added migration is linted" \
	"require-concurrent-index-creation db/migrations/20240301000000_idx.sql:2"
has "dbmate: a file without -- migrate:up is migration-malformed" \
	"migration-malformed db/migrations/20240302000000_nomarker.sql:1"
put db/migrations/20240101000000_users.sql '-- migrate:up
CREATE TABLE users (id bigint PRIMARY KEY, email text, x int);
-- migrate:down
DROP TABLE users;'
diff_run --base main
has "dbmate: an edited migration is migration-modified at the changed line" \
	"migration-modified db/migrations/20240101000000_users.sql:2"
git -C "$R" checkout -q -- db/migrations
git -C "$R" mv db/migrations/20240101000000_users.sql db/migrations/20240401000000_users.sql
diff_run --base main
has "dbmate: a renumbered migration is migration-renamed" \
	"migration-renamed db/migrations/20240401000000_users.sql:1"

# ---- sqitch ----
new_repo
put sqitch/sqitch.plan '%syntax-version=1.0.0
%project=app

users 2024-01-01T00:00:00Z t <t@example.com> # users
orders 2024-01-02T00:00:00Z t <t@example.com> # orders'
for c in users orders; do
	put "sqitch/deploy/$c.sql" "BEGIN; CREATE TABLE $c (id bigint PRIMARY KEY, email text); COMMIT;"
	put "sqitch/revert/$c.sql" "DROP TABLE $c;"
	put "sqitch/verify/$c.sql" "SELECT id FROM $c WHERE false;"
done
commit base
branch feature
printf 'idx 2024-03-01T00:00:00Z t <t@example.com> # index\n' >> "$R/sqitch/sqitch.plan"
put sqitch/deploy/idx.sql 'CREATE INDEX users_email ON users (email);'
put sqitch/revert/idx.sql 'DROP INDEX users_email;'
put sqitch/deploy/stray.sql "$SAFE"
diff_run --base main --dir sqitch
has "sqitch: a change added to the plan is linted" "require-concurrent-index-creation sqitch/deploy/idx.sql:1"
has "sqitch: a deploy script missing from the plan is migration-malformed" \
	"migration-malformed sqitch/deploy/stray.sql:1"
lacks "sqitch: appending to the plan is not an edit" "migration-modified"
rm "$R/sqitch/deploy/stray.sql"
put sqitch/deploy/orders.sql 'BEGIN; CREATE TABLE orders (id bigint); COMMIT;'
diff_run --base main --dir sqitch
has "sqitch: an edited deploy script is migration-modified" "migration-modified sqitch/deploy/orders.sql:1"
git -C "$R" checkout -q -- sqitch
printf 'ghost 2024-03-02T00:00:00Z t <t@example.com>\n' >> "$R/sqitch/sqitch.plan"
diff_run --base main --dir sqitch
has "sqitch: a planned change without its deploy script is migration-malformed" \
	"migration-malformed sqitch/sqitch.plan:6"
git -C "$R" reset -q --hard && git -C "$R" clean -qfd
switch main
printf 'later 2024-02-15T00:00:00Z t <t@example.com>\n' >> "$R/sqitch/sqitch.plan"
put sqitch/deploy/later.sql 'CREATE TABLE later (id bigint PRIMARY KEY);'
put sqitch/revert/later.sql 'DROP TABLE later;'
commit main-adds-later
branch feature2
python3 - "$R/sqitch/sqitch.plan" <<'EOF'
import sys
p = sys.argv[1]
lines = open(p).read().splitlines()
at = [i for i, l in enumerate(lines) if l.startswith("later ")][0]
lines.insert(at, "idx 2024-03-01T00:00:00Z t <t@example.com> # index")
open(p, "w").write("\n".join(lines) + "\n")
EOF
put sqitch/deploy/idx.sql 'CREATE INDEX users_email ON users (email);'
put sqitch/revert/idx.sql 'DROP INDEX users_email;'
diff_run --base main --dir sqitch
has "sqitch: a new change planned before one the base already deploys is out of order" \
	"migration-out-of-order sqitch/deploy/idx.sql:1"

# ---- plain ordered files ----
new_repo
put schema/001_users.sql 'CREATE TABLE users (id bigint PRIMARY KEY, email text);'
put schema/010_more.sql "$SAFE"
commit base
branch feature
put schema/011_idx.sql "$UNSAFE"
put schema/002_early.sql "$SAFE"
diff_run --base main --dir schema --migration-format plain
has "plain: an added file is linted" "require-concurrent-index-creation schema/011_idx.sql:1"
has "plain: 002 after 010 is out of order (numbers, not strings)" "migration-out-of-order schema/002_early.sql:1"
lacks "plain: 011 after 010 is in order" "migration-out-of-order schema/011_idx.sql"

# ---- could not run ----
new_repo
put db/migrations/000001_a.up.sql "$SAFE"
commit base
diff_run --base main --dir no/such/dir
code "a missing folder exits 2" 2
(cd "$TMP" && "$SGA" diff --base main > /dev/null 2> "$TMP/err")
[ $? -eq 2 ] && ok "outside a repository exits 2" || not_ok "outside a repository exits 2"
expect_grep "outside a repository is explained" "not inside a git repository" "$TMP/err"

# ---- a shallow clone without the base ----
new_repo
gm 000001_users 'CREATE TABLE users (id bigint PRIMARY KEY, email text);'
commit base
for i in 2 3 4; do gm "00000${i}_t$i" "$SAFE"; commit "c$i"; done
branch feature
gm 000005_idx "$UNSAFE"
commit feature
git clone -q --depth 1 --no-single-branch "file://$R" "$TMP/shallow" 2>/dev/null
# libgit2 leaks on this path (tests/lsan.supp); the slow unwinder lets LSan see where.
(cd "$TMP/shallow" && git checkout -q feature &&
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0" \
	"$SGA" diff --base origin/main > /dev/null 2> "$TMP/err")
[ $? -eq 2 ] && ok "a shallow clone without the history exits 2" ||
	not_ok "a shallow clone without the history exits 2" "$(cat "$TMP/err")"
expect_grep "a shallow clone says how to fetch the history" "fetch-depth: 0" "$TMP/err"
git -C "$TMP/shallow" fetch -q --unshallow 2>/dev/null
(cd "$TMP/shallow" && "$SGA" diff --base origin/main --format json > "$TMP/out.json" 2> "$TMP/err")
expect_grep "after fetching the history, the remote branch works as the base" "000005_idx.up.sql" "$TMP/out.json"

# ---- the integrity file is checked when there is one ----
new_repo
gm 000001_users 'CREATE TABLE users (id bigint PRIMARY KEY, email text);'
(cd "$R" && "$SGA" sum --write --dir db/migrations > /dev/null)
commit base
branch feature
gm 000002_more "$SAFE"
diff_run --base main
has "diff reports a migration added without updating schemagate.sum" \
	"sum-mismatch db/migrations/000002_more.up.sql:1"
(cd "$R" && "$SGA" sum --write --dir db/migrations > /dev/null)
diff_run --base main
lacks "after sum --write the integrity file matches" "sum-mismatch"
code "a clean change with its sum passes" 0
