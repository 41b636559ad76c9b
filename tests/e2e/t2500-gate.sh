#!/bin/sh
# schemagate gate on real git repositories: where the base and the head come
# from (flags, GitHub and GitLab environments, the config, the defaults),
# the exit codes, --fail-on, and the outputs each CI system gets by default.
. tests/e2e/lib.sh

SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
R="$TMP/repo"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
# The gate reads these; CI itself runs the tests with CI=true.
unset CI GITHUB_ACTIONS GITHUB_BASE_REF GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITLAB_CI \
	CI_MERGE_REQUEST_DIFF_BASE_SHA

new_repo() {
	rm -rf "$R"
	mkdir -p "$R"
	git -C "$R" init -q -b main
}

commit() { git -C "$R" add -A && git -C "$R" commit -qm "$1"; }
branch() { git -C "$R" checkout -q -b "$1"; }
put() { mkdir -p "$(dirname "$R/$1")" && printf '%s\n' "$2" > "$R/$1"; }
gm() { put "db/migrations/$1.up.sql" "$2"; put "db/migrations/$1.down.sql" "${3:-SELECT 1;}"; }

# run "NAME=VALUE..." ARG...: schemagate gate ARG... in $R with those
# environment variables; "$TMP/out", "$TMP/err" and "$TMP/code" get what it did.
run() {
	vars=$1
	shift
	# shellcheck disable=SC2086 # the variables are split on purpose
	(cd "$R" && env $vars "$SGA" gate "$@" > "$TMP/out" 2> "$TMP/err")
	echo $? > "$TMP/code"
}

# "$TMP/f" gets one "rule file:line" per finding of a JSON report on standard output.
findings() {
	python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print("%s %s:%d" % (f["rule"], f["file"], f["line"]))
' "$TMP/out" > "$TMP/f" 2>/dev/null || : > "$TMP/f"
}

# runj "NAME=VALUE..." ARG...: run with --format json and read the findings.
runj() {
	vars=$1
	shift
	run "$vars" --format json "$@"
	findings
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
WARN_ONLY='SET lock_timeout = 1000;
ALTER TABLE users ADD COLUMN note json;'
IDX="require-concurrent-index-creation db/migrations/000002_idx.up.sql:1"

# base_repo: main has migration 1; the branch feature is checked out.
base_repo() {
	new_repo
	gm 000001_users 'CREATE TABLE users (id bigint PRIMARY KEY, email text);' 'DROP TABLE users;'
	commit base
	branch feature
}

# ---- the command line ----
expect_code 0 "gate --help exits 0" "$SG" gate --help
expect_grep "gate --help says where the base comes from in CI" "GITHUB_BASE_REF" "$TMP/out"
expect_grep "gate --help names the GitLab reports" "gl-code-quality-report.json" "$TMP/out"
expect_code 0 "schemagate --help" "$SG" --help
expect_grep "schemagate --help lists gate" "^  gate " "$TMP/out"

base_repo
gm 000002_idx "$UNSAFE"
runj "" --base main
has "--base: an unsafe added migration is reported" "$IDX"
code "--base: error findings exit 1" 1
expect_grep "the diff stage's summary is on standard error" \
	"^schemagate gate: diff: db/migrations (golang-migrate) against main" "$TMP/err"
run "" --base main -q --format json
expect_no_grep "-q: no summary line" "schemagate gate: diff" "$TMP/err"
run "" --base main --no-such-flag
code "an unknown argument exits 2" 2
expect_grep "an unknown argument is named" "unknown argument '--no-such-flag'" "$TMP/err"
run "" --base main --fail-on never
code "a bad --fail-on exits 2" 2
run "" --base main --format nonesuch
code "an unknown --format exits 2" 2
run "" --base main --server-version x
code "a bad --server-version exits 2" 2
run "" --base no-such-branch
code "a base that does not resolve: the diff stage cannot run, exit 2" 2
expect_grep "a stage that cannot run says which and why" \
	"^schemagate: error: diff stage: .*unknown revision 'no-such-branch'" "$TMP/err"
run "" --base main --dir no/such/dir
code "a missing migration folder exits 2" 2

# ---- exit codes and --fail-on ----
base_repo
gm 000002_safe "$SAFE" 'DROP TABLE t_new;'
runj "" --base main
code "a clean change exits 0" 0
lacks "a clean change has no findings" "."
base_repo
gm 000002_note "$WARN_ONLY" 'SET lock_timeout = 1000;
ALTER TABLE users DROP COLUMN note;'
runj "" --base main
has "a warning is reported" "prefer-jsonb db/migrations/000002_note.up.sql:2"
code "warnings alone exit 0" 0
runj "" --base main --fail-on warning
code "--fail-on warning: warnings exit 1" 1
runj "" --base main --fail-on error
code "--fail-on error: warnings exit 0" 0

# ---- the head: the working tree outside CI, the checkout in CI ----
base_repo
gm 000002_idx "$UNSAFE"
commit feature
gm 000003_wip "$UNSAFE"
runj "" --base main
has "outside CI the head is the working tree (committed)" "$IDX"
has "outside CI the head is the working tree (uncommitted)" \
	"require-concurrent-index-creation db/migrations/000003_wip.up.sql:1"
for ci in CI=true GITHUB_ACTIONS=true GITLAB_CI=true; do
	runj "$ci" --base main
	has "$ci: the checked-out commit is linted" "$IDX"
	lacks "$ci: the head is HEAD, not the working tree" "000003_wip"
done
runj "CI=false" --base main
has "CI=false is not CI: the working tree" \
	"require-concurrent-index-creation db/migrations/000003_wip.up.sql:1"
runj "CI=true" --base main --head HEAD~1
code "--head wins over CI: HEAD~1 adds nothing" 0
lacks "--head HEAD~1 sees neither migration" "000002_idx\|000003_wip"
run "CI=true" --base main -v --format json
expect_grep "-v says where the head came from" "head HEAD from the checkout in CI" "$TMP/err"

# ---- GitHub: GITHUB_BASE_REF names a branch; origin/<branch> is what the clone has ----
new_repo
gm 000001_users 'CREATE TABLE users (id bigint PRIMARY KEY, email text);' 'DROP TABLE users;'
commit base
git init -q --bare -b main "$TMP/origin.git"
git -C "$R" push -q "$TMP/origin.git" main 2>/dev/null
rm -rf "$R"
git clone -q "$TMP/origin.git" "$R" 2>/dev/null
branch feature
gm 000002_idx "$UNSAFE"
commit feature
# as on a GitHub runner: no local branch for the base, only origin/main
git -C "$R" branch -q -D main
git -C "$R" remote set-head origin -d
runj "GITHUB_BASE_REF=main" -v
has "GITHUB_BASE_REF=main: compared with origin/main" "$IDX"
code "GITHUB_BASE_REF: the error finding exits 1" 1
expect_grep "-v: the base is origin/main, from GITHUB_BASE_REF" \
	"base origin/main (GITHUB_BASE_REF)" "$TMP/err"
expect_grep "the summary names origin/main" "against origin/main" "$TMP/err"
runj "GITHUB_BASE_REF=no-such-branch"
code "a GITHUB_BASE_REF that does not exist exits 2" 2
expect_grep "the error says the base came from GITHUB_BASE_REF" \
	"the base 'no-such-branch' came from GITHUB_BASE_REF" "$TMP/err"
expect_grep "without origin/<branch> the error says how to fetch it" "fetch-depth: 0" "$TMP/err"
runj "GITHUB_BASE_REF=no-such-branch" --base origin/main
has "--base wins over GITHUB_BASE_REF" "$IDX"
git -C "$R" branch -q local-only origin/main
runj "GITHUB_BASE_REF=local-only" -v
has "GITHUB_BASE_REF without a remote branch: the name as is" "$IDX"
expect_grep "-v: the base is the name as is" "base local-only (GITHUB_BASE_REF)" "$TMP/err"
git -C "$R" branch -q -D local-only
runj "GITHUB_BASE_REF= CI_MERGE_REQUEST_DIFF_BASE_SHA=" --base origin/main
code "empty CI variables are ignored" 1
# outside CI without a base: what diff does (origin/HEAD of a clone)
git -C "$R" remote set-head origin main
runj ""
has "no base anywhere: the diff stage's default (origin/HEAD)" "$IDX"

# ---- GitLab: CI_MERGE_REQUEST_DIFF_BASE_SHA is a commit ----
SHA=$(git -C "$R" rev-parse origin/main)
git -C "$R" remote set-head origin -d
runj "CI_MERGE_REQUEST_DIFF_BASE_SHA=$SHA" -v
has "CI_MERGE_REQUEST_DIFF_BASE_SHA: compared with that commit" "$IDX"
expect_grep "-v: the base is the SHA, from CI_MERGE_REQUEST_DIFF_BASE_SHA" \
	"base $SHA (CI_MERGE_REQUEST_DIFF_BASE_SHA)" "$TMP/err"
runj "CI_MERGE_REQUEST_DIFF_BASE_SHA=0123456789abcdef0123456789abcdef01234567"
code "a CI_MERGE_REQUEST_DIFF_BASE_SHA that does not exist exits 2" 2
expect_grep "the error says the base came from CI_MERGE_REQUEST_DIFF_BASE_SHA" \
	"came from CI_MERGE_REQUEST_DIFF_BASE_SHA" "$TMP/err"

# ---- the config: base, and the CI environment before it ----
printf 'base: no-such-branch\n' > "$R/.schemagate.yaml"
runj ""
code "base in the config is used (and here does not exist): exit 2" 2
expect_grep "the config's base is what failed" "no-such-branch" "$TMP/err"
printf 'base: origin/main\n' > "$R/.schemagate.yaml"
runj "" -v
has "base in the config" "$IDX"
expect_grep "-v: the base came from the config" "base origin/main (\`base\` in the config)" "$TMP/err"
printf 'base: no-such-branch\n' > "$R/.schemagate.yaml"
runj "CI_MERGE_REQUEST_DIFF_BASE_SHA=$SHA"
has "the CI environment wins over the config's base" "$IDX"
mkdir -p "$R/ci"
printf 'base: origin/main\n' > "$R/ci/gate.yaml"
runj "" --config ci/gate.yaml
has "--config FILE replaces .schemagate.yaml" "$IDX"
printf 'base: origin/main\nrules:\n  disable: [require-concurrent-index-creation]\n' > "$R/.schemagate.yaml"
runj ""
lacks "rules disabled in the config are not reported" "require-concurrent-index-creation"
code "with the error rule disabled the gate passes" 0
printf 'base: origin/main\nrules:\n  disable: [require-concurrent-index-creation]\n  severity:\n    migration-missing-down: error\n' > "$R/.schemagate.yaml"
put db/migrations/000003_lonely.up.sql "$SAFE"
runj ""
has "a history rule re-graded in the config: reported" \
	"migration-missing-down db/migrations/000003_lonely.up.sql:1"
code "a history rule re-graded to error in the config fails the gate" 1
rm "$R/db/migrations/000003_lonely.up.sql"
rm -rf "$R/.schemagate.yaml" "$R/ci"

# ---- default outputs: GitHub Actions ----
printf 'an earlier step wrote this\n' > "$TMP/summary.md"
run "GITHUB_ACTIONS=true CI=true GITHUB_BASE_REF=main GITHUB_STEP_SUMMARY=$TMP/summary.md"
code "GitHub: an error finding exits 1" 1
expect_grep "GitHub: an ::error annotation on standard output" \
	"^::error file=db/migrations/000002_idx.up.sql,line=1,.*title=require-concurrent-index-creation::" "$TMP/out"
expect_grep "GitHub: the warning is annotated too" "^::warning file=db/migrations/000002_idx.up.sql" "$TMP/out"
expect_no_grep "GitHub: no text report on standard output" "^db/migrations/000002_idx.up.sql:1:1: error" "$TMP/out"
expect_grep "GitHub: the step summary is appended" "require-concurrent-index-creation" "$TMP/summary.md"
expect_grep "GitHub: the step summary keeps what was there" "^an earlier step wrote this" "$TMP/summary.md"
run "GITHUB_ACTIONS=true CI=true GITHUB_BASE_REF=main"
expect_grep "GitHub without GITHUB_STEP_SUMMARY: annotations all the same" "^::error file=" "$TMP/out"

# ---- default outputs: GitLab CI ----
rm -f "$R/gl-code-quality-report.json" "$R/schemagate-junit.xml"
run "GITLAB_CI=true CI=true CI_MERGE_REQUEST_DIFF_BASE_SHA=$SHA"
code "GitLab: an error finding exits 1" 1
expect_grep "GitLab: text on standard output" \
	"^db/migrations/000002_idx.up.sql:1:1: error: .*\[require-concurrent-index-creation\]" "$TMP/out"
if python3 - "$R/gl-code-quality-report.json" > "$TMP/py" 2>&1 <<'EOF'
import json, sys
issues = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(issues, list), "not an array"
mine = [i for i in issues if i["check_name"] == "require-concurrent-index-creation"]
assert mine, "no require-concurrent-index-creation issue in %r" % issues
assert mine[0]["location"]["path"] == "db/migrations/000002_idx.up.sql", mine[0]["location"]
for i in issues:
    assert i["severity"] in ("info", "minor", "major", "critical", "blocker"), i
    assert i["fingerprint"] and i["description"], i
EOF
then ok "GitLab: gl-code-quality-report.json is a Code Quality array with the finding"
else not_ok "GitLab: gl-code-quality-report.json is a Code Quality array with the finding" "$(cat "$TMP/py")"; fi
if python3 - "$R/schemagate-junit.xml" > "$TMP/py" 2>&1 <<'EOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.iter("testcase")
failed = [c for c in cases if c.find("failure") is not None]
assert failed, "no failed testcase"
text = "".join(ET.tostring(c, encoding="unicode") for c in failed)
assert "require-concurrent-index-creation" in text, text
EOF
then ok "GitLab: schemagate-junit.xml is JUnit XML with a failure for the finding"
else not_ok "GitLab: schemagate-junit.xml is JUnit XML with a failure for the finding" "$(cat "$TMP/py")"; fi
mkdir -p "$R/sub"
rm -f "$R/gl-code-quality-report.json" "$R/schemagate-junit.xml"
(cd "$R/sub" && env GITLAB_CI=true CI=true CI_MERGE_REQUEST_DIFF_BASE_SHA="$SHA" "$SGA" gate \
	> /dev/null 2>&1)
[ -f "$R/sub/gl-code-quality-report.json" ] && [ -f "$R/sub/schemagate-junit.xml" ] &&
	[ ! -e "$R/gl-code-quality-report.json" ] &&
	ok "GitLab: the reports are written in the current directory" ||
	not_ok "GitLab: the reports are written in the current directory" "$(ls -R "$R/sub")"
rm -rf "$R/sub"

# ---- explicit --format and --output replace the defaults ----
rm -f "$R/gl-code-quality-report.json" "$R/schemagate-junit.xml" "$TMP/summary.md"
runj "GITHUB_ACTIONS=true CI=true GITHUB_BASE_REF=main GITHUB_STEP_SUMMARY=$TMP/summary.md"
has "GitHub with --format json: the JSON report" "$IDX"
expect_no_grep "GitHub with --format json: no annotations" "^::" "$TMP/out"
[ ! -e "$TMP/summary.md" ] && ok "GitHub with --format json: no step summary" ||
	not_ok "GitHub with --format json: no step summary" "$(head -5 "$TMP/summary.md")"
run "GITLAB_CI=true CI=true CI_MERGE_REQUEST_DIFF_BASE_SHA=$SHA" --format text
code "GitLab with --format text: the exit code stays" 1
expect_grep "GitLab with --format text: text on standard output" "require-concurrent-index-creation" "$TMP/out"
[ ! -e "$R/gl-code-quality-report.json" ] && [ ! -e "$R/schemagate-junit.xml" ] &&
	ok "GitLab with --format text: no report files" ||
	not_ok "GitLab with --format text: no report files" "$(ls "$R")"
run "GITLAB_CI=true CI=true CI_MERGE_REQUEST_DIFF_BASE_SHA=$SHA" --output "$TMP/report.txt"
expect_grep "GitLab with --output alone: text in that file" "require-concurrent-index-creation" "$TMP/report.txt"
[ ! -s "$TMP/out" ] && [ ! -e "$R/gl-code-quality-report.json" ] &&
	ok "GitLab with --output alone: nothing else" ||
	not_ok "GitLab with --output alone: nothing else" "$(head -5 "$TMP/out")" "$(ls "$R")"
run "GITLAB_CI=true CI=true CI_MERGE_REQUEST_DIFF_BASE_SHA=$SHA" --format gitlab \
	--output "$TMP/cq.json" --format junit --output "$TMP/j.xml" --format json
findings
has "several explicit formats in one run: JSON on standard output" "$IDX"
[ -s "$TMP/cq.json" ] && [ -s "$TMP/j.xml" ] && [ ! -e "$R/gl-code-quality-report.json" ] &&
	ok "several explicit formats in one run: each in its own file" ||
	not_ok "several explicit formats in one run: each in its own file"

# ---- on GitHub the checkout is the pull request's merge commit: HEAD is right ----
new_repo
gm 000001_users 'CREATE TABLE users (id bigint PRIMARY KEY, email text);' 'DROP TABLE users;'
commit base
rm -rf "$TMP/origin.git" "$TMP/pr"
git init -q --bare -b main "$TMP/origin.git"
branch feature
gm 000005_idx "$UNSAFE"
commit feature
git -C "$R" checkout -q main
gm 000003_more "$SAFE" 'DROP TABLE t_new;'
commit main-moves-on
git -C "$R" push -q "$TMP/origin.git" main 2>/dev/null
# as actions/checkout does on pull_request: the merge of the branch into main, detached
git clone -q "$TMP/origin.git" "$TMP/pr" 2>/dev/null
git -C "$TMP/pr" fetch -q "$R" feature 2>/dev/null
git -C "$TMP/pr" checkout -q --detach origin/main
git -C "$TMP/pr" merge -q --no-ff --no-edit FETCH_HEAD
git -C "$TMP/pr" branch -q -D main
R="$TMP/pr"
runj "GITHUB_ACTIONS=true CI=true GITHUB_BASE_REF=main"
has "a merge commit checkout: the branch's migration is the change" \
	"require-concurrent-index-creation db/migrations/000005_idx.up.sql:1"
lacks "a merge commit checkout: the base branch's own new migration is not" "000003_more"
lacks "a merge commit checkout: nothing is out of order" "migration-out-of-order"
code "a merge commit checkout: exit 1" 1
