#!/bin/sh
# --format github (workflow-command annotations, $GITHUB_STEP_SUMMARY) and
# --format markdown (the pull-request / step summary): byte-exact golden
# outputs, the annotations parsed back and compared with the JSON of the
# same run, severity order and GitHub's annotation limits, characters that
# need escaping, and the size caps of the summary.
#
# Golden inputs are tests/e2e/golden/github/*.sql (run from that folder, with
# --config info.yaml); the expected outputs are github/*.out and markdown/*.md.
# SG_UPDATE_GOLDEN=1 rewrites the expected outputs: review the diff.
# Usage: sh tests/e2e/t2410-format-github-markdown.sh [BUILD_DIR]   (or SG_BIN=BUILD_DIR/schemagate)
[ -z "$1" ] || SG_BIN=$1/schemagate
. tests/e2e/lib.sh

GOLD=$PWD/tests/e2e/golden
SG_ABS=$(cd "$(dirname "$SG")" && pwd -P)/$(basename "$SG")
unset GITHUB_STEP_SUMMARY
if ! command -v python3 > /dev/null 2>&1; then
	not_ok "python3 is installed (the annotation parser is written in it)"
	exit 1
fi

# sg_in DIR OUT ARGS...: run schemagate in DIR, standard output to OUT,
# standard error to $TMP/err, the exit code in $TMP/code.
sg_in() {
	dir=$1 out=$2
	shift 2
	( cd "$dir" && "$SG_ABS" "$@" ) > "$out" 2> "$TMP/err"
	echo $? > "$TMP/code"
}

# expect_exit TITLE CODE: the last sg_in exited with CODE.
expect_exit() {
	if [ "$(cat "$TMP/code")" -eq "$2" ]; then ok "$1"; else
		not_ok "$1" "exit $(cat "$TMP/code"), expected $2" "$(head -c 2000 "$TMP/err")"; fi
}

# quiet_stderr TITLE: the last sg_in printed nothing on standard error
# (which is also where a sanitizer build would report).
quiet_stderr() {
	if [ -s "$TMP/err" ]; then not_ok "$1" "$(head -c 2000 "$TMP/err")"; else ok "$1"; fi
}

# golden TITLE EXPECTED ACTUAL (or, with SG_UPDATE_GOLDEN, write EXPECTED)
golden() {
	if [ -n "$SG_UPDATE_GOLDEN" ]; then cp "$3" "$2" && ok "$1 (golden rewritten)"; else
		expect_file "$1" "$2" "$3"; fi
}

# --- golden outputs ---------------------------------------------------------

for case in mixed:1 clean:0 tricky:1; do
	name=${case%:*} code=${case#*:}
	sg_in "$GOLD/github" "$TMP/$name.gh" lint --config info.yaml --format github "$name.sql"
	expect_exit "github: $name.sql exits $code" "$code"
	quiet_stderr "github: $name.sql: nothing on standard error"
	golden "github: $name.sql matches golden/github/$name.out" "$GOLD/github/$name.out" "$TMP/$name.gh"
	sg_in "$GOLD/github" "$TMP/$name.md" lint --config info.yaml --format markdown "$name.sql"
	expect_exit "markdown: $name.sql exits $code" "$code"
	quiet_stderr "markdown: $name.sql: nothing on standard error"
	golden "markdown: $name.sql matches golden/markdown/$name.md" "$GOLD/markdown/$name.md" "$TMP/$name.md"
done

sg_in "$GOLD/github" "$TMP/quiet.gh" lint --config info.yaml --format github -q clean.sql
if [ -s "$TMP/quiet.gh" ]; then not_ok "github -q prints nothing when clean" "$(cat "$TMP/quiet.gh")"; else
	ok "github -q prints nothing when clean"; fi
expect_grep "markdown says when there is nothing to report" '^1 file, 1 statement: no findings\.$' "$GOLD/markdown/clean.md"
expect_no_grep "markdown has no empty sections when clean" '^###' "$GOLD/markdown/clean.md"

# --- $GITHUB_STEP_SUMMARY ---------------------------------------------------

{ cat "$GOLD/markdown/mixed.md"; echo; cat "$GOLD/markdown/mixed.md"; } > "$TMP/two.md"
export GITHUB_STEP_SUMMARY="$TMP/summary.md"
sg_in "$GOLD/github" "$TMP/s1.gh" lint --config info.yaml --format github mixed.sql
expect_exit "with a step summary the exit code is unchanged" 1
expect_file "with a step summary the annotations are unchanged" "$GOLD/github/mixed.out" "$TMP/s1.gh"
expect_file "the step summary is the markdown format" "$GOLD/markdown/mixed.md" "$TMP/summary.md"
sg_in "$GOLD/github" "$TMP/s2.gh" lint --config info.yaml --format github mixed.sql
expect_file "a second run appends a second summary, on a line of its own" "$TMP/two.md" "$TMP/summary.md"

rm -f "$TMP/summary.md"
sg_in "$GOLD/github" "$TMP/s3.gh" lint --config info.yaml --format json --output "$TMP/s3.json" \
	--format github --output "$TMP/s3.out" mixed.sql
expect_file "the summary is written when the annotations go to --output" "$GOLD/markdown/mixed.md" "$TMP/summary.md"
rm -f "$TMP/summary.md"
sg_in "$GOLD/github" "$TMP/s4.json" lint --config info.yaml --format json mixed.sql
if [ -e "$TMP/summary.md" ]; then not_ok "no step summary without --format github"; else
	ok "no step summary without --format github"; fi

export GITHUB_STEP_SUMMARY="$TMP/no/such/dir/summary.md"
sg_in "$GOLD/github" "$TMP/s5.gh" lint --config info.yaml --format github mixed.sql
expect_exit "an unwritable step summary does not change the exit code (errors)" 1
expect_grep "an unwritable step summary is a warning" "^schemagate: warning: cannot append the step summary to '$TMP/no/such/dir/summary.md'" "$TMP/err"
expect_file "an unwritable step summary leaves the annotations intact" "$GOLD/github/mixed.out" "$TMP/s5.gh"
sg_in "$GOLD/github" "$TMP/s6.gh" lint --config info.yaml --format github clean.sql
expect_exit "an unwritable step summary does not fail a clean run" 0
export GITHUB_STEP_SUMMARY=""
sg_in "$GOLD/github" "$TMP/s7.gh" lint --config info.yaml --format github clean.sql
quiet_stderr "an empty GITHUB_STEP_SUMMARY is ignored"
unset GITHUB_STEP_SUMMARY

# --- severity order and GitHub's annotation limits --------------------------

# order.sql: 12 errors, 12 warnings and 12 infos, interleaved in the file.
W="$TMP/work"
mkdir -p "$W"
cp "$GOLD/github/info.yaml" "$W/"
: > "$W/order.sql"
: > "$W/ten.sql"
i=1
while [ $i -le 12 ]; do
	printf 'ALTER TABLE t%d DROP COLUMN c;\nCREATE TABLE j%d (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, j json);\n' \
		$i $i >> "$W/order.sql"
	[ $i -gt 10 ] || printf 'ALTER TABLE t%d DROP COLUMN c;\n' $i >> "$W/ten.sql"
	i=$((i + 1))
done
sg_in "$W" "$TMP/order.gh" lint --config info.yaml --format github order.sql
cut -d' ' -f1 "$TMP/order.gh" | uniq -c | sed 's/^ *//' > "$TMP/order.kinds"
printf '12 ::error\n12 ::warning\n12 ::notice\n1 schemagate:\n' > "$TMP/order.want"
expect_file "errors first, then warnings, then notices, then one plain line" "$TMP/order.want" "$TMP/order.kinds"
for kind in error warning notice; do
	grep "^::$kind " "$TMP/order.gh" | sed 's/.*,line=\([0-9]*\),.*/\1/' > "$TMP/lines"
	if sort -n -c "$TMP/lines" 2> /dev/null; then ok "the ${kind}s keep report order"; else
		not_ok "the ${kind}s keep report order" "$(tr '\n' ' ' < "$TMP/lines")"; fi
done
tail -1 "$TMP/order.gh" > "$TMP/last"
echo "schemagate: 36 findings in all (12 errors, 12 warnings, 12 infos) in 1 file, 24 statements; GitHub annotates at most 10 of each severity per step and 50 per job, so 6 are not annotated: all are listed above" > "$TMP/last.want"
expect_file "the last line counts every finding and those GitHub will not annotate" "$TMP/last.want" "$TMP/last"
sg_in "$W" "$TMP/ten.gh" lint --format github ten.sql
tail -1 "$TMP/ten.gh" > "$TMP/last"
echo "schemagate: 20 findings in all (10 errors, 10 warnings, 0 infos) in 1 file, 10 statements" > "$TMP/last.want"
expect_file "at the limits, nothing is said about limits" "$TMP/last.want" "$TMP/last"

# --- tricky characters: annotations parsed back against the JSON -------------

cp "$GOLD/github/mixed.sql" "$GOLD/github/tricky.sql" "$W/"
cp "$GOLD/github/tricky.sql" "$W/we%ird,na:mé ☃.sql"
printf 'ALTER TABLE "cr\r\nlf\rcr %%0A%%25 a::b" DROP COLUMN "x,y=z";\n' > "$W/crlf.sql"
printf 'ALTER TABLE "bad\377byte\001ctl" DROP COLUMN x;\n' > "$W/invalid.sql"
sg_in "$W" "$TMP/all.out" lint --config info.yaml --format github --output "$TMP/all.gh" \
	--format json --output "$TMP/all.json" --format markdown --output "$TMP/all.md" \
	mixed.sql tricky.sql "we%ird,na:mé ☃.sql" crlf.sql invalid.sql order.sql
expect_exit "the run with every tricky input exits 1" 1
quiet_stderr "the run with every tricky input: nothing on standard error"

if python3 - "$TMP/all.gh" "$TMP/all.json" > "$TMP/parse.out" 2>&1 <<'EOF'
# Parse each "::cmd props::message" line as the actions runner does, unescape
# it, and compare it with the JSON findings in the order annotations promise.
import json, re, sys

def unescape(s, prop):
    if prop:
        s = s.replace("%3A", ":").replace("%2C", ",")
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "the output ends with a newline"
lines = lines[:-1]
report = json.load(open(sys.argv[2], encoding="utf-8"))
rank = {"error": 0, "warning": 1, "info": 2}
want = sorted(report["findings"], key=lambda f: rank[f["severity"]])  # stable: report order
got = []
for line in lines[:-1]:
    m = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
    assert m, "not an annotation: %r" % line
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    props = {k: unescape(v, True) for k, v in props.items()}
    got.append((m.group(1), props, unescape(m.group(3), False)))
assert lines[-1].startswith("schemagate: %d findings in all" % len(want)), lines[-1]
assert len(got) == len(want), "%d annotations, %d findings" % (len(got), len(want))
cmd = {"error": "error", "warning": "warning", "info": "notice"}
for (kind, props, message), f in zip(got, want):
    expect = {"file": f["file"], "line": str(f["line"]), "col": str(f["column"]),
              "endLine": str(f["end_line"]), "endColumn": str(f["end_column"]), "title": f["rule"]}
    assert kind == cmd[f["severity"]], (kind, f)
    assert props == expect, (props, expect)
    text = f["message"] + ("\n\n" + f["help"] if f["help"] else "")
    assert message == text, (message, text)
print("%d annotations match the JSON findings" % len(got))
EOF
then ok "every annotation, parsed and unescaped, is its JSON finding (file, position, rule, message, help)"; else
	not_ok "every annotation, parsed and unescaped, is its JSON finding (file, position, rule, message, help)" "$(cat "$TMP/parse.out")"; fi
expect_grep "a file name is escaped as a property" '^::error file=we%25ird%2Cna%3Amé ☃\.sql,line=3,' "$TMP/all.gh"
expect_grep "a message keeps its text, with % and newlines escaped" \
	"^::error .*::dropping column 'line1%0Aline2' of '50%25,off:é☃😀 <b>&amp; |x| \`t\` \\\\ \"q\" \$a\$ \*s\* _u_ \[l\](u)' breaks" "$TMP/all.gh"
expect_grep "CR, CRLF and escapes already in the text are escaped once more" "of 'cr%0D%0Alf%0Dcr %250A%2525 a::b'" "$TMP/all.gh"
expect_grep "bytes that are not UTF-8 become U+FFFD" "'bad�byte$(printf '\001')ctl'" "$TMP/all.gh"

if python3 - "$TMP/all.md" > "$TMP/md.out" 2>&1 <<'EOF'
# The Markdown cannot break: every table row has its 3 cells, every HTML tag
# is one of ours, every <details> is closed, and Markdown after a <summary>
# line starts after a blank line (or GitHub would not read it).
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
lines = text.split("\n")
for line in lines:
    if line.startswith("| ") and not line.startswith("| where"):
        bars = re.findall(r"(?<!\\)(?:\\\\)*\|", line)
        assert len(bars) == 4, "a table row with %d cell borders: %r" % (len(bars), line)
tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", text))
assert tags <= {"details", "summary", "code", "br"}, tags
assert text.count("<details>") == text.count("</details>")
for i, line in enumerate(lines):
    if line.startswith("<details>"):
        assert line.endswith("</summary>") and lines[i + 1] == "", line
for needle in ["50%,off:é☃😀 &lt;b&gt;&amp;amp; \\|x\\| \\`t\\` \\\\ \"q\" \\$a\\$ \\*s\\* \\_u\\_ \\[l\\](u)",
               "'line1<br>line2'", "'cr<br>lf<br>cr %0A%25 a::b'", "'bad\ufffdbyte\ufffdctl'",
               "<code>we%ird,na:mé ☃.sql</code>"]:
    assert needle in text, "missing: " + needle
print("ok")
EOF
then ok "markdown: tables, HTML and collapsible sections cannot be broken by what they quote"; else
	not_ok "markdown: tables, HTML and collapsible sections cannot be broken by what they quote" "$(cat "$TMP/md.out")"; fi

# --- the summary stays under GitHub's 1 MiB step-summary limit --------------

awk 'BEGIN { for (i = 1; i <= 700; i++) printf "ALTER TABLE t%d DROP COLUMN c;\n", i }' > "$W/big.sql"
sg_in "$W" "$TMP/big.md" lint --format markdown big.sql
expect_grep "the error table is capped" '^600 more errors are not in this table\.$' "$TMP/big.md"
rows=$(grep -c '^| big\.sql:' "$TMP/big.md")
[ "$rows" -eq 100 ] && ok "the table shows 100 errors" || not_ok "the table shows 100 errors" "$rows rows"
items=$(grep -c '^- ' "$TMP/big.md")
[ "$items" -eq 500 ] && ok "the sections show 500 findings" || not_ok "the sections show 500 findings" "$items items"
expect_grep "the summary says how many findings were left out" "^900 more findings are not shown, to keep this summary under GitHub's 1 MiB limit" "$TMP/big.md"

awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "ALTER TABLE \"%s%d\" DROP COLUMN c;\n", "a_very_long_table_name_with_many_characters_in_it_", i }' > "$W/huge.sql"
export GITHUB_STEP_SUMMARY="$TMP/huge-summary.md"
sg_in "$W" "$TMP/huge.gh" lint --format github huge.sql
unset GITHUB_STEP_SUMMARY
expect_exit "a huge report exits 1" 1
quiet_stderr "a huge report: nothing on standard error"
size=$(wc -c < "$TMP/huge-summary.md")
[ "$size" -lt 1048576 ] && ok "a huge report's step summary is under 1 MiB ($size bytes)" ||
	not_ok "a huge report's step summary is under 1 MiB" "$size bytes"
n=$(grep -c '^::' "$TMP/huge.gh")
[ "$n" -eq 40000 ] && ok "a huge report still annotates every finding in the log" ||
	not_ok "a huge report still annotates every finding in the log" "$n annotations"
