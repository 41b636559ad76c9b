#!/bin/sh
# The ready-made pipelines in ci/: the GitHub composite action (and its
# example workflow) and the GitLab CI template. Their YAML is parsed and its
# structure checked, then their shell steps are RUN here, as the CI system
# would run them, in throwaway git repositories against the binary under
# test: a small runner renders the action's ${{ }} expressions, evaluates
# each step's `if:`, gives each step its own $GITHUB_OUTPUT, and collects
# the action's outputs; another resolves the GitLab job's `extends`, its
# rules and variables and runs before_script and script. The steps that
# install packages, build or upload are not run; their form is checked.
. tests/e2e/lib.sh

SGA=$(cd "$(dirname "$SG")" && pwd)/$(basename "$SG")
SRC=$(pwd)
ACTION="$SRC/ci/github/action.yml"
WORKFLOW="$SRC/ci/github/example-workflow.yml"
GITLAB="$SRC/ci/gitlab/schemagate.gitlab-ci.yml"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \
	GIT_COMMITTER_EMAIL=t@example.com GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"
unset CI GITHUB_ACTIONS GITHUB_BASE_REF GITHUB_STEP_SUMMARY GITHUB_OUTPUT GITHUB_WORKSPACE \
	GITLAB_CI CI_MERGE_REQUEST_DIFF_BASE_SHA CI_PIPELINE_SOURCE CI_PROJECT_DIR RUNNER_TEMP \
	SCHEMAGATE_BIN SCHEMAGATE_ARGS

# py TITLE SCRIPT ARG...: a python3 check (SCRIPT on standard input) passes or says why.
py() {
	title=$1
	shift
	if python3 - "$@" > "$TMP/py" 2>&1; then ok "$title"; else not_ok "$title" "$(tail -n 15 "$TMP/py")"; fi
}

if ! python3 -c 'import yaml' 2> /dev/null; then
	not_ok "python3 can read YAML (python3-yaml, installed by ci/install-deps.sh)"
	exit 0
fi

# ---------------------------------------------------------------- structure
py "action.yml: name, description, inputs with descriptions, outputs with values" "$ACTION" <<'EOF'
import re, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
assert a.get("name") and a.get("description"), "name and description"
assert a["inputs"], "no inputs"
for k, v in a["inputs"].items():
    assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", k), "bad input id %s" % k
    assert isinstance(v, dict) and v.get("description"), "input %s has no description" % k
    assert isinstance(v.get("default", ""), str), "input %s: a default is a string" % k
for want in ("base", "dir", "config", "fail-on", "schemagate-path", "upload-sarif",
             "working-directory"):
    assert want in a["inputs"], "no input %s" % want
ids = {s.get("id") for s in a["runs"]["steps"]}
for want in ("exit-code", "errors", "warnings", "sarif-file"):
    o = a["outputs"].get(want)
    assert o and o.get("description"), "output %s with a description" % want
    m = re.fullmatch(r"\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}", o.get("value", ""))
    assert m and m.group(1) in ids, "output %s: value must be ${{ steps.<id>.outputs.<name> }} of a step, not %r" % (want, o.get("value"))
EOF

py "action.yml: composite, every run step has a shell, uses steps are pinned" "$ACTION" <<'EOF'
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
assert a["runs"]["using"] == "composite", a["runs"]["using"]
for s in a["runs"]["steps"]:
    assert ("run" in s) != ("uses" in s), "a step is run or uses: %r" % s
    if "run" in s:
        assert s.get("shell") == "bash", "run step %r needs shell: bash" % s.get("name")
    else:
        assert "@" in s["uses"], "unpinned %s" % s["uses"]
EOF

py "action.yml: the gate step writes annotations and SARIF and keeps the exit code" "$ACTION" <<'EOF'
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
gate = [s for s in a["runs"]["steps"] if s.get("id") == "gate"][0]
run = gate["run"]
assert "gate --format github --format sarif --output" in run, run
assert "|| rc=$?" in run and run.rstrip().endswith('exit "$rc"'), "the gate's exit code ends the step"
for name in ("exit-code", "errors", "warnings", "sarif-file"):
    assert 'echo "%s=' % name in run, "output %s not written" % name
assert "$GITHUB_OUTPUT" in run
assert "${{" not in run, "inputs reach the script through env:, never pasted into it"
EOF

py "action.yml: SARIF is uploaded with upload-sarif@v3, always, when enabled" "$ACTION" <<'EOF'
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
up = [s for s in a["runs"]["steps"] if "upload-sarif" in s.get("uses", "")]
assert len(up) == 1, up
up = up[0]
assert up["uses"] == "github/codeql-action/upload-sarif@v3", up["uses"]
cond = up.get("if", "")
assert "always()" in cond and "inputs.upload-sarif" in cond and "steps.gate.outputs.sarif-file" in cond, cond
assert "steps.gate.outputs.sarif-file" in up["with"]["sarif_file"], up["with"]
EOF

py "action.yml: the install step is apt-get update + install of build dependencies from ci/install-deps.sh" \
	"$ACTION" "$SRC/ci/install-deps.sh" <<'EOF'
import re, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
deps = [s for s in a["runs"]["steps"] if s.get("id") == "deps"][0]
run = deps["run"]
assert "apt-get update" in run and "apt-get install -y" in run, run
assert "inputs.schemagate-path == ''" in deps.get("if", ""), "a given binary needs no install"
pkgs = set(re.search(r'PKGS="([^"]*)"', open(sys.argv[2]).read()).group(1).split())
listed = re.search(r"apt-get install(.*?)(>|$)", run.replace("\\\n", " "), re.S).group(1)
listed = [w for w in listed.split() if not w.startswith("-")]
for need in ("build-essential", "pkg-config", "libpg-query-dev", "libgit2-dev", "libyaml-dev", "libssl-dev"):
    assert need in listed, "the build needs %s" % need
extra = [p for p in listed if p not in pkgs]
assert not extra, "not in ci/install-deps.sh: %s" % extra
EOF

py "action.yml: the build step is skipped when schemagate-path is given" "$ACTION" <<'EOF'
import sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
b = [s for s in a["runs"]["steps"] if s.get("id") == "build"][0]
assert b.get("if", "").replace(" ", "") == "inputs.schemagate-path==''", b.get("if")
assert "make " in b["run"] and "path=" in b["run"], b["run"]
EOF

py "example-workflow.yml: pull_request, checkout@v4 with fetch-depth 0, permissions, the action" "$WORKFLOW" <<'EOF'
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
on = w.get("on", w.get(True))  # YAML 1.1 reads a bare `on` as true
assert "pull_request" in (on if isinstance(on, (dict, list)) else [on]), on
assert w["permissions"] == {"contents": "read", "security-events": "write"}, w["permissions"]
(job,) = w["jobs"].values()
steps = job["steps"]
co = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
assert co and co[0]["uses"] == "actions/checkout@v4", co
assert co[0]["with"]["fetch-depth"] == 0, co[0]["with"]
act = [s for s in steps if "/ci/github@" in s.get("uses", "")]
assert act and steps.index(act[0]) > steps.index(co[0]), "the action runs after the checkout"
EOF

py "gitlab: hidden .schemagate job, schemagate job on merge requests, reports, GIT_DEPTH 0" \
	"$GITLAB" "$SRC/ci/install-deps.sh" <<'EOF'
import re, sys, yaml
g = yaml.safe_load(open(sys.argv[1]))
t = g[".schemagate"]
assert t["script"] and any("gate" in l for l in t["script"]), t["script"]
assert t["artifacts"]["when"] == "always", t["artifacts"]
assert t["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
assert t["artifacts"]["reports"]["junit"] == "schemagate-junit.xml"
assert str(t["variables"]["GIT_DEPTH"]) == "0", t["variables"]
assert t.get("image"), "an image"
j = g["schemagate"]
assert j["extends"] == ".schemagate", j
assert any('merge_request_event' in r.get("if", "") for r in j["rules"]), j["rules"]
text = "\n".join(t["before_script"])
pkgs = set(re.search(r'PKGS="([^"]*)"', open(sys.argv[2]).read()).group(1).split())
listed = re.search(r"apt-get install(.*?)(>|$)", text.replace("\\\n", " "), re.S).group(1)
listed = [w for w in listed.split() if not w.startswith("-")]
assert "libpg-query-dev" in listed and "git" in listed, listed
extra = [p for p in listed if p not in pkgs]
assert not extra, "not in ci/install-deps.sh: %s" % extra
EOF

"$SG" gate --help > "$TMP/help" 2>&1
expect_grep "the GitLab template's code quality file is the one the gate writes" \
	"gl-code-quality-report.json (gitlab)" "$TMP/help"
expect_grep "the GitLab template's JUnit file is the one the gate writes" \
	"schemagate-junit.xml (junit)" "$TMP/help"

# ---------------------------------------------------------------- runners
cat > "$TMP/run_action.py" <<'EOF'
"""Run a composite action's steps as the Actions runner would, locally.

usage: run_action.py ACTION_YML INPUTS_JSON OUT_DIR [--plan]

Environment: GITHUB_WORKSPACE and the rest of the job's variables. Each step
gets its own $GITHUB_OUTPUT file (OUT_DIR/<n>-<id>.output); `uses:` steps and
the step with id `deps` (it installs packages) are not run, only evaluated.
OUT_DIR/result.json gets the steps and the action's outputs; the exit code is
the first failing step's. --plan only evaluates the `if:` conditions.
"""
import json, os, re, subprocess, sys, yaml

action_yml, inputs_json, out_dir = sys.argv[1:4]
plan = "--plan" in sys.argv[4:]
action = yaml.safe_load(open(action_yml))
given = json.loads(inputs_json)
unknown = set(given) - set(action["inputs"])
assert not unknown, "no such inputs: %s" % unknown
inputs = {k: str(given.get(k, v.get("default", ""))) for k, v in action["inputs"].items()}
steps = {}
failed = False
workspace = os.environ["GITHUB_WORKSPACE"]
action_path = os.path.dirname(os.path.abspath(action_yml))

TOKEN = re.compile(r"\s*(?:('[^']*')|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][\w.-]*\(\))|([A-Za-z_][\w.-]*))")

def lookup(name):
    parts = name.split(".")
    if parts[0] == "inputs" and len(parts) == 2:
        return inputs[parts[1]]  # KeyError: an input the action does not declare
    if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
        return steps.get(parts[1], {}).get("outputs", {}).get(parts[3], "")
    if parts[0] == "steps" and len(parts) == 3 and parts[2] == "outcome":
        return steps.get(parts[1], {}).get("outcome", "")
    if name == "github.action_path":
        return action_path
    if name == "github.workspace":
        return workspace
    raise KeyError("unknown context %s" % name)

def evaluate(expr):
    """GitHub expressions of the kind actions use: a Python expression of the same meaning."""
    py, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise ValueError("cannot read expression %r at %d" % (expr, pos))
        s, op, fn, ident = m.groups()
        if s is not None:
            py.append(repr(s[1:-1].replace("''", "'")))
        elif op:
            py.append({"&&": " and ", "||": " or ", "!": " not "}.get(op, op))
        elif fn:
            py.append({"always()": "True", "success()": repr(not failed),
                       "failure()": repr(failed), "cancelled()": "False"}[fn])
        else:
            py.append({"true": "True", "false": "False"}.get(ident) or repr(lookup(ident)))
        pos = m.end()
    return eval("".join(py), {"__builtins__": {}})

def render(text):
    def one(m):
        v = evaluate(m.group(1))
        return {True: "true", False: "false"}.get(v, v) if isinstance(v, bool) else str(v)
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

def condition(step):
    cond = step.get("if")
    if cond is None:
        return not failed
    cond = re.sub(r"^\$\{\{(.*)\}\}$", r"\1", cond.strip())
    status = re.search(r"\b(always|success|failure|cancelled)\(\)", cond)
    return bool(evaluate(cond if status else "success() && (%s)" % cond))

def read_outputs(path):
    out, lines, i = {}, open(path).read().split("\n"), 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^([\w-]+)<<(.+)$", line)
        if m:
            j = lines.index(m.group(2), i + 1)
            out[m.group(1)] = "\n".join(lines[i + 1:j])
            i = j
        elif "=" in line:
            k, v = line.split("=", 1)
            out[k] = v
        i += 1
    return out

result = {"steps": [], "outputs": {}}
first_rc = 0
for n, step in enumerate(action["runs"]["steps"]):
    sid = step.get("id", "step%d" % n)
    entry = {"id": sid, "name": step.get("name", ""), "run": False}
    result["steps"].append(entry)
    entry["if"] = condition(step)
    if "uses" in step:
        entry["uses"] = step["uses"]
        entry["with"] = {k: render(v) for k, v in step.get("with", {}).items()}
        continue
    if not entry["if"] or plan or sid == "deps":
        steps[sid] = {"outcome": "skipped", "outputs": {}}
        continue
    output = os.path.join(out_dir, "%d-%s.output" % (n, sid))
    open(output, "w").close()
    env = dict(os.environ)
    env.update({k: render(v) for k, v in step.get("env", {}).items()})
    env.update(GITHUB_OUTPUT=output, GITHUB_ACTION_PATH=action_path)
    script = os.path.join(out_dir, "%d-%s.sh" % (n, sid))
    with open(script, "w") as f:
        f.write(render(step["run"]))
    cwd = os.path.normpath(os.path.join(workspace, render(step.get("working-directory", "."))))
    env["PWD"] = cwd
    sys.stdout.flush()
    rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=cwd, env=env)
    entry.update(run=True, rc=rc, output_file=output)
    steps[sid] = {"outcome": "success" if rc == 0 else "failure", "outputs": read_outputs(output)}
    if rc and not failed:
        failed, first_rc = True, rc
for k, v in action.get("outputs", {}).items():
    result["outputs"][k] = render(v["value"])
json.dump(result, open(os.path.join(out_dir, "result.json"), "w"), indent=1)
sys.exit(first_rc)
EOF

cat > "$TMP/run_gitlab.py" <<'EOF'
"""Run a GitLab CI job's before_script and script as the runner would, locally.

usage: run_gitlab.py CI_YML JOB

`extends` is resolved, the job's `rules` are evaluated against the
environment (exit 3 when no rule adds the job), its variables are defaults
that the environment overrides (as CI/CD variables do), and the lines run in
one bash with -e -o pipefail in $CI_PROJECT_DIR.
"""
import os, re, subprocess, sys, yaml

ci = yaml.safe_load(open(sys.argv[1]))

def resolve(name):
    job = dict(ci[name])
    parent = job.pop("extends", None)
    if not parent:
        return job
    merged = resolve(parent)
    for k, v in job.items():
        if isinstance(v, dict) and isinstance(merged.get(k), dict):
            merged[k] = {**merged[k], **v}
        else:
            merged[k] = v
    return merged

job = resolve(sys.argv[2])
def rule_matches(r):
    m = re.fullmatch(r'\$(\w+)\s*==\s*"([^"]*)"', r["if"].strip())
    assert m, "cannot read rule %r" % r["if"]
    return os.environ.get(m.group(1), "") == m.group(2)
if "rules" in job and not any(rule_matches(r) for r in job["rules"]):
    print("the job is not added to this pipeline")
    sys.exit(3)
env = {k: str(v) for k, v in job.get("variables", {}).items()}
env.update(os.environ)
lines = job.get("before_script", []) + job["script"]
sys.stdout.flush()
sys.exit(subprocess.call(["bash", "-e", "-o", "pipefail", "-c", "\n".join(lines)],
                         cwd=os.environ["CI_PROJECT_DIR"], env=env))
EOF

# ---------------------------------------------------------------- repositories
# make_clone NAME UP [DOWN]: a bare origin whose main has migration 1, cloned
# into $TMP/NAME as a CI runner would (only origin/main, no local main), on a
# branch whose commit adds migration 2 with UP.
make_clone() {
	src="$TMP/src-$1"
	rm -rf "$src" "$TMP/${1:?}" "$TMP/$1.git"
	git init -q -b main "$src"
	mkdir -p "$src/db/migrations"
	printf 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n' > "$src/db/migrations/000001_users.up.sql"
	printf 'DROP TABLE users;\n' > "$src/db/migrations/000001_users.down.sql"
	git -C "$src" add -A && git -C "$src" commit -qm base
	git init -q --bare -b main "$TMP/$1.git"
	git -C "$src" push -q "$TMP/$1.git" main 2> /dev/null
	git clone -q "$TMP/$1.git" "$TMP/$1" 2> /dev/null
	git -C "$TMP/$1" checkout -q -b change
	printf '%s\n' "$2" > "$TMP/$1/db/migrations/000002_change.up.sql"
	printf '%s\n' "${3:-SELECT 1;}" > "$TMP/$1/db/migrations/000002_change.down.sql"
	git -C "$TMP/$1" add -A && git -C "$TMP/$1" commit -qm change
	git -C "$TMP/$1" branch -q -D main
}

UNSAFE='CREATE INDEX users_email ON users (email);'
SAFE='CREATE TABLE t_new (id bigint PRIMARY KEY);'
WARN_ONLY='SET lock_timeout = 1000;
ALTER TABLE users ADD COLUMN note json;'

# action NAME INPUTS_JSON: run the action in $TMP/NAME as on a pull request into main.
# $TMP/NAME.run/ holds result.json, the step outputs, stdout and stderr.
action() {
	w="$TMP/$1"
	o="$TMP/$1.run"
	rm -rf "$o" && mkdir -p "$o/runner"
	(cd "$w" && env GITHUB_ACTIONS=true CI=true GITHUB_BASE_REF=main GITHUB_WORKSPACE="$w" \
		GITHUB_STEP_SUMMARY="$o/summary.md" RUNNER_TEMP="$o/runner" \
		python3 "$TMP/run_action.py" "$ACTION" "$2" "$o" > "$o/stdout" 2> "$o/stderr")
	echo $? > "$o/code"
}

# result NAME EXPR: a python expression over r (result.json) and outputs
# (the gate step's $GITHUB_OUTPUT) is true.
result() {
	py "$1: $3" "$TMP/$1.run" "$2" <<'EOF'
import json, os, sys
r = json.load(open(os.path.join(sys.argv[1], "result.json")))
gate = [s for s in r["steps"] if s["id"] == "gate"][0]
outputs = {}
if gate.get("output_file"):
    for line in open(gate["output_file"]).read().splitlines():
        k, _, v = line.partition("=")
        outputs[k] = v
assert eval(sys.argv[2]), "false: %s\nresult: %s\ngate outputs: %s" % (sys.argv[2], json.dumps(r), outputs)
EOF
}

exit_code() { # exit_code NAME N
	if [ "$(cat "$TMP/$1.run/code")" -eq "$2" ]; then ok "$1: exits $2"; else
		not_ok "$1: exits $2" "exit $(cat "$TMP/$1.run/code")" "$(head -c 1500 "$TMP/$1.run/stderr")"; fi
}

# ---------------------------------------------------------------- the GitHub action, run
make_clone gh-error "$UNSAFE"
action gh-error "{\"schemagate-path\": \"$SGA\"}"
exit_code gh-error 1
expect_grep "gh-error: an ::error annotation on standard output" \
	"^::error file=db/migrations/000002_change.up.sql,line=1,.*title=require-concurrent-index-creation::" \
	"$TMP/gh-error.run/stdout"
expect_grep "gh-error: the summary of the gate on standard error" \
	"schemagate gate: diff: db/migrations (golang-migrate) against origin/main" "$TMP/gh-error.run/stderr"
expect_grep "gh-error: the step summary is written" "require-concurrent-index-creation" \
	"$TMP/gh-error.run/summary.md"
W="$TMP/gh-error"
result gh-error "outputs == {'exit-code': '1', 'errors': '1', 'warnings': '1', 'sarif-file': '$W/schemagate.sarif'}" \
	"the gate step's \$GITHUB_OUTPUT: exit-code, errors, warnings, sarif-file"
result gh-error "r['outputs'] == {'exit-code': '1', 'errors': '1', 'warnings': '1', 'sarif-file': '$W/schemagate.sarif'}" \
	"the action's outputs"
result gh-error "[s['id'] for s in r['steps'] if s['run']] == ['gate']" \
	"with schemagate-path, only the gate step runs (no install, no build)"
result gh-error "[(s['if'], s['with']) for s in r['steps'] if 'uses' in s] == [(True, {'sarif_file': '$W/schemagate.sarif', 'category': 'schemagate'})]" \
	"the SARIF upload would run, after a failed gate too, with the file"
py "gh-error: the SARIF file is SARIF 2.1.0 with the finding" "$W/schemagate.sarif" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["version"] == "2.1.0", s.get("version")
results = s["runs"][0]["results"]
assert any(x.get("ruleId") == "require-concurrent-index-creation" and x.get("level") == "error"
           for x in results), results
loc = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
assert loc == "db/migrations/000002_change.up.sql", loc
EOF
[ -z "$(find "$TMP/gh-error.run/runner" -type f)" ] && ok "gh-error: the JSON report for the counts is removed" ||
	not_ok "gh-error: the JSON report for the counts is removed" "$(ls "$TMP/gh-error.run/runner")"

make_clone gh-clean "$SAFE" 'DROP TABLE t_new;'
action gh-clean "{\"schemagate-path\": \"$SGA\"}"
exit_code gh-clean 0
expect_no_grep "gh-clean: no annotation" "^::error\|^::warning" "$TMP/gh-clean.run/stdout"
W="$TMP/gh-clean"
result gh-clean "r['outputs'] == {'exit-code': '0', 'errors': '0', 'warnings': '0', 'sarif-file': '$W/schemagate.sarif'}" \
	"the action's outputs"
[ -s "$W/schemagate.sarif" ] && ok "gh-clean: a SARIF file all the same (it closes fixed alerts)" ||
	not_ok "gh-clean: a SARIF file all the same (it closes fixed alerts)"
expect_grep "gh-clean: the step summary says it passed" "passed" "$TMP/gh-clean.run/summary.md"

make_clone gh-warn "$WARN_ONLY" 'SET lock_timeout = 1000;
ALTER TABLE users DROP COLUMN note;'
action gh-warn "{\"schemagate-path\": \"$SGA\", \"fail-on\": \"warning\", \"args\": \"-v --server-version 14\", \"upload-sarif\": \"false\"}"
exit_code gh-warn 1
result gh-warn "outputs['exit-code'] == '1' and outputs['errors'] == '0' and outputs['warnings'] == '1'" \
	"fail-on warning: warnings fail, counted"
expect_grep "gh-warn: args are passed word by word (-v)" "base origin/main (GITHUB_BASE_REF)" \
	"$TMP/gh-warn.run/stderr"
result gh-warn "[s['if'] for s in r['steps'] if 'uses' in s] == [False]" "upload-sarif false: no upload"

make_clone gh-broken "$SAFE"
action gh-broken "{\"schemagate-path\": \"$SGA\", \"base\": \"no-such-branch\"}"
exit_code gh-broken 2
expect_grep "gh-broken: the gate's message on standard error" "unknown revision 'no-such-branch'" \
	"$TMP/gh-broken.run/stderr"
expect_grep "gh-broken: an error annotation says the gate could not run" \
	"^::error title=schemagate::the gate could not run (exit 2)" "$TMP/gh-broken.run/stdout"
result gh-broken "r['outputs'] == {'exit-code': '2', 'errors': '', 'warnings': '', 'sarif-file': ''}" \
	"no counts, no SARIF file"
result gh-broken "[s['if'] for s in r['steps'] if 'uses' in s] == [False]" "no SARIF, no upload"

# the project in a folder of the repository: working-directory, dir, config, a relative binary
make_clone gh-subdir "$SAFE" 'DROP TABLE t_new;'
w="$TMP/gh-subdir"
mkdir -p "$w/app/sql" "$w/tools"
printf '%s\n' "$UNSAFE" > "$w/app/sql/001_idx.sql"
printf 'migrations:\n  format: plain\n' > "$w/app/gate.yaml"
git -C "$w" add -A && git -C "$w" commit -qm app
cp "$SGA" "$w/tools/schemagate"
action gh-subdir '{"schemagate-path": "tools/schemagate", "working-directory": "app", "dir": "sql", "config": "gate.yaml", "sarif-file": "out/gate.sarif"}'
exit_code gh-subdir 1
expect_grep "gh-subdir: the folder's migration is annotated from the repository root" \
	"^::error file=app/sql/001_idx.sql,line=1" "$TMP/gh-subdir.run/stdout"
result gh-subdir "outputs['sarif-file'] == '$w/app/out/gate.sarif'" "the SARIF file is relative to working-directory"

# without schemagate-path the action installs and builds (not run here: only evaluated)
make_clone gh-plan "$SAFE"
(cd "$TMP/gh-plan" && env GITHUB_WORKSPACE="$TMP/gh-plan" python3 "$TMP/run_action.py" "$ACTION" '{}' \
	"$TMP" --plan > /dev/null 2>&1)
py "without schemagate-path: install, build, gate and upload would run" "$TMP/result.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert [s["id"] for s in r["steps"] if s["if"]][:3] == ["deps", "build", "gate"], r["steps"]
EOF
(cd "$TMP/gh-plan" && env GITHUB_WORKSPACE="$TMP/gh-plan" python3 "$TMP/run_action.py" "$ACTION" \
	'{"install-deps": "false"}' "$TMP" --plan > /dev/null 2>&1)
py "install-deps false: the build runs without installing" "$TMP/result.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
assert [s["id"] for s in r["steps"] if s["if"]][:2] == ["build", "gate"], r["steps"]
EOF

# ---------------------------------------------------------------- the GitLab job, run
# gitlab NAME "VAR=VALUE...": the schemagate job in $TMP/NAME in a merge request pipeline into main.
gitlab() {
	w="$TMP/$1"
	o="$TMP/$1.run"
	rm -rf "$o" && mkdir -p "$o"
	sha=$(git -C "$w" rev-parse origin/main)
	# shellcheck disable=SC2086 # the variables are split on purpose
	(cd "$w" && env GITLAB_CI=true CI=true CI_PIPELINE_SOURCE=merge_request_event \
		CI_MERGE_REQUEST_DIFF_BASE_SHA="$sha" CI_PROJECT_DIR="$w" SCHEMAGATE_BIN="$SGA" $2 \
		python3 "$TMP/run_gitlab.py" "$GITLAB" schemagate > "$o/stdout" 2> "$o/stderr")
	echo $? > "$o/code"
}

make_clone gl-error "$UNSAFE"
gitlab gl-error ""
exit_code gl-error 1
expect_grep "gl-error: the text report in the job log" \
	"^db/migrations/000002_change.up.sql:1:1: error: .*\[require-concurrent-index-creation\]" "$TMP/gl-error.run/stdout"
expect_grep "gl-error: the binary's version in the job log" "^schemagate " "$TMP/gl-error.run/stdout"
py "gl-error: gl-code-quality-report.json is a Code Quality array with the finding" \
	"$TMP/gl-error/gl-code-quality-report.json" <<'EOF'
import json, sys
raw = open(sys.argv[1], "rb").read()
assert not raw.startswith(b"\xef\xbb\xbf"), "a BOM"
issues = json.loads(raw)
assert isinstance(issues, list)
i = [x for x in issues if x["check_name"] == "require-concurrent-index-creation"][0]
assert i["location"]["path"] == "db/migrations/000002_change.up.sql", i
assert i["severity"] in ("info", "minor", "major", "critical", "blocker") and i["fingerprint"], i
EOF
py "gl-error: schemagate-junit.xml is JUnit XML with the finding as a failure" \
	"$TMP/gl-error/schemagate-junit.xml" <<'EOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
failures = [c for c in root.iter("testcase") if c.find("failure") is not None]
assert failures, ET.tostring(root, encoding="unicode")
assert "require-concurrent-index-creation" in (failures[0].find("failure").text or ""), ET.tostring(failures[0], encoding="unicode")
EOF

make_clone gl-clean "$SAFE" 'DROP TABLE t_new;'
gitlab gl-clean ""
exit_code gl-clean 0
py "gl-clean: both reports, no issue, no failure" "$TMP/gl-clean" <<'EOF'
import json, os, sys
import xml.etree.ElementTree as ET
assert json.load(open(os.path.join(sys.argv[1], "gl-code-quality-report.json"))) == []
root = ET.parse(os.path.join(sys.argv[1], "schemagate-junit.xml")).getroot()
assert not [c for c in root.iter("testcase") if c.find("failure") is not None]
EOF

make_clone gl-warn "$WARN_ONLY" 'SET lock_timeout = 1000;
ALTER TABLE users DROP COLUMN note;'
gitlab gl-warn ""
exit_code gl-warn 0
gitlab gl-warn "SCHEMAGATE_ARGS=--fail-on=warning"
exit_code gl-warn 1

gitlab gl-error "CI_PIPELINE_SOURCE=push"
exit_code gl-error 3
expect_grep "gl: the job is not added outside merge request pipelines" "not added" "$TMP/gl-error.run/stdout"
