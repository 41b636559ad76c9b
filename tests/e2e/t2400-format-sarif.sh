#!/bin/sh
# --format sarif: SARIF 2.1.0 as GitHub code scanning reads it. A golden file,
# the structure read back with python3's json module, fingerprints across
# edits, and Microsoft's own validator (@microsoft/sarif-multitool from npm)
# with GitHub's rules turned on.
#
# The binary is SG_BIN, or the first argument.
[ -z "$1" ] || SG_BIN=$1
. tests/e2e/lib.sh

G=tests/e2e/golden/sarif
SG_ABS=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
MT_VERSION=5.7.0
MT_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/schemagate-test/sarif-multitool

# run_in DIR OUT ARGS...: schemagate ARGS in DIR, its output in OUT. Exit 0 or
# 1 (findings) is fine; anything else, or a sanitizer's report, is a failure.
run_in() {
	dir=$1 out=$2
	shift 2
	(cd "$dir" && "$SG_ABS" "$@") > "$out" 2> "$TMP/err"
	rc=$?
	if [ "$rc" -gt 1 ] || grep -q -e 'Sanitizer' -e 'runtime error' "$TMP/err"; then
		not_ok "schemagate $* (in $dir)" "exit $rc" "$(head -c 3000 "$TMP/err")"
	fi
	return $rc
}

# check TITLE PYTHON FILE...: run the Python checks over the SARIF files; silence is success.
check() {
	title=$1 code=$2
	shift 2
	if python3 -c "$PY_LIB$code" "$@" > "$TMP/py.out" 2>&1 && [ ! -s "$TMP/py.out" ]; then
		ok "$title"
	else
		not_ok "$title" "$(head -c 3000 "$TMP/py.out")"
	fi
}

# What every check reads: the files as JSON, strict about bytes that are not UTF-8.
PY_LIB='
import json, re, sys
def load(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))
def results(path):
    return load(path)["runs"][0]["results"]
def unbrace(s):
    # SARIF 3.11.5: literal braces are written doubled.
    return s.replace("{{", "{").replace("}}", "}")
'

# --- the golden file ---------------------------------------------------------
# Relative paths from the golden folder and an explicit config: nothing in the
# output depends on where the repository is or what is above it.
run_in "$G" "$TMP/golden.sarif" lint --format sarif --config schemagate.yaml \
	"db/migrations/V2__add accounts.sql"
rc=$?
if [ "$rc" -eq 1 ]; then ok "the golden input fails the gate (exit 1)"; else
	not_ok "the golden input fails the gate (exit 1)" "exit $rc" "$(head -c 2000 "$TMP/err")"
fi
expect_file "lint --format sarif matches the golden file byte for byte" \
	"$G/lint.sarif" "$TMP/golden.sarif"

# --- the structure -----------------------------------------------------------
check "the document, the driver and its rules are what GitHub requires" '
version = re.search(r"SG_VERSION \"(.*)\"", open("gate/version.h").read()).group(1)
home = re.search(r"SG_HOMEPAGE \"(.*)\"", open("gate/version.h").read()).group(1)
log = load(sys.argv[1])
assert log["version"] == "2.1.0", log.get("version")
assert log["$schema"].endswith("sarif-2.1.0.json"), log.get("$schema")
assert len(log["runs"]) == 1
run = log["runs"][0]
d = run["tool"]["driver"]
assert (d["name"], d["version"], d["semanticVersion"], d["informationUri"]) == \
    ("schemagate", version, version, home), d
assert run["columnKind"] == "unicodeCodePoints"
ids = [r["id"] for r in d["rules"]]
assert len(ids) == len(set(ids)), ids
assert sorted(ids) == sorted({x["ruleId"] for x in run["results"]}), (ids, run["results"])
for r in d["rules"]:
    assert r.get("name") and r["name"].lower() != r["id"].lower(), r
    for k in ("shortDescription", "fullDescription", "help"):
        t = r[k]["text"]
        assert t and (k == "help" or len(t) <= 1024), (r["id"], k, t)
    assert r["help"]["markdown"], r
    assert r["defaultConfiguration"]["level"] in ("error", "warning", "note"), r
' "$TMP/golden.sarif"

check "results: rule, level, message, one location, region, fingerprint, source" '
run = load(sys.argv[1])["runs"][0]
rules = run["tool"]["driver"]["rules"]
assert len(run["results"]) == 3, len(run["results"])
for x in run["results"]:
    assert rules[x["ruleIndex"]]["id"] == x["ruleId"], x
    assert x["level"] in ("error", "warning", "note") and x["message"]["text"], x
    assert len(x["locations"]) == 1, x
    loc = x["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "db/migrations/V2__add%20accounts.sql", loc
    g = loc["region"]
    assert min(g.values()) >= 1 and len(g) == 4, g
    assert (g["endLine"], g["endColumn"]) >= (g["startLine"], g["startColumn"]), g
    assert re.fullmatch("[0-9a-f]{64}", x["partialFingerprints"]["schemagate/v1"]), x
    assert x["properties"]["source"] == "lint", x
levels = {x["ruleId"]: x["level"] for x in run["results"]}
assert levels == {"prefer-bigint": "note", "require-lock-timeout": "warning",
                  "ban-drop-column": "error"}, levels
default = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
assert default["prefer-bigint"] == "warning", default
' "$TMP/golden.sarif"

# Every character a message can carry, in a file name that needs escaping.
ODD=$(printf 'odd dir/caf\303\251 #1.sql')
mkdir -p "$TMP/odd dir"
printf 'ALTER TABLE "na\303\257ve \342\230\203 \360\237\220\230" DROP COLUMN "a{0}b%%s, :\\ <x> & ""q"": 1\001\007\tz\r\nline2\303\251\177";\n' \
	> "$TMP/$ODD"
run_in "$TMP" "$TMP/odd.sarif" lint --format sarif "$ODD"
run_in "$TMP" "$TMP/odd.json" lint --format json "$ODD"
check "%, newlines, quotes, backslashes, <, &, control characters, é ☃ 🐘 come out intact" '
col = "a{0}b%s, :\\ <x> & \"q\": 1\x01\x07\tz\r\nline2\u00e9\x7f"
table = "na\u00efve \u2603 \U0001F418"
drop = [x for x in results(sys.argv[1]) if x["ruleId"] == "ban-drop-column"]
assert len(drop) == 1, drop
text = drop[0]["message"]["text"]
assert "a{{0}}b" in text, text
want = "dropping column \x27%s\x27 of \x27%s\x27 " % (col, table)
assert unbrace(text).startswith(want), (unbrace(text), want)
same = [unbrace(x["message"]["text"]) for x in results(sys.argv[1])]
assert same == [f["message"] for f in load(sys.argv[2])["findings"]], same
' "$TMP/odd.sarif" "$TMP/odd.json"
check "the file name is a URI reference: spaces, # and UTF-8 escaped, / kept" '
uris = {x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for x in results(sys.argv[1])}
assert uris == {"odd%20dir/caf%C3%A9%20%231.sql"}, uris
' "$TMP/odd.sarif"

printf 'SELECT 1;\n' > "$TMP/clean.sql"
run_in "$TMP" "$TMP/empty.sarif" lint --format sarif clean.sql
check "a report without findings is valid SARIF with no results and no rules" '
run = load(sys.argv[1])["runs"][0]
assert run["results"] == [] and run["tool"]["driver"]["rules"] == [], run
' "$TMP/empty.sarif"

# --- fingerprints ------------------------------------------------------------
mkdir -p "$TMP/fp"
printf 'ALTER TABLE t DROP COLUMN c;\n' > "$TMP/fp/m.sql"
run_in "$TMP/fp" "$TMP/fp1.sarif" lint --format sarif m.sql
printf '\n-- a comment above\n\nSELECT 1;\n\n\nALTER TABLE t DROP COLUMN c;\n' > "$TMP/fp/m.sql"
run_in "$TMP/fp" "$TMP/fp2.sarif" lint --format sarif m.sql
check "fingerprints survive lines inserted above the finding" '
def ids(path):
    return [(x["ruleId"], x["partialFingerprints"]["schemagate/v1"], x["locations"][0]
             ["physicalLocation"]["region"]["startLine"]) for x in results(path)]
a, b = ids(sys.argv[1]), ids(sys.argv[2])
assert a and [x[:2] for x in a] == [x[:2] for x in b], (a, b)
assert all(x[2] == 1 for x in a) and all(x[2] == 7 for x in b), (a, b)
' "$TMP/fp1.sarif" "$TMP/fp2.sarif"

printf 'ALTER TABLE t DROP COLUMN c;\nALTER TABLE t DROP COLUMN c;\n' > "$TMP/fp/two.sql"
run_in "$TMP/fp" "$TMP/fp3.sarif" lint --format sarif two.sql
check "two identical findings in one file have different fingerprints" '
drop = [x for x in results(sys.argv[1]) if x["ruleId"] == "ban-drop-column"]
assert len(drop) == 2 and drop[0]["message"] == drop[1]["message"], drop
fps = [x["partialFingerprints"]["schemagate/v1"] for x in drop]
assert fps[0] != fps[1], fps
' "$TMP/fp3.sarif"

# --- Microsoft's validator ---------------------------------------------------
# The npm package @microsoft/sarif-multitool wraps a self-contained .NET build
# (no .NET install needed): its bin `sarif-multitool` is a node script that
# runs the binary whose path require("@microsoft/sarif-multitool") returns,
# through a shell. We call that binary directly, so arguments reach it as
# given. `validate` exits 0 even when it finds errors: they are read from the
# SARIF log it writes with --output. Installed once per machine, outside the
# repository, and reused; a machine without node or npm fails here, since a
# skipped validator would look like a passing one.
# npm ci installs exactly the committed lock file and checks every package
# against its sha512 there. Behind a TLS-intercepting proxy whose CA this
# machine does not have, the registry's certificate cannot be verified: the
# packages are then fetched without it, which the integrity check still
# guards, and the test says so.
npm_ci() {
	(cd "$MT_DIR" && npm ci --no-audit --no-fund --loglevel=error) && return 0
	grep -q -e SELF_SIGNED_CERT -e UNABLE_TO_GET_ISSUER_CERT -e UNABLE_TO_VERIFY_LEAF "$TMP/npm.out" ||
		return 1
	echo "# note: the npm registry's TLS certificate could not be verified here;" \
		"installing the validator checked against the lock file's integrity hashes only" >&2
	(cd "$MT_DIR" && npm ci --strict-ssl=false --no-audit --no-fund --loglevel=error)
}

install_multitool() {
	pkg=$MT_DIR/node_modules/@microsoft/sarif-multitool/package.json
	for tool in node npm; do
		if ! command -v $tool > /dev/null 2>&1; then
			not_ok "the SARIF validator is installed" \
				"$tool is not installed: 'make deps' installs nodejs and npm (ci/install-deps.sh)"
			return 1
		fi
	done
	if ! cmp -s tests/sarif-validator/package-lock.json "$MT_DIR/package-lock.json" ||
		[ ! -f "$pkg" ]; then
		mkdir -p "$MT_DIR" &&
			cp tests/sarif-validator/package.json tests/sarif-validator/package-lock.json "$MT_DIR"/ &&
			npm_ci > "$TMP/npm.out" 2>&1 || {
			not_ok "the SARIF validator is installed" "npm ci failed:" \
				"$(tail -20 "$TMP/npm.out")"
			return 1
		}
		grep "^# note" "$TMP/npm.out"
	fi
	MT=$(cd "$MT_DIR" && node -p 'require("@microsoft/sarif-multitool")' 2> "$TMP/npm.out")
	# npm may skip the package's postinstall (chmod u+x) under its script policy.
	[ -z "$MT" ] || [ -x "$MT" ] || chmod u+x "$MT" 2> /dev/null
	if [ -z "$MT" ] || [ ! -x "$MT" ]; then
		not_ok "the SARIF validator is installed" "no executable from the package:" "$MT" \
			"$(cat "$TMP/npm.out")"
		return 1
	fi
	ok "the SARIF validator is installed (@microsoft/sarif-multitool $MT_VERSION)"
}

# GitHub's policy for the validator (sarif-sdk's policies/github.config.xml):
# the GitHub rules as errors. SARIF2006 is off because it fetches every URI
# in the file, and this test reaches no network.
cat > "$TMP/github.config.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key='SARIF2006.UrisShouldBeReachable.Options'>
    <Property Key='RuleEnabled' Value='Disabled' />
  </Properties>
  <Properties Key='SARIF2007.ExpressPathsRelativeToRepoRoot.Options'>
    <Property Key='RuleEnabled' Value='Error' />
  </Properties>
  <Properties Key='SARIF2016.FileUrisShouldBeRelative.Options'>
    <Property Key='RuleEnabled' Value='Disabled' />
  </Properties>
  <Properties Key='GH1001.ProvideRequiredLocationProperties.Options'>
    <Property Key='RuleEnabled' Value='Error' />
  </Properties>
  <Properties Key='GH1002.InlineThreadFlowLocations.Options'>
    <Property Key='RuleEnabled' Value='Error' />
  </Properties>
  <Properties Key='GH1003.ProvideRequiredRegionProperties.Options'>
    <Property Key='RuleEnabled' Value='Error' />
  </Properties>
  <Properties Key='GH1004.ReviewArraysThatExceedConfigurableDefaults.Options'>
    <Property Key='RuleEnabled' Value='Error' />
  </Properties>
  <Properties Key='GH1005.LocationsMustBeRelativeUrisOrFilePaths.Options'>
    <Property Key='RuleEnabled' Value='Error' />
  </Properties>
  <Properties Key='GH1006.ProvideCheckoutPath.Options'>
    <Property Key='RuleEnabled' Value='Error' />
  </Properties>
</Properties>
EOF

# validate FILE: print the validator's errors and warnings about FILE, one a
# line, and "validator failed" when it did not run to the end.
validate() {
	rm -f "$TMP/v.sarif"
	DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$MT" validate "$1" --output "$TMP/v.sarif" \
		--log ForceOverwrite --rule-kind "Sarif;Gh" --config "$TMP/github.config.xml" \
		> "$TMP/v.out" 2>&1
	python3 -c "$PY_LIB"'
try:
    run = load(sys.argv[1])["runs"][0]
except Exception as e:
    sys.exit("validator failed: %s" % e)
inv = run.get("invocations") or [{}]
if not inv[0].get("executionSuccessful"):
    sys.exit("validator failed: %s" % inv)
rules = run["tool"]["driver"].get("rules", [])
for x in run["results"]:
    # A result without a level takes the default of its rule, else "warning".
    rule = rules[x["ruleIndex"]] if 0 <= x.get("ruleIndex", -1) < len(rules) else {}
    level = x.get("level") or rule.get("defaultConfiguration", {}).get("level", "warning")
    if level in ("error", "warning"):
        print(level, x["ruleId"], x["message"].get("arguments"))
' "$TMP/v.sarif" > "$TMP/v.found" 2>&1
	# The console says it too, in words; keep those lines for the report.
	grep -E ': (error|warning) [A-Z]+[0-9]+:' "$TMP/v.out" >> "$TMP/v.found"
	cat "$TMP/v.found"
}

# expect_valid TITLE FILE
expect_valid() {
	validate "$2" > "$TMP/v.list"
	if [ -s "$TMP/v.list" ]; then
		not_ok "$1" "$(head -c 4000 "$TMP/v.list")" "$(tail -5 "$TMP/v.out")"
	else
		ok "$1"
	fi
}

if install_multitool; then
	# First a file with known errors, so that a validator that checks
	# nothing (it passes some broken files silently) cannot pass for green.
	cat > "$TMP/broken.sarif" <<'EOF'
{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","version":"1.0.0","rules":[{"id":"R1","name":"RuleOne"}]}},"results":[{"ruleId":"R1","ruleIndex":0,"message":{"text":"m."},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"file:///abs/x.sql"},"region":{"startLine":0}}}]}]}]}
EOF
	if validate "$TMP/broken.sarif" | grep -q "^error GH2012" && grep -q "^error JSON1008" "$TMP/v.found"; then
		ok "the validator finds the errors of a broken file"
	else
		not_ok "the validator finds the errors of a broken file" "$(cat "$TMP/v.found")" \
			"$(tail -20 "$TMP/v.out")"
	fi
	expect_valid "the validator accepts the golden file" "$TMP/golden.sarif"
	expect_valid "the validator accepts messages with special characters" "$TMP/odd.sarif"
	expect_valid "the validator accepts a report without findings" "$TMP/empty.sarif"
	expect_valid "the validator accepts two identical findings" "$TMP/fp3.sarif"
	# policy findings: located in the pack, with area and evidence as properties
	if [ -n "$SG_TEST_PGWEAK_URL" ]; then
		"$SG" policy check --db "$SG_TEST_PGWEAK_URL" --policy cis --format sarif \
			--output "$TMP/policy.sarif" 2> "$TMP/policy.err"
		expect_valid "the validator accepts a policy report" "$TMP/policy.sarif"
	else
		not_ok "the validator accepts a policy report" "SG_TEST_PGWEAK_URL is not set (tests/servers.sh)"
	fi
fi
