#!/bin/sh
# schemagate diff on a repository of 5,000 migrations and 2,000 commits
# (bench/gen_git_repo.sh): exactly the three files the branch changes are
# reported, whether the head is the branch or the working tree.
. tests/e2e/lib.sh

SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
R="$TMP/big"
if ! sh bench/gen_git_repo.sh "$R" 5000 2000 2> "$TMP/gen.err"; then
	not_ok "the 5,000-migration repository is generated" "$(cat "$TMP/gen.err")"
	exit 0
fi
ok "the 5,000-migration repository is generated"
[ "$(git -C "$R" rev-list --count main)" -ge 2000 ] && [ "$(ls "$R/db/migrations" | wc -l)" -eq 10000 ] &&
	ok "it has 2,000 commits and 10,000 files" || not_ok "it has 2,000 commits and 10,000 files"

findings() {
	python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    if f["source"] == "diff": print("%s %s:%d" % (f["rule"], f["file"], f["line"]))
' "$1"
}

(cd "$R" && "$SGA" diff --base main --head feature --dir db/migrations --format json > "$TMP/c.json" 2> "$TMP/c.err")
code=$?
[ "$code" -eq 1 ] && ok "the edit of a merged migration fails the run" || not_ok "exit 1" "exit $code" "$(cat "$TMP/c.err")"
findings "$TMP/c.json" > "$TMP/c.f"
printf 'migration-modified db/migrations/000042_comment_on_customers_1.up.sql:3\n' > "$TMP/want"
expect_file "the only history finding is the edited migration" "$TMP/want" "$TMP/c.f"
expect_grep "two files added, one edited" "2 files added, 1 edited, 0 deleted, 0 renamed" "$TMP/c.err"
expect_grep "the added migration is linted" '"file":"db/migrations/005001_[a-z_0-9]*.up.sql"' "$TMP/c.json"
python3 -c '
import json, sys
print("\n".join(sorted({f["file"] for f in json.load(open(sys.argv[1]))["findings"] if f["source"] == "lint"})))
' "$TMP/c.json" > "$TMP/linted"
expect_no_grep "no migration but the added one is linted" "db/migrations/00[0-4]" "$TMP/linted"

git -C "$R" checkout -q feature
(cd "$R" && "$SGA" diff --base main --format json > "$TMP/w.json" 2> "$TMP/w.err")
findings "$TMP/w.json" > "$TMP/w.f"
expect_file "the working tree of the branch gives the same history findings" "$TMP/want" "$TMP/w.f"
