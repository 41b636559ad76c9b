#!/bin/sh
# --format gitlab (GitLab Code Quality) and --format junit (JUnit XML as
# GitLab reads it): byte-exact golden files, then python3's own parsers
# (json, xml.etree) checking every field against --format json, the counts,
# unique names and fingerprints, fingerprints that survive lines inserted
# above, and messages full of characters both formats must escape.
# Usage: sh tests/e2e/t2420-format-gitlab-junit.sh [BUILD_DIR]   (or SG_BIN=BUILD_DIR/schemagate)
# SG_UPDATE_GOLDEN=1 rewrites the golden files from this build instead.
[ -z "$1" ] || SG_BIN=$1/schemagate
. tests/e2e/lib.sh

SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
GOLD=$PWD/tests/e2e/golden
W=$TMP/w
mkdir -p "$W/db" "$W/sumdb" "$W/out/gitlab" "$W/out/junit"

if ! command -v python3 > /dev/null 2>&1; then
	not_ok "python3 is installed (the parser checks need it)"
	exit 1
fi

# run CODE TITLE ARGS...: schemagate ARGS... in $W, where every path is
# relative, so no output names $TMP; the exit code must be CODE.
run() {
	want=$1 title=$2
	shift 2
	(cd "$W" && "$SGA" "$@") > "$TMP/stdout" 2> "$TMP/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$title"; else
		not_ok "$title" "exit $got, expected $want" "$(head -c 2000 "$TMP/err")"
	fi
}

# golden TITLE NAME: $W/out/NAME is byte for byte tests/e2e/golden/NAME.
golden() {
	if [ -n "$SG_UPDATE_GOLDEN" ]; then
		mkdir -p "$(dirname "$GOLD/$2")" && cp "$W/out/$2" "$GOLD/$2"
	fi
	expect_file "$1" "$GOLD/$2" "$W/out/$2"
}

# py TITLE SCRIPT ARGS...: a python3 check that prints its own ok/not ok
# lines; a crash, or no line at all, is a failure of TITLE.
py() {
	title=$1 script=$2
	shift 2
	if python3 -c "$script" "$@" > "$TMP/py" 2>&1 && grep -q '^\(not \)\{0,1\}ok ' "$TMP/py"; then
		cat "$TMP/py"
	else
		not_ok "$title" "$(tail -20 "$TMP/py")"
	fi
}

# --- fixtures -----------------------------------------------------------------

printf '%s\n' \
	'ALTER TABLE users ADD COLUMN age int NOT NULL;' \
	'CREATE INDEX users_age ON users (age);' \
	'ALTER TABLE users ADD COLUMN seen timestamp;' > "$W/db/0001_add.sql"
printf '%s\n' 'CREATE TABLE t_new (id bigint PRIMARY KEY);' > "$W/db/0002_clean.sql"
# Lines inserted above every statement of 0001: comments, a blank, a clean statement.
{ printf '%s\n' '-- unrelated' '' 'CREATE TABLE t_other (id bigint PRIMARY KEY);' '-- more'
  cat "$W/db/0001_add.sql"; } > "$W/0001_shifted.sql"
mkdir -p "$W/shifted/db"
cp "$W/0001_shifted.sql" "$W/shifted/db/0001_add.sql"
printf 'rules:\n  severity:\n    prefer-timestamptz: info\n' > "$W/info.yaml"
: > "$W/empty.yaml"
# A name and an identifier with everything both formats escape: %, commas,
# colons, quotes, < & >, control characters (SOH, ESC, DEL, tab, CR, LF),
# U+FFFE (valid UTF-8 that XML forbids), é ☃ 😀, and a byte that is not UTF-8.
TRICKY="db/0003_q'\"&<x>, é☃😀 %s:%n.sql"
printf 'CREATE INDEX "i%%s %%n,:<&>\047""\001\033\177\t\r\357\277\276|é☃😀\nx" ON t (a);\nCREATE INDEX "bad\377" ON t (b);\n' \
	> "$W/$TRICKY"

# --- golden files ---------------------------------------------------------------

run 1 "errors, warnings, an info and a clean file: exit 1, gitlab and junit in one run" \
	lint --config info.yaml --format gitlab --output out/gitlab/mixed.json \
	--format junit --output out/junit/mixed.xml --format json --output out/mixed-sg.json \
	db/0001_add.sql db/0002_clean.sql
golden "gitlab: mixed report matches its golden file" gitlab/mixed.json
golden "junit: mixed report matches its golden file" junit/mixed.xml

run 0 "a clean file alone exits 0" lint --config empty.yaml --format gitlab --output out/gitlab/clean.json \
	--format junit --output out/junit/clean.xml --format json --output out/clean-sg.json db/0002_clean.sql
golden "gitlab: a clean run is []" gitlab/clean.json
golden "junit: a clean file is one passing testcase" junit/clean.xml

cp "$W/db/0001_add.sql" "$W/db/0002_clean.sql" "$W/sumdb/"
run 0 "sum --write" sum --config empty.yaml --write --dir sumdb
run 0 "sum --check, nothing found and no file listed" sum --config empty.yaml --check --dir sumdb \
	--format gitlab --output out/gitlab/sum-ok.json --format junit --output out/junit/sum-ok.xml
golden "gitlab: sum --check clean is []" gitlab/sum-ok.json
golden "junit: nothing listed and nothing found is one passing testcase for the run" junit/sum-ok.xml

printf -- '-- edited\n' >> "$W/sumdb/0002_clean.sql"
run 1 "sum --check after an edit exits 1" sum --config empty.yaml --check --dir sumdb \
	--format gitlab --output out/gitlab/sum-edited.json --format junit --output out/junit/sum-edited.xml \
	--format json --output out/sum-edited-sg.json
golden "gitlab: a diff finding on a file no lint listed" gitlab/sum-edited.json
golden "junit: a diff finding gets classname diff and its own suite" junit/sum-edited.xml

run 1 "tricky characters: exit 1" lint --config empty.yaml --format gitlab --output out/gitlab/tricky.json \
	--format junit --output out/junit/tricky.xml --format json --output out/tricky-sg.json "$TRICKY"
golden "gitlab: tricky characters match the golden file" gitlab/tricky.json
golden "junit: tricky characters match the golden file" junit/tricky.xml

run 1 "the same file twice" lint --config empty.yaml --format gitlab --output out/twice.json \
	--format junit --output out/twice.xml --format json --output out/twice-sg.json \
	db/0001_add.sql db/0001_add.sql
run 1 "lines inserted above" lint --config empty.yaml --format gitlab --output out/shifted.json \
	--format json --output out/shifted-sg.json 0001_shifted.sql
run 1 "the original, with the same name as the shifted copy" lint --config empty.yaml \
	--format gitlab --output out/unshifted.json db/0001_add.sql
(cd "$W/shifted" && "$SGA" lint --config ../empty.yaml --format gitlab db/0001_add.sql) \
	> "$W/out/shifted-same-name.json" 2>/dev/null

for f in gitlab/mixed.json junit/mixed.xml gitlab/tricky.json junit/tricky.xml junit/sum-edited.xml; do
	expect_no_grep "$f names no absolute path" "$TMP" "$W/out/$f"
done

# --- GitLab Code Quality, read back by json ---------------------------------------

GITLAB_CHECK='
import json, re, sys
gl_path, sg_path, label = sys.argv[1:4]
raw = open(gl_path, "rb").read()
fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
check(raw[:1] == b"[", "starts with [ (no BOM, an array)")
check(raw.endswith(b"]\n"), "ends with ]")
issues = json.loads(raw.decode("utf-8"))
findings = json.load(open(sg_path, encoding="utf-8"))["findings"]
check(isinstance(issues, list), "an array")
check(len(issues) == len(findings), "%d issues for %d findings" % (len(issues), len(findings)))
sev = {"error": "critical", "warning": "minor", "info": "info"}
for i, (g, f) in enumerate(zip(issues, findings)):
    where = "issue %d: " % i
    keys = {"description", "check_name", "fingerprint", "severity", "location"}
    if f["help"]:
        keys.add("content")
    check(set(g) == keys, where + "fields %s" % sorted(g))
    check(g["description"] == f["message"] + " [" + f["rule"] + "]", where + "description %r" % g["description"])
    check(g["check_name"] == f["rule"], where + "check_name")
    check(isinstance(g["fingerprint"], str) and re.fullmatch("[0-9a-f]{64}", g["fingerprint"]), where + "fingerprint")
    check(g["severity"] == sev[f["severity"]], where + "severity %s for %s" % (g["severity"], f["severity"]))
    loc = g["location"]
    check(set(loc) == {"path", "lines"}, where + "location fields")
    check(loc["path"] == f["file"], where + "path %r" % loc["path"])
    check(set(loc["lines"]) == {"begin", "end"}, where + "lines fields")
    for k in ("begin", "end"):
        check(type(loc["lines"][k]) is int, where + "lines.%s is an integer" % k)
    check(loc["lines"]["begin"] == f["line"] >= 1, where + "begin")
    check(loc["lines"]["end"] == f["end_line"] >= f["line"], where + "end")
    if f["help"]:
        check(g["content"] == {"body": f["help"]}, where + "content.body is the help")
fps = [g["fingerprint"] for g in issues]
check(len(set(fps)) == len(fps), "fingerprints unique")
if fails:
    print("not ok - gitlab %s: read back by json" % label)
    print("\n".join(fails[:20]))
else:
    print("ok - gitlab %s: every field and type, unique fingerprints (%d issues)" % (label, len(issues)))
'
py "gitlab mixed" "$GITLAB_CHECK" "$W/out/gitlab/mixed.json" "$W/out/mixed-sg.json" mixed
py "gitlab sum" "$GITLAB_CHECK" "$W/out/gitlab/sum-edited.json" "$W/out/sum-edited-sg.json" sum-edited
py "gitlab tricky" "$GITLAB_CHECK" "$W/out/gitlab/tricky.json" "$W/out/tricky-sg.json" tricky
py "gitlab twice" "$GITLAB_CHECK" "$W/out/twice.json" "$W/out/twice-sg.json" "same file twice"
py "gitlab shifted" "$GITLAB_CHECK" "$W/out/shifted.json" "$W/out/shifted-sg.json" shifted

py "gitlab empty" '
import json, sys
for p in sys.argv[1:]:
    raw = open(p, "rb").read()
    print(("ok" if raw == b"[]\n" and json.loads(raw) == [] else "not ok") + " - gitlab: an empty report is [] (" + p.split("/")[-1] + ")")
' "$W/out/gitlab/clean.json" "$W/out/gitlab/sum-ok.json"

py "gitlab stable" '
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
fa = [g["fingerprint"] for g in a]
fb = [g["fingerprint"] for g in b]
la = [g["location"]["lines"]["begin"] for g in a]
lb = [g["location"]["lines"]["begin"] for g in b]
if fa == fb and len(fa) == 7 and all(y == x + 4 for x, y in zip(la, lb)):
    print("ok - gitlab: fingerprints survive 4 lines inserted above (lines %s -> %s)" % (la, lb))
else:
    print("not ok - gitlab: fingerprints survive lines inserted above")
    print(fa, fb, la, lb)
' "$W/out/unshifted.json" "$W/out/shifted-same-name.json"

py "gitlab twice fingerprints" '
import json, sys
g = json.load(open(sys.argv[1]))
fps = [x["fingerprint"] for x in g]
print(("ok" if len(g) == 14 and len(set(fps)) == 14 else "not ok") +
      " - gitlab: identical findings (a file linted twice) keep distinct fingerprints")
' "$W/out/twice.json"

# --- JUnit, read back by xml.etree ---------------------------------------------

JUNIT_CHECK='
import json, re, sys
import xml.etree.ElementTree as ET
xml_path, sg_path, label = sys.argv[1:4]
clean = sys.argv[4:]
raw = open(xml_path, "rb").read()
fails = []
def check(cond, what):
    if not cond:
        fails.append(what)
check(raw.startswith(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), "XML declaration with UTF-8")
raw.decode("utf-8")
root = ET.fromstring(raw)
findings = json.load(open(sg_path, encoding="utf-8"))["findings"]
def xmlable(s):
    # what XML 1.0 cannot carry is written as the text \uXXXX
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", lambda m: "\\u%04x" % ord(m.group()), s)
check(root.tag == "testsuites", "root is testsuites")
cases = root.findall("./testsuite/testcase")
nfail = len(root.findall("./testsuite/testcase/failure"))
nerr = len(root.findall("./testsuite/testcase/error"))
check(root.get("tests") == str(len(cases)), "testsuites tests=%s for %d testcases" % (root.get("tests"), len(cases)))
check(root.get("failures") == str(nfail), "testsuites failures=%s for %d" % (root.get("failures"), nfail))
check(root.get("errors") == str(nerr) == "0", "testsuites errors")
for s in root.findall("testsuite"):
    n = s.get("name")
    check(s.get("tests") == str(len(s.findall("testcase"))), "suite %r tests" % n)
    check(s.get("failures") == str(len(s.findall("testcase/failure"))), "suite %r failures" % n)
    check(s.get("errors") == str(len(s.findall("testcase/error"))), "suite %r errors" % n)
    check(len(s.findall("testcase")) >= 1, "suite %r has a testcase" % n)
    for c in s.findall("testcase"):
        check(c.get("file") in (None, n), "testcase file %r in suite %r" % (c.get("file"), n))
names = [c.get("name") for c in cases]
check(len(set(names)) == len(names), "testcase names unique: %r" % names)
for c in cases:
    check(c.get("classname") and c.get("name"), "classname and name on every testcase")
hits = [c for c in cases if c.find("failure") is not None or c.find("system-out") is not None]
if label != "run":
    check(len(hits) == len(findings), "%d finding testcases for %d findings" % (len(hits), len(findings)))
for i, (c, f) in enumerate(zip(hits, findings)):
    where = "finding %d (%s): " % (i, f["rule"])
    check(c.get("classname") == f["source"], where + "classname %r" % c.get("classname"))
    check(c.get("file") == xmlable(f["file"]), where + "file %r" % c.get("file"))
    base = "%s at %s:%d:%d" % (f["rule"], xmlable(f["file"]), f["line"], f["column"])
    check(c.get("name") == base or re.fullmatch(re.escape(base) + r" \(\d+\)", c.get("name")), where + "name %r" % c.get("name"))
    text = "%s:%d:%d: %s: %s [%s]" % (f["file"], f["line"], f["column"], f["severity"], f["message"], f["rule"])
    if f["help"]:
        text += "\nhelp: " + f["help"]
    fl = c.find("failure")
    if f["severity"] == "info":
        check(fl is None and c.find("system-out").text == xmlable(text), where + "info passes, with the finding in system-out")
    else:
        check(fl is not None and fl.get("type") == f["severity"], where + "failure of type severity")
        check(fl is not None and fl.get("message") == xmlable(f["message"]), where + "message attribute %r" % (fl.get("message") if fl is not None else None))
        check(fl is not None and fl.text == xmlable(text), where + "failure content %r" % (fl.text if fl is not None else None))
for path in clean:
    cs = [c for c in cases if c.get("name") == path]
    check(len(cs) == 1 and len(list(cs[0])) == 0 and cs[0].get("classname") == "lint" and cs[0].get("file") == path,
          "clean file %r is one passing lint testcase" % path)
if fails:
    print("not ok - junit %s: read back by xml.etree" % label)
    print("\n".join(fails[:20]))
else:
    print("ok - junit %s: structure, counts on every suite, unique names, every finding (%d testcases)" % (label, len(cases)))
'
py "junit mixed" "$JUNIT_CHECK" "$W/out/junit/mixed.xml" "$W/out/mixed-sg.json" mixed db/0002_clean.sql
py "junit sum" "$JUNIT_CHECK" "$W/out/junit/sum-edited.xml" "$W/out/sum-edited-sg.json" sum-edited
py "junit tricky" "$JUNIT_CHECK" "$W/out/junit/tricky.xml" "$W/out/tricky-sg.json" tricky
py "junit twice" "$JUNIT_CHECK" "$W/out/twice.xml" "$W/out/twice-sg.json" "same file twice"
py "junit clean" "$JUNIT_CHECK" "$W/out/junit/clean.xml" "$W/out/clean-sg.json" clean db/0002_clean.sql
py "junit counts" '
import sys
import xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
got = [(s.get("name"), s.get("tests"), s.get("failures"), s.get("errors")) for s in r]
want = [("db/0001_add.sql", "7", "6", "0"), ("db/0002_clean.sql", "1", "0", "0")]
ok = got == want and (r.get("tests"), r.get("failures"), r.get("errors")) == ("8", "6", "0")
print(("ok" if ok else "not ok") + " - junit: 8 tests, 6 failures (the info passes), one suite per file in order")
if not ok: print(got, r.attrib)
r = ET.parse(sys.argv[2]).getroot()
c = r.findall("./testsuite/testcase")
ok = (r.get("tests"), r.get("failures")) == ("1", "0") and len(c) == 1 and c[0].get("name") == "schemagate" \
    and c[0].find("system-out").text == "2 files, 0 statements: no findings"
print(("ok" if ok else "not ok") + " - junit: nothing listed, nothing found: one passing testcase named after the run")
r = ET.parse(sys.argv[3]).getroot()
names = [c.get("name") for c in r.iter("testcase")]
ok = len(names) == 14 and "require-lock-timeout at db/0001_add.sql:1:1 (2)" in names
print(("ok" if ok else "not ok") + " - junit: the second of two identical findings is named \" (2)\"")
if not ok: print(names)
' "$W/out/junit/mixed.xml" "$W/out/junit/sum-ok.xml" "$W/out/twice.xml"

# --- the tricky characters, spelled out ----------------------------------------------

py "tricky" '
import json, sys
import xml.etree.ElementTree as ET
g = json.load(open(sys.argv[1], encoding="utf-8"))
x = ET.parse(sys.argv[2]).getroot()
name = "db/0003_q\x27\"&<x>, é☃😀 %s:%n.sql"
ident = "i%s %n,:<&>\x27\"\x01\x1b\x7f\t\r\ufffe|é☃😀\nx"
msg = "creating index \x27" + ident + "\x27 on \x27t\x27 without CONCURRENTLY"
d = g[0]["description"]
print(("ok" if d.startswith(msg) and g[0]["location"]["path"] == name else "not ok") +
      " - gitlab: %, commas, colons, quotes, < &, control characters, CR, LF, U+FFFE, é ☃ 😀 come back intact")
print(("ok" if any("bad\ufffd" in i["description"] for i in g) else "not ok") +
      " - gitlab: a byte that is not UTF-8 becomes U+FFFD")
fl = x.find("./testsuite/testcase/failure")
xmsg = msg.replace("\x01", "\\u0001").replace("\x1b", "\\u001b").replace("\ufffe", "\\ufffe")
print(("ok" if fl.get("message").startswith(xmsg) and fl.text.startswith(name + ":1:1: error: " + xmsg) else "not ok") +
      " - junit: the same survive in attribute and content; SOH, ESC, U+FFFE (forbidden in XML 1.0) become \\uXXXX")
print(("ok" if x.find("./testsuite").get("name") == name and "\r" in fl.get("message") and "\n" in fl.get("message") and "\t" in fl.get("message") else "not ok") +
      " - junit: CR, LF and tab survive attribute normalisation; the file name is intact")
print(("ok" if any("bad\ufffd" in (c.find("failure").get("message") or "") for c in x.iter("testcase")) else "not ok") +
      " - junit: a byte that is not UTF-8 becomes U+FFFD")
' "$W/out/gitlab/tricky.json" "$W/out/junit/tricky.xml"

# libxml2's parser (libxml2-utils, from make deps) as a second, stricter reader.
for f in junit/mixed.xml junit/clean.xml junit/sum-ok.xml junit/sum-edited.xml junit/tricky.xml; do
	if xmllint --noout "$W/out/$f" 2> "$TMP/xl"; then ok "xmllint accepts $f"; else
		not_ok "xmllint accepts $f" "$(head -5 "$TMP/xl")"; fi
done
