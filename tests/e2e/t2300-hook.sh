#!/bin/sh
# schemagate hook install|uninstall: where the hook goes (core.hooksPath,
# worktrees), whose hooks it refuses to touch, what the script does when
# git runs it, and a real commit blocked by it.
# Usage: sh tests/e2e/t2300-hook.sh [BUILD_DIR]   (or SG_BIN=BUILD_DIR/schemagate)
[ -z "$1" ] || SG_BIN=$1/schemagate
. tests/e2e/lib.sh

# Real git in throwaway repositories, blind to the caller's configuration
# and to any hook environment this test itself may be running in.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_COMMON_DIR GIT_OBJECT_DIRECTORY
export HOME="$TMP/home" GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES="$TMP"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
mkdir -p "$HOME"
if ! command -v git > /dev/null 2>&1; then
	not_ok "git is installed (the hook tests drive real repositories)"
	exit 1
fi

# The binary under test by its real path: the one a hook must name.
SG_ABS=$(cd "$(dirname "$SG")" && pwd -P)/$(basename "$SG")
MARKER='# installed by schemagate hook install; schemagate hook uninstall removes it'
ZERO=0000000000000000000000000000000000000000

in_dir() { # in_dir DIR COMMAND...: run COMMAND in DIR
	( cd "$1" && shift && "$@" )
}

new_repo() { # new_repo DIR: a repository on branch main with one commit
	git init -q -b main "$1" && in_dir "$1" git commit -q --allow-empty -m init
}

# expect_true TITLE COMMAND...: the command succeeds (a file test, a cmp).
expect_true() {
	title=$1
	shift
	if "$@"; then ok "$title"; else not_ok "$title" "false: $*"; fi
}

mode_of() { stat -c %a "$1"; }

# --- the command line ------------------------------------------------------

expect_code 0 "hook --help exits 0" "$SG" hook --help
expect_grep "hook --help shows both actions" "schemagate hook install \[--pre-push\] \[--force\]" "$TMP/out"
expect_code 2 "hook without an action exits 2" "$SG" hook
expect_code 2 "an unknown hook option exits 2" "$SG" hook install --frob
expect_grep "the unknown option is named" "'--frob'" "$TMP/err"
expect_code 2 "an unknown hook action exits 2" "$SG" hook reinstall
expect_code 2 "uninstall --force is refused" "$SG" hook uninstall --force

mkdir "$TMP/norepo"
expect_code 2 "outside a git repository install exits 2" in_dir "$TMP/norepo" "$SG_ABS" hook install
expect_grep "outside a git repository the message says so" "git repository" "$TMP/err"
expect_code 2 "outside a git repository uninstall exits 2" in_dir "$TMP/norepo" "$SG_ABS" hook uninstall
expect_true "outside a git repository nothing is written" test ! -e "$TMP/norepo/.git"

# --- install, reinstall, uninstall ------------------------------------------

R=$TMP/repo
new_repo "$R"
H=$R/.git/hooks/pre-commit
rm -f "$H"
expect_code 0 "install in a repository exits 0" in_dir "$R" "$SG_ABS" hook install
expect_grep "install names the hook it wrote" "installed the pre-commit hook .*/.git/hooks/pre-commit" "$TMP/out"
expect_true "install writes .git/hooks/pre-commit" test -f "$H"
expect_true "the hook is executable" test -x "$H"
expect_true "the hook's mode is 0755" test "$(mode_of "$H")" = 755
expect_grep "the hook is a POSIX sh script" '^#!/bin/sh$' "$H"
expect_grep "the hook carries the marker" "^$MARKER\$" "$H"
expect_true "the hook names the binary under test ($SG_ABS)" grep -qxF "sg='$SG_ABS'" "$H"
expect_grep "the pre-commit hook runs schemagate diff" '^exec "$sg" diff$' "$H"
expect_true "the hook parses as sh" sh -n "$H"

cp "$H" "$TMP/first"
expect_code 0 "installing again over its own hook exits 0" in_dir "$R" "$SG_ABS" hook install
expect_grep "installing again says it updated" "updated the pre-commit hook" "$TMP/out"
expect_file "installing again writes the same hook" "$TMP/first" "$H"
expect_true "no temporary file is left in the hooks folder" \
	test -z "$(ls -A "$R/.git/hooks" | grep schemagate)"

rm -rf "$R/.git/hooks"
mkdir -p "$R/sub"
expect_code 0 "install creates a missing hooks folder" in_dir "$R/sub" "$SG_ABS" hook install
expect_true "the hook is in the recreated hooks folder" test -x "$H"

expect_code 0 "uninstall removes its own hook" in_dir "$R" "$SG_ABS" hook uninstall
expect_true "the hook is gone after uninstall" test ! -e "$H"
expect_grep "uninstall says what it removed" "removed the pre-commit hook" "$TMP/out"
expect_code 0 "uninstall with nothing installed exits 0" in_dir "$R" "$SG_ABS" hook uninstall
expect_grep "uninstall with nothing installed says so" "nothing to remove" "$TMP/out"

# --- a hook someone else wrote ----------------------------------------------

printf '#!/bin/sh\necho their hook\n' > "$H"
chmod 755 "$H"
cp "$H" "$TMP/theirs"
expect_code 2 "install refuses a hook it did not write" in_dir "$R" "$SG_ABS" hook install
expect_grep "the refusal names the file" "hooks/pre-commit' exists and was not written by schemagate" "$TMP/err"
expect_grep "the refusal names --force" "hook install --force" "$TMP/err"
expect_file "the foreign hook is left as it was" "$TMP/theirs" "$H"
expect_code 2 "uninstall refuses a hook it did not write" in_dir "$R" "$SG_ABS" hook uninstall
expect_grep "the uninstall refusal names the file" "hooks/pre-commit' was not written by schemagate" "$TMP/err"
expect_file "uninstall leaves the foreign hook" "$TMP/theirs" "$H"
expect_code 0 "install --force replaces a foreign hook" in_dir "$R" "$SG_ABS" hook install --force
expect_grep "the replaced hook carries the marker" "^$MARKER\$" "$H"
expect_grep "install --force says it replaced a hook" "replaced the pre-commit hook" "$TMP/out"

# A hook manager's symbolic link is foreign, and --force replaces the link,
# not the file it points at.
rm -f "$H"
cp "$TMP/theirs" "$TMP/linked-hook"
ln -s "$TMP/linked-hook" "$H"
expect_code 2 "install refuses a linked foreign hook" in_dir "$R" "$SG_ABS" hook install
expect_code 0 "install --force replaces the link" in_dir "$R" "$SG_ABS" hook install --force
expect_true "the link itself was replaced by a file" test ! -L "$H"
expect_file "the link's target was not overwritten" "$TMP/theirs" "$TMP/linked-hook"
in_dir "$R" "$SG_ABS" hook uninstall > /dev/null

# --- pre-push ---------------------------------------------------------------

P=$R/.git/hooks/pre-push
expect_code 0 "install --pre-push exits 0" in_dir "$R" "$SG_ABS" hook install --pre-push
expect_true "install --pre-push writes .git/hooks/pre-push" test -x "$P"
expect_true "install --pre-push leaves pre-commit alone" test ! -e "$H"
expect_grep "the pre-push hook carries the marker" "^$MARKER\$" "$P"
expect_grep "the pre-push hook runs diff --head for each pushed commit" \
	'"$sg" diff --head "$local_sha"' "$P"
expect_true "the pre-push hook parses as sh" sh -n "$P"
expect_code 0 "uninstall without --pre-push does not touch pre-push" in_dir "$R" "$SG_ABS" hook uninstall
expect_true "pre-push is still there" test -e "$P"
expect_code 0 "uninstall --pre-push removes it" in_dir "$R" "$SG_ABS" hook uninstall --pre-push
expect_true "pre-push is gone" test ! -e "$P"

# --- core.hooksPath ----------------------------------------------------------

C=$TMP/hookspath
new_repo "$C"
mkdir -p "$C/deep/er"
git -C "$C" config core.hooksPath .githooks
expect_code 0 "install with a relative core.hooksPath exits 0" in_dir "$C/deep/er" "$SG_ABS" hook install
expect_true "the hook goes to core.hooksPath under the working tree root" test -x "$C/.githooks/pre-commit"
expect_true "not under the current directory" test ! -e "$C/deep/er/.githooks"
expect_true "and not into .git/hooks" test ! -e "$C/.git/hooks/pre-commit"
expect_code 0 "uninstall follows core.hooksPath too" in_dir "$C/deep/er" "$SG_ABS" hook uninstall
expect_true "the core.hooksPath hook is gone" test ! -e "$C/.githooks/pre-commit"

git -C "$C" config core.hooksPath "$TMP/abs hooks/it's"
expect_code 0 "install with an absolute core.hooksPath exits 0" in_dir "$C" "$SG_ABS" hook install --pre-push
expect_true "the hook goes to the absolute core.hooksPath, its parents created" \
	test -x "$TMP/abs hooks/it's/pre-push"

# --- a linked worktree ---------------------------------------------------------

W=$TMP/worktree-main
new_repo "$W"
git -C "$W" worktree add -q -b other "$TMP/wt" 2> /dev/null
expect_code 0 "install from a linked worktree exits 0" in_dir "$TMP/wt" "$SG_ABS" hook install
expect_true "the hook goes to the common hooks folder" test -x "$W/.git/hooks/pre-commit"
expect_true "not to the worktree's private git folder" test ! -e "$W/.git/worktrees/wt/hooks"
expect_code 0 "uninstall from the main worktree removes it" in_dir "$W" "$SG_ABS" hook uninstall
expect_true "the common hook is gone" test ! -e "$W/.git/hooks/pre-commit"

# --- the script itself: quoting, fallbacks, the pre-push loop -----------------
#
# A copy of schemagate in a folder whose name needs quoting installs the
# hooks, then is replaced by a stand-in that records how it was called and
# exits with the code in $TMP/code: the script is tested without schemagate
# diff, and the path it execs is proved to survive quoting.

Q=$TMP/quote
new_repo "$Q"
QD="$TMP/it's a \$dir \`x\`"
mkdir -p "$QD" "$TMP/pathbin"
cp "$SG_ABS" "$QD/schemagate"
expect_code 0 "a binary in a folder with quotes and spaces installs" in_dir "$Q" "$QD/schemagate" hook install
expect_code 0 "and installs the pre-push hook" in_dir "$Q" "$QD/schemagate" hook install --pre-push
cat > "$QD/schemagate" << EOF
#!/bin/sh
echo "quoted \$*" >> "$TMP/calls"
exit \$(cat "$TMP/code")
EOF
chmod 755 "$QD/schemagate"

echo 0 > "$TMP/code"
: > "$TMP/calls"
expect_code 0 "the pre-commit hook runs the binary by its quoted path" in_dir "$Q" .git/hooks/pre-commit
expect_true "it ran 'diff' with no other argument" test "$(cat "$TMP/calls")" = "quoted diff"
echo 1 > "$TMP/code"
expect_code 1 "the pre-commit hook passes schemagate's exit code on" in_dir "$Q" .git/hooks/pre-commit

HEAD_SHA=$(git -C "$Q" rev-parse HEAD)
printf 'refs/heads/main %s refs/heads/main %s\n(delete) %s refs/heads/gone %s\n' \
	"$HEAD_SHA" "$ZERO" "$ZERO" "$HEAD_SHA" > "$TMP/push-lines"
echo 0 > "$TMP/code"
: > "$TMP/calls"
expect_code 0 "pre-push passes when every check passes" in_dir "$Q" sh -c '.git/hooks/pre-push origin url < "$1"' - "$TMP/push-lines"
expect_true "pre-push checks the pushed commit and skips the deletion" \
	test "$(cat "$TMP/calls")" = "quoted diff --head $HEAD_SHA"
echo 1 > "$TMP/code"
expect_code 1 "pre-push blocks on error findings (exit 1)" in_dir "$Q" sh -c '.git/hooks/pre-push origin url < "$1"' - "$TMP/push-lines"
expect_grep "pre-push says which ref has findings" "refs/heads/main has error findings; the push is blocked" "$TMP/err"
echo 2 > "$TMP/code"
expect_code 1 "pre-push blocks when schemagate could not run (exit 2)" in_dir "$Q" sh -c '.git/hooks/pre-push origin url < "$1"' - "$TMP/push-lines"
expect_grep "pre-push says it could not check" "could not check refs/heads/main (exit 2)" "$TMP/err"
printf '(delete) %s refs/heads/gone %s\n' "$ZERO" "$HEAD_SHA" > "$TMP/delete-only"
: > "$TMP/calls"
expect_code 0 "pre-push of a deletion alone runs nothing" in_dir "$Q" sh -c '.git/hooks/pre-push origin url < "$1"' - "$TMP/delete-only"
expect_true "no check ran for a deletion" test ! -s "$TMP/calls"

# The installing binary is gone: schemagate on PATH, else a blocking message.
rm -f "$QD/schemagate"
cat > "$TMP/pathbin/schemagate" << EOF
#!/bin/sh
echo "path \$*" >> "$TMP/calls"
EOF
chmod 755 "$TMP/pathbin/schemagate"
: > "$TMP/calls"
expect_code 0 "without its binary the hook falls back to schemagate on PATH" \
	in_dir "$Q" env PATH="$TMP/pathbin:$PATH" .git/hooks/pre-commit
expect_true "the PATH schemagate ran diff" test "$(cat "$TMP/calls")" = "path diff"
BARE_PATH=/usr/bin:/bin
if PATH=$BARE_PATH command -v schemagate > /dev/null 2>&1; then
	ok "# skip: a schemagate is installed in $BARE_PATH"
else
	expect_code 1 "with no schemagate anywhere the hook blocks" in_dir "$Q" env PATH=$BARE_PATH .git/hooks/pre-commit
	expect_grep "and says the binary is gone" "no longer exists and schemagate is not on PATH" "$TMP/err"
	expect_grep "and how to reinstall or skip" "schemagate hook install'.*git commit --no-verify" "$TMP/err"
	expect_code 1 "the pre-push hook blocks the same way" \
		in_dir "$Q" env PATH=$BARE_PATH sh -c '.git/hooks/pre-push < /dev/null'
	expect_grep "and names git push --no-verify" "hook install --pre-push'.*git push --no-verify" "$TMP/err"
fi

# --- a real commit and a real push through the hooks --------------------------
#
# The base is main, named in .schemagate.yaml; work happens on a branch, as
# in a pull request.

G=$TMP/gated
new_repo "$G"
mkdir -p "$G/db/migrations"
printf 'base: main\nmigrations:\n  dir: db/migrations\n' > "$G/.schemagate.yaml"
printf 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n' \
	> "$G/db/migrations/001_users.up.sql"
printf 'DROP TABLE users;\n' > "$G/db/migrations/001_users.down.sql"
git -C "$G" add -A && git -C "$G" commit -q -m "first migration"
git -C "$G" checkout -q -b feature
expect_code 0 "install in the gated repository" in_dir "$G" "$SG_ABS" hook install

# Editing a migration that is already on main rewrites history a database has run.
printf 'CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text);\n' \
	> "$G/db/migrations/001_users.up.sql"
git -C "$G" add db/migrations/001_users.up.sql
BEFORE=$(git -C "$G" rev-parse HEAD)
expect_code 1 "a commit that edits a committed migration is blocked by the hook" \
	in_dir "$G" git commit -q -m "edit the applied migration"
cat "$TMP/out" "$TMP/err" > "$TMP/hook-output"
expect_true "the blocked commit did not happen" test "$(git -C "$G" rev-parse HEAD)" = "$BEFORE"
expect_grep "the hook's findings name the edited migration" "001_users.up.sql.*error" "$TMP/hook-output"
expect_grep "the finding is the edit of a merged migration" "\[migration-modified\]" "$TMP/hook-output"
expect_no_grep "the hook ran schemagate diff, not an error" "schemagate: error:" "$TMP/hook-output"
git -C "$G" reset -q --hard

printf 'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n' \
	> "$G/db/migrations/002_orders.up.sql"
printf 'DROP TABLE orders;\n' > "$G/db/migrations/002_orders.down.sql"
git -C "$G" add db/migrations
expect_code 0 "a commit that adds a clean migration passes the hook" \
	in_dir "$G" git commit -q -m "add orders"
expect_true "the clean commit happened" test "$(git -C "$G" rev-parse HEAD)" != "$BEFORE"

# The pre-push hook, through a real push to a bare remote: each pushed commit
# is checked with diff --head, and a push carrying the edit is refused.
git init -q --bare "$TMP/remote.git"
git -C "$G" remote add origin "$TMP/remote.git"
expect_code 0 "install --pre-push in the gated repository" in_dir "$G" "$SG_ABS" hook install --pre-push
expect_code 0 "pushing main (nothing new against main) passes the hook" in_dir "$G" git push -q origin main
expect_code 0 "pushing the branch with a clean migration passes the hook" in_dir "$G" git push -q origin feature
printf 'CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total numeric);\n' \
	> "$G/db/migrations/001_users.up.sql"
git -C "$G" commit -q --no-verify -am "edit the applied migration anyway"
PUSHED=$(git -C "$G" rev-parse feature)
expect_code 1 "pushing a commit that edits a merged migration is blocked by the hook" \
	in_dir "$G" git push -q origin feature
cat "$TMP/out" "$TMP/err" > "$TMP/push-output"
expect_grep "the push hook names the edited migration" "001_users.up.sql:1:1: error" "$TMP/push-output"
expect_grep "the push hook reports the edit of a merged migration" "\[migration-modified\]" "$TMP/push-output"
expect_grep "the push hook says the push is blocked" "refs/heads/feature has error findings; the push is blocked" "$TMP/push-output"
expect_true "the remote did not receive the commit" \
	test "$(git -C "$TMP/remote.git" rev-parse feature)" != "$PUSHED"
