#!/usr/bin/env bash
# bench/run.sh: `make bench`. Four benchmarks, each a section of bench/RESULTS.md:
#
#   lint    schemagate lint against squawk and against the bare libpg_query
#           parse, on a generated corpus (bench/gen_migrations.py)
#   diff    schemagate diff against git diff on a generated git repository
#           (bench/gen_git_repo.sh: 5000 migrations over 2000 commits)
#   dryrun  schemagate dry-run --db auto against psql -f applying the same
#           200 migrations (bench/gen_dryrun_migrations.py) to the same kind
#           of server; schemagate's server start is excluded, and reported
#   apply   schemagate migrate up against dbmate up (npm) applying the same
#           500 small migrations (bench/gen_apply_migrations.py, in each
#           tool's layout) to a fresh database on the same server
#
#   bench/run.sh [all|lint|diff|dryrun|apply]  (default all; a section that is
#                                               not run keeps what RESULTS.md said before)
#   BENCH_RUNS=10 bench/run.sh     (runs per tool in lint, after 1 warmup run; the median is reported)
#   BENCH_DIFF_RUNS=20             (runs per tool in diff, after 3 warmup runs)
#   BENCH_DRYRUN_RUNS=5            (runs per tool in dryrun, after 1 warmup run)
#   BENCH_APPLY_RUNS=10            (runs per tool in apply, after 1 warmup run)
#   B=build                        (the build folder: `make bench B=...` passes it)
#   SCHEMAGATE=path/to/binary      (default $B/schemagate)
#   BENCH_OUT=bench/RESULTS.md     (where the report goes)
#
# Needs python3, npm, cc, libpg_query (lint), git (diff), a PostgreSQL
# server and psql (dryrun and apply: /usr/lib/postgresql/N/bin, run as the
# postgres user when we are root) and /usr/bin/time; uses hyperfine when present (both
# are installed with apt-get when missing and we are root), and strace
# (dryrun, to time the server's stop) when present.
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=${1:-all}
case $WHAT in
all | lint | diff | dryrun | apply) ;;
*) echo "usage: bench/run.sh [all|lint|diff|dryrun|apply]" >&2; exit 2 ;;
esac
RUNS=${BENCH_RUNS:-10}
DIFF_RUNS=${BENCH_DIFF_RUNS:-20}
DIFF_WARMUP=3
DRYRUN_RUNS=${BENCH_DRYRUN_RUNS:-5}
APPLY_RUNS=${BENCH_APPLY_RUNS:-10}
B=${B:-build}
SCHEMAGATE=${SCHEMAGATE:-$B/schemagate}
SQUAWK_PKG=squawk-cli@2.66.0
DBMATE_PKG=dbmate@2.36.0
OUT=${BENCH_OUT:-bench/RESULTS.md}
TMP=$(mktemp -d -t schemagate-bench.XXXXXX)
PG_DIR= # dryrun and apply: the bench server, stopped and removed on exit
trap 'if [ -n "$PG_DIR" ]; then pg_stop; fi; rm -rf "$TMP"' EXIT

log() { printf 'bench: %s\n' "$*" >&2; }

# have COMMAND PACKAGE: true when COMMAND exists, installing PACKAGE if we can.
have() {
	command -v "$1" >/dev/null && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		log "installing $2"
		apt-get install -y -qq "$2" >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "$2" >/dev/null 2>&1; } || true
	fi
	command -v "$1" >/dev/null
}
have /usr/bin/time time || { log "/usr/bin/time is required (apt-get install time)"; exit 2; }
HYPERFINE=0
have hyperfine hyperfine && HYPERFINE=1

# ---- measuring (shared by the sections) ----
#
# NAMES and CMDS: the tools of a section. A name is "section:tool" (no
# spaces); the tables show the part after the colon. Results go to MED, MIN,
# MAX (seconds), RSS (KiB) and RC, keyed by name.
declare -A MED MIN MAX RSS RC ERR1 AP_CHECKED
NAMES=() CMDS=()

# untimed_runs DIR: one run of each tool in DIR for peak RSS, exit status,
# the first line of stderr, and a warm page cache.
untimed_runs() {
	local i n
	for i in "${!NAMES[@]}"; do
		n=${NAMES[$i]}
		RC[$n]=0
		(cd "$1" && /usr/bin/time -f %M -o "$TMP/rss" bash -c "exec ${CMDS[$i]}") >/dev/null 2>"$TMP/err" || RC[$n]=$?
		RSS[$n]=$(tail -n 1 "$TMP/rss")
		ERR1[$n]=$(grep -v '^Command exited with non-zero status' "$TMP/err" | head -n 1 || true)
		if [ "${RC[$n]}" -gt 1 ]; then log "$n exited ${RC[$n]}:"; head -n 5 "$TMP/err" >&2; fi
	done
}

# timed_runs DIR RUNS WARMUP SHELL: hyperfine (or a bash loop) over every
# tool in DIR; SHELL is "none" for hyperfine -N (commands without globs) or
# "sh". Sets TIMER to a description of how.
timed_runs() {
	local dir=$1 runs=$2 warmup=$3 shell=$4 i n med min max
	if [ "$HYPERFINE" = 1 ]; then
		local args=(--runs "$runs" --ignore-failure --export-json "$TMP/times.json")
		local how="$runs runs per tool"
		[ "$warmup" -gt 0 ] && args+=(--warmup "$warmup") && how="$warmup warmup runs, $how"
		if [ "$shell" = none ] && hyperfine --help 2>&1 | grep -E '^ *-N' >/dev/null; then
			args+=(-N) how="-N (no shell), $how"
		fi
		for i in "${!NAMES[@]}"; do args+=(-n "${NAMES[$i]}" "${CMDS[$i]}"); done
		(cd "$dir" && hyperfine "${args[@]}") >&2
		while read -r n med min max; do MED[$n]=$med MIN[$n]=$min MAX[$n]=$max; done < <(
			python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], r["median"], r["min"], r["max"])' "$TMP/times.json")
		TIMER="hyperfine $(hyperfine --version | cut -d' ' -f2), $how"
	else
		for i in "${!NAMES[@]}"; do
			for _ in $(seq "$warmup"); do
				(cd "$dir" && bash -c "exec ${CMDS[$i]}") >/dev/null 2>&1 || true
			done
			for _ in $(seq "$runs"); do
				start=$(date +%s%N)
				(cd "$dir" && bash -c "exec ${CMDS[$i]}") >/dev/null 2>&1 || true
				echo $(($(date +%s%N) - start))
			done | sort -n >"$TMP/ns"
			read -r med min max < <(awk '{ t[NR] = $1 / 1e9 } END {
				m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
				print m, t[1], t[NR] }' "$TMP/ns")
			MED[${NAMES[$i]}]=$med MIN[${NAMES[$i]}]=$min MAX[${NAMES[$i]}]=$max
		done
		TIMER="bash loop with date +%s%N, $runs runs per tool"
		[ "$warmup" -gt 0 ] && TIMER="$TIMER after $warmup warmup runs"
	fi
}

ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
sec() { awk -v s="$1" 'BEGIN { printf "%.4f", s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# verdict CONDITION: an awk comparison of two numbers, e.g. "0.2 * 3 <= 0.7".
verdict() { awk "BEGIN { print ($1) ? \"**met**\" : \"**not met**\" }"; }
# met CONDITION: the same, as a word for the machine-readable line.
met() { awk "BEGIN { print ($1) ? \"met\" : \"not-met\" }"; }

row() {
	local n=$1
	if [ -z "${MED[$n]:-}" ]; then printf '| %s | not built | | | | |\n' "${n#*:}"; return; fi
	printf '| %s | %s | %s | %s | %s MB | %s |\n' "${n#*:}" "$(ms "${MED[$n]}")" "$(ms "${MIN[$n]}")" \
		"$(ms "${MAX[$n]}")" "$(awk -v k="${RSS[$n]}" 'BEGIN { printf "%.1f", k / 1024 }')" "${RC[$n]}"
}

results_table() {
	echo "| tool | median | min | max | peak RSS | exit |"
	echo "|---|---|---|---|---|---|"
}

# quote WORD: WORD as one shell word (for hyperfine -N, which splits like a shell).
quote() {
	case $1 in
	*[!A-Za-z0-9_./:=@%+-]*) printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")" ;;
	*) printf %s "$1" ;;
	esac
}

# ---- lint: schemagate lint against squawk and the bare parse ----

LINT_HEADING="## lint: \`schemagate lint\` against squawk and the bare parse"

bench_lint() {
	NAMES=() CMDS=()
	# (a) the corpus
	CORPUS=$TMP/migrations
	read -r FILES _ STMTS _ BYTES _ < <(python3 bench/gen_migrations.py "$CORPUS")
	log "corpus: $FILES files, $STMTS statements, $BYTES bytes"

	# (b) squawk's native binary: the ELF executable inside the npm package, not
	# the node wrapper in node_modules/.bin.
	SQUAWK=
	if npm install --prefix "$TMP/npm" --no-audit --no-fund --loglevel=error "$SQUAWK_PKG" >&2; then
		while IFS= read -r f; do
			if [ "$(head -c 4 "$f" | tr -d '\0')" = $'\x7fELF' ]; then SQUAWK=$f; break; fi
		done < <(find "$TMP/npm/node_modules" -type f -name 'squawk*' -perm -u+x)
	fi
	SQUAWK_VERSION=$([ -n "$SQUAWK" ] && "$SQUAWK" --version || echo "not available")
	log "squawk: ${SQUAWK:-not found} ($SQUAWK_VERSION)"

	# (c) the floor
	BARE=$B/bare_parse
	if [ ! -x "$BARE" ] || [ bench/bare_parse.c -nt "$BARE" ]; then
		mkdir -p "$B"
		cc -O2 -std=c11 -Wall -Wextra -Werror bench/bare_parse.c -o "$BARE" -lpg_query
	fi

	# (d) the tools. Commands run through a shell (squawk takes files, not a
	# directory, so the shell expands the glob). Exit 1 means findings: fine.
	if [ -x "$SCHEMAGATE" ]; then
		NAMES+=(lint:schemagate) CMDS+=("$SCHEMAGATE lint --format json $CORPUS")
	fi
	if [ -n "$SQUAWK" ]; then
		NAMES+=(lint:squawk) CMDS+=("$SQUAWK --reporter json $CORPUS/*.sql")
	fi
	NAMES+=(lint:bare_parse) CMDS+=("$BARE $CORPUS")

	untimed_runs .
	timed_runs . "$RUNS" 1 sh

	# (e) the report
	{
		echo "<!-- bench:lint begin -->"
		echo "$LINT_HEADING"
		echo
		echo "Measured on $(date -u '+%Y-%m-%d %H:%M UTC')."
		echo
		echo "### Corpus"
		echo
		echo "\`python3 bench/gen_migrations.py DIR\` (fixed seed): $FILES files, $STMTS statements, $BYTES bytes."
		echo
		echo "### Commands"
		echo
		echo "squawk: $SQUAWK_VERSION (native binary from npm \`$SQUAWK_PKG\`)."
		echo "Timing: $TIMER; exit status 1 (findings) is expected and ignored."
		echo "Peak RSS: one extra untimed run of each under \`/usr/bin/time -f %M\`."
		echo
		echo '```'
		for i in "${!NAMES[@]}"; do echo "${CMDS[$i]}"; done
		echo '```'
		[ -z "${MED[lint:schemagate]:-}" ] && echo && echo "schemagate: not built"
		echo
		echo "### Results"
		echo
		results_table
		row lint:schemagate
		[ -n "$SQUAWK" ] && row lint:squawk || echo "| squawk | not available | | | | |"
		row lint:bare_parse
		echo
		if [ -n "${MED[lint:schemagate]:-}" ]; then
			[ -n "${MED[lint:squawk]:-}" ] && echo "- schemagate/squawk wall time: $(ratio "${MED[lint:schemagate]}" "${MED[lint:squawk]}")"
			echo "- schemagate/bare_parse wall time: $(ratio "${MED[lint:schemagate]}" "${MED[lint:bare_parse]}")"
			echo
		fi
		echo "### Targets"
		echo
		echo "schemagate's wall time at most 1/3 of squawk's and at most 2x the bare parse;"
		echo "its peak memory at most squawk's."
		echo
		lint_targets
		echo "<!-- bench:lint end -->"
	} >"$TMP/section-lint.md"
}

lint_targets() {
	local sg=${MED[lint:schemagate]:-} sq=${MED[lint:squawk]:-} bare=${MED[lint:bare_parse]}
	if [ -z "$sg" ]; then
		echo "schemagate: not built ($SCHEMAGATE was missing), so no target is measured."
		echo
		return
	fi
	[ "${RC[lint:schemagate]}" -gt 1 ] && echo "Warning: schemagate exited ${RC[lint:schemagate]} (could not run); its numbers are not meaningful." && echo
	echo "| target | measured | result |"
	echo "|---|---|---|"
	if [ -n "$sq" ]; then
		echo "| wall time at most 1/3 of squawk's | schemagate/squawk = $(ratio "$sg" "$sq")" \
			"| $(verdict "$sg * 3 <= $sq") |"
		echo "| peak memory at most squawk's | schemagate/squawk = $(ratio "${RSS[lint:schemagate]}" "${RSS[lint:squawk]}")" \
			"| $(verdict "${RSS[lint:schemagate]} <= ${RSS[lint:squawk]}") |"
	else
		echo "| compared with squawk | squawk not available | not measured |"
	fi
	echo "| wall time at most 2x the bare parse | schemagate/bare_parse = $(ratio "$sg" "$bare")" \
		"| $(verdict "$sg <= 2 * $bare") |"
	echo
	# shellcheck disable=SC2016 # Markdown backticks
	printf 'Machine-readable: `bench-lint schemagate_s=%s squawk_s=%s bare_parse_s=%s ratio_squawk=%s ratio_bare=%s`\n' \
		"$(sec "$sg")" "$([ -n "$sq" ] && sec "$sq" || echo na)" "$(sec "$bare")" \
		"$([ -n "$sq" ] && ratio "$sg" "$sq" || echo na)" "$(ratio "$sg" "$bare")"
}

# ---- diff: schemagate diff against git diff ----

DIFF_HEADING="## diff: \`schemagate diff\` against \`git diff\`"
DIFF_MIGRATIONS=5000 DIFF_COMMITS=2000

bench_diff() {
	NAMES=() CMDS=()
	have git git || { log "git is required for the diff benchmark"; exit 2; }
	# (a) the repository, with feature checked out.
	REPO=$TMP/repo
	local start gen_s sg
	start=$(date +%s%N)
	sh bench/gen_git_repo.sh "$REPO" "$DIFF_MIGRATIONS" "$DIFF_COMMITS"
	gen_s=$(awk -v ns=$(($(date +%s%N) - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')
	git -C "$REPO" checkout -q feature
	MAIN_COMMITS=$(git -C "$REPO" rev-list --count main)
	MIG_FILES=$(git -C "$REPO" ls-tree --name-only main db/migrations/ | wc -l)
	MERGE_BASE=$(git -C "$REPO" merge-base main feature | cut -c1-12)
	MAIN_TIP=$(git -C "$REPO" rev-parse --short=12 main)
	git -C "$REPO" diff --name-status main...feature -- db/migrations >"$TMP/changed"
	log "repository: $MAIN_COMMITS commits on main, $MIG_FILES migration files, generated in $gen_s s"

	# (b) the tools, run in the repository without a shell (exit 1: findings).
	if [ -x "$SCHEMAGATE" ]; then
		sg=$(cd "$(dirname "$SCHEMAGATE")" && pwd -P)/$(basename "$SCHEMAGATE")
		NAMES+=(diff:schemagate) CMDS+=("$(quote "$sg") diff --base main --head feature --dir db/migrations --format json")
	fi
	NAMES+=(diff:git) CMDS+=("git diff --name-status main...feature -- db/migrations")
	# the floor: what any libgit2 diff must do before its own work
	FLOOR=$B/libgit2_floor
	if [ ! -x "$FLOOR" ] || [ bench/libgit2_floor.c -nt "$FLOOR" ]; then
		mkdir -p "$B"
		cc -O2 -std=c11 -Wall -Wextra -Werror bench/libgit2_floor.c -o "$FLOOR" \
			$(pkg-config --cflags --libs libgit2)
	fi
	FLOOR=$(cd "$(dirname "$FLOOR")" && pwd -P)/$(basename "$FLOOR")
	NAMES+=(diff:libgit2_floor) CMDS+=("$(quote "$FLOOR") main feature db/migrations")

	untimed_runs "$REPO"
	timed_runs "$REPO" "$DIFF_RUNS" "$DIFF_WARMUP" none

	# (c) the report
	{
		echo "<!-- bench:diff begin -->"
		echo "$DIFF_HEADING"
		echo
		echo "Measured on $(date -u '+%Y-%m-%d %H:%M UTC')."
		echo
		echo "### Repository"
		echo
		echo "\`sh bench/gen_git_repo.sh DIR $DIFF_MIGRATIONS $DIFF_COMMITS\` (deterministic, one \`git fast-import\`"
		echo "stream; generated and checked out in $gen_s s): $MAIN_COMMITS commits on \`main\`, $MIG_FILES files"
		echo "in \`db/migrations\` (golang-migrate, up and down). \`feature\` branches off main and"
		echo "changes 3 files; main then moves on by one commit (tip $MAIN_TIP, merge base $MERGE_BASE)."
		echo "\`git diff --name-status main...feature -- db/migrations\`:"
		echo
		echo '```'
		cat "$TMP/changed"
		echo '```'
		echo
		echo "### Commands"
		echo
		echo "$(git --version); libgit2 $(dpkg-query -W -f '${Version}' libgit2-dev 2>/dev/null || echo unknown)."
		echo "Timing: $TIMER;"
		echo "run in the repository with \`feature\` checked out; exit status 1 (findings) is expected and ignored."
		echo "Peak RSS: one extra untimed run of each under \`/usr/bin/time -f %M\`."
		echo
		echo '```'
		for i in "${!NAMES[@]}"; do echo "${CMDS[$i]}"; done
		echo '```'
		echo
		if [ -n "${ERR1[diff:schemagate]:-}" ]; then
			echo "schemagate's summary (stderr): \`${ERR1[diff:schemagate]}\`"
			echo
		fi
		echo "### Results"
		echo
		results_table
		row diff:schemagate
		row diff:git
		row diff:libgit2_floor
		echo
		[ -n "${MED[diff:schemagate]:-}" ] &&
			echo "- schemagate diff/git diff wall time: $(ratio "${MED[diff:schemagate]}" "${MED[diff:git]}")"
		echo "- libgit2_floor/git diff wall time: $(ratio "${MED[diff:libgit2_floor]}" "${MED[diff:git]}")"
		echo "  (bench/libgit2_floor.c: \`git_libgit2_init\`, open, merge base, list the folder at"
		echo "  the merge base and the head. Debian's libgit2 parses the whole CA bundle with mbedTLS"
		echo "  in \`git_libgit2_init\`, which no flag turns off; schemagate and the floor both skip"
		echo "  it by defining mbedTLS's loader (migrate/git.c), which took a third of the time)"
		echo
		echo "### Targets"
		echo
		echo "schemagate diff's wall time at most 3x git diff's on the same comparison."
		echo
		diff_targets
		echo "<!-- bench:diff end -->"
	} >"$TMP/section-diff.md"
}

diff_targets() {
	local sg=${MED[diff:schemagate]:-} git=${MED[diff:git]}
	if [ -z "$sg" ]; then
		echo "schemagate: not built ($SCHEMAGATE was missing), so no target is measured."
		echo
		return
	fi
	[ "${RC[diff:schemagate]}" -gt 1 ] && echo "Warning: schemagate exited ${RC[diff:schemagate]} (could not run); its numbers are not meaningful." && echo
	echo "| target | measured | result |"
	echo "|---|---|---|"
	echo "| wall time at most 3x git diff's | schemagate/git = $(ratio "$sg" "$git") | $(verdict "$sg <= 3 * $git") |"
	echo
	# shellcheck disable=SC2016 # Markdown backticks
	printf 'Machine-readable: `bench-diff schemagate_s=%s git_s=%s ratio=%s target=3 result=%s`\n' \
		"$(sec "$sg")" "$(sec "$git")" "$(ratio "$sg" "$git")" "$(met "$sg <= 3 * $git")"
}

# ---- dryrun: schemagate dry-run against psql -f on the same kind of server ----

DRYRUN_HEADING="## dry-run: \`schemagate dry-run\` against \`psql -f\`"
DRYRUN_FILES=200 DRYRUN_TARGET=1.5
PG_USER_FLAGS="-U schemagate --auth=trust --no-sync --encoding=UTF8 --locale=C"
PG_SERVER_FLAGS="-c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -p 5432"

# pg_as COMMAND...: as the postgres user when we are root (the server refuses
# root), in PG_DIR (the postgres user may not be able to enter ours).
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		(cd "$PG_DIR" && runuser -u postgres -- "$@")
	else
		(cd "$PG_DIR" && "$@")
	fi
}

# pg_start: the bench server (psql's in dryrun, both tools' in apply), made
# the way `--db auto` makes its own (migrate/devdb.c): initdb --no-sync into
# a new folder, then postgres with that folder as its private socket folder
# (-k), no TCP, and fsync, synchronous_commit and full_page_writes off. Sets
# PG_START_S.
pg_start() {
	local t0
	t0=${EPOCHREALTIME/[.,]/}
	PG_DIR=$(mktemp -d -t schemagate-bench-pg.XXXXXX)
	[ "$(id -u)" != 0 ] || chown postgres: "$PG_DIR"
	# shellcheck disable=SC2086 # the flags are words
	if ! pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" $PG_USER_FLAGS >"$PG_DIR/initdb.log" 2>&1 ||
		! pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -s \
			-o "-k $PG_DIR $PG_SERVER_FLAGS" start >/dev/null; then
		log "the bench PostgreSQL server did not start:"
		tail -n 5 "$PG_DIR/initdb.log" "$PG_DIR/server.log" >&2 2>/dev/null || true
		exit 2
	fi
	PG_START_S=$(awk -v us=$((${EPOCHREALTIME/[.,]/} - t0)) 'BEGIN { printf "%.2f", us / 1e6 }')
}

pg_stop() {
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -s stop >/dev/null 2>&1 || true
	rm -rf "$PG_DIR"
	PG_DIR=
}

# stats NAME FILE: MED, MIN and MAX of NAME from the numbers in FILE, one a line.
stats() {
	local med min max
	read -r med min max < <(sort -g "$2" | awk '{ t[NR] = $1 } END {
		m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		print m, t[1], t[NR] }')
	MED[$1]=$med MIN[$1]=$min MAX[$1]=$max
}

# sg_runs DIR RUNS WARMUP NAME: schemagate dry-run --db auto on DIR, timed by
# a bash loop ($EPOCHREALTIME, no fork). Each timed run appends "wall start
# rc dry_run_errors statements" to $TMP/NAME.runs, start being the JSON
# report's dry_run.server_start_seconds.
sg_runs() {
	local dir=$1 runs=$2 warmup=$3 name=$4 i t0 t1 rc
	: >"$TMP/$name.runs"
	for i in $(seq $((warmup + runs))); do
		rc=0
		t0=${EPOCHREALTIME/[.,]/}
		"$SCHEMAGATE" dry-run --db auto --format json "$dir" >"$TMP/sg.json" 2>"$TMP/sg.err" || rc=$?
		t1=${EPOCHREALTIME/[.,]/}
		[ "$i" -gt "$warmup" ] || continue
		if [ "$rc" -gt 1 ]; then
			log "schemagate dry-run exited $rc:"
			head -n 5 "$TMP/sg.err" >&2
			echo "$((t1 - t0))e-6 0 $rc 0 0" >>"$TMP/$name.runs"
			continue
		fi
		python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
d = j["dry_run"]
errors = sum(1 for f in j["findings"] if f["rule"] == "dry-run-error")
ran = sum(1 for s in d["statements"] if s["status"] == "ran")
print("%se-6 %s %s %d %d/%d" % (sys.argv[2], d["server_start_seconds"], sys.argv[3], errors,
                                ran, len(d["statements"])))' "$TMP/sg.json" $((t1 - t0)) "$rc" >>"$TMP/$name.runs"
	done
}

# stop_time DIR: one more, untimed run of schemagate under strace (only its
# kill calls stop it, through seccomp-bpf): the seconds from its SIGINT to
# the server (fast shutdown) until it exits, which covers the server's
# shutdown, removing the folder, the keeper and writing the report. Empty
# when strace is missing or fails.
stop_time() {
	command -v strace >/dev/null || return 0
	strace --seccomp-bpf -f -ttt -e trace=kill -o "$TMP/strace.txt" \
		"$SCHEMAGATE" dry-run --db auto --format json "$1" >/dev/null 2>&1 || [ $? = 1 ] || return 0
	awk 'match($0, /kill\([0-9]+, SIGINT\)/) && !pid { pid = $1; t0 = $2 }
		pid && $1 == pid && /\+\+\+ exited/ { printf "%.3f", $2 - t0; exit }' "$TMP/strace.txt"
}

# pg_find SECTION: PG_BIN (the newest /usr/lib/postgresql/N/bin) and
# PG_VERSION; exits 2 when there is no server or no psql.
pg_find() {
	PG_BIN=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
	[ -d "$PG_BIN" ] || PG_BIN=
	if [ -z "$PG_BIN" ] || ! command -v psql >/dev/null; then
		log "the $1 benchmark needs a PostgreSQL server and psql (apt-get install postgresql)"
		exit 2
	fi
	PG_VERSION=$("$PG_BIN/postgres" --version | sed 's/^postgres (PostgreSQL)/PostgreSQL/')
}

bench_dryrun() {
	local dir=$TMP/dryrun one=$TMP/dryrun-one f i n t0 t1 fargs first last how files
	NAMES=() CMDS=()
	pg_find dryrun

	# (a) the migrations, and a one-statement directory for schemagate's fixed cost
	read -r DR_FILES _ DR_STMTS _ DR_BYTES _ DR_TABLES _ DR_ROWS _ < <(
		python3 bench/gen_dryrun_migrations.py "$dir" "$DRYRUN_FILES")
	log "migrations: $DR_FILES files, $DR_STMTS statements, $DR_BYTES bytes"
	mkdir -p "$one"
	echo "SELECT 1;" >"$one/000001_noop.up.sql"
	fargs='' files=("$dir"/*.up.sql) # the glob sorts: version order
	for f in "${files[@]}"; do fargs="$fargs -f ${f##*/}"; done
	first=${files[0]##*/} last=${files[-1]##*/}

	# (b) psql: one server; before each run (untimed) a fresh database from
	# template0 under a new name, and the previous run's dropped.
	pg_start
	log "psql's server: $PG_VERSION, started in $PG_START_S s"
	echo 0 >"$TMP/dbseq"
	PSQL_ARGS="-X -q -v ON_ERROR_STOP=1 -h $PG_DIR -p 5432 -U schemagate"
	cat >"$TMP/newdb.sh" <<-NEWDB
		set -e
		n=\$((\$(cat "$TMP/dbseq") + 1))
		[ \$n = 1 ] || psql $PSQL_ARGS -d postgres -c "DROP DATABASE bench_\$((n - 1))"
		psql $PSQL_ARGS -d postgres -c "CREATE DATABASE bench_\$n TEMPLATE template0"
		echo \$n >"$TMP/dbseq"
	NEWDB
	PSQL_CMD="read n <$TMP/dbseq && exec psql $PSQL_ARGS -d bench_\$n$fargs"
	# One untimed run first: the migrations must apply cleanly.
	sh "$TMP/newdb.sh"
	RC[dryrun:psql]=0
	(cd "$dir" && sh -c "$PSQL_CMD") >/dev/null 2>"$TMP/psql.err" || RC[dryrun:psql]=$?
	if [ "${RC[dryrun:psql]}" != 0 ]; then
		log "psql exited ${RC[dryrun:psql]}: the migrations do not apply cleanly:"
		head -n 5 "$TMP/psql.err" >&2
		exit 2
	fi
	if [ "$HYPERFINE" = 1 ]; then
		(cd "$dir" && hyperfine --runs "$DRYRUN_RUNS" --warmup 1 --prepare "sh $TMP/newdb.sh" \
			--export-json "$TMP/psql.json" -n dryrun:psql "$PSQL_CMD") >&2
		python3 -c 'import json, sys
for t in json.load(open(sys.argv[1]))["results"][0]["times"]:
    print(t)' "$TMP/psql.json" >"$TMP/psql.times"
		stats dryrun:psql "$TMP/psql.times"
		how="hyperfine $(hyperfine --version | cut -d' ' -f2), \`--prepare 'sh newdb.sh'\`, 1 warmup run, $DRYRUN_RUNS runs"
	else
		: >"$TMP/psql.times"
		for i in $(seq $((DRYRUN_RUNS + 1))); do
			sh "$TMP/newdb.sh"
			t0=${EPOCHREALTIME/[.,]/}
			(cd "$dir" && sh -c "$PSQL_CMD") >/dev/null 2>&1
			t1=${EPOCHREALTIME/[.,]/}
			[ "$i" = 1 ] || echo "$((t1 - t0))e-6" >>"$TMP/psql.times"
		done
		stats dryrun:psql "$TMP/psql.times"
		how="bash loop (\$EPOCHREALTIME), \`sh newdb.sh\` before each run outside the timing, 1 warmup run, $DRYRUN_RUNS runs"
	fi
	n=$(cat "$TMP/dbseq")
	pg_stop

	# (c) schemagate: every run starts (and stops) its own server.
	SG_OK=0
	if [ -x "$SCHEMAGATE" ]; then
		SG_OK=1
		log "schemagate dry-run: $DRYRUN_RUNS runs after 1 warmup run"
		sg_runs "$dir" "$DRYRUN_RUNS" 1 dryrun
		log "schemagate dry-run of one SELECT 1: $DRYRUN_RUNS runs after 1 warmup run"
		sg_runs "$one" "$DRYRUN_RUNS" 1 dryrun-one
		STOP_S=$(stop_time "$dir")
		awk '{ print $1 - $2 }' "$TMP/dryrun.runs" >"$TMP/net"
		stats dryrun:schemagate "$TMP/net"
		awk '{ print $1 }' "$TMP/dryrun.runs" >"$TMP/wall"
		stats dryrun:wall "$TMP/wall"
		awk '{ print $2 }' "$TMP/dryrun.runs" >"$TMP/start"
		stats dryrun:start "$TMP/start"
		awk '{ print $1 - $2 }' "$TMP/dryrun-one.runs" >"$TMP/one"
		stats dryrun:one "$TMP/one"
		SG_RCS=$(awk '{ print $3 }' "$TMP/dryrun.runs" | sort -u | paste -sd, -)
		SG_ERRORS=$(awk '{ s += $4 } END { print s + 0 }' "$TMP/dryrun.runs")
		SG_RAN=$(awk '{ print $5 }' "$TMP/dryrun.runs" | sort -u | paste -sd, -)
		SG_BAD=$(awk '$3 > 1' "$TMP/dryrun.runs" | wc -l)
	fi

	# (d) the report
	{
		echo "<!-- bench:dryrun begin -->"
		echo "$DRYRUN_HEADING"
		echo
		echo "Measured on $(date -u '+%Y-%m-%d %H:%M UTC')."
		echo
		echo "### Migrations"
		echo
		echo "\`python3 bench/gen_dryrun_migrations.py DIR $DRYRUN_FILES\` (fixed seed): $DR_FILES golang-migrate up files,"
		echo "$DR_STMTS statements, $DR_BYTES bytes, that apply in version order to an empty database: enum types and"
		echo "a trigger function, $DR_TABLES tables in all with primary and foreign keys and indexes, $DR_ROWS seed rows"
		echo "(\`INSERT ... SELECT generate_series\`), then the everyday mix: added columns (nullable, constant and"
		echo "volatile defaults), indexes (some \`CONCURRENTLY\`, alone in their file), \`NOT VALID\` constraints"
		echo "validated a few files later, backfills and \`SET NOT NULL\`, renamed and retyped columns, views,"
		echo "functions, triggers, enum values, comments, dropped columns and indexes; \`SET lock_timeout\` at"
		echo "the top of many files."
		echo
		echo "### Servers"
		echo
		echo "$PG_VERSION (\`$PG_BIN\`). Both tools get a server made the way \`--db auto\`"
		echo "makes its own (migrate/devdb.c): \`initdb $PG_USER_FLAGS\` into a new"
		echo "folder, then \`postgres -k FOLDER $PG_SERVER_FLAGS\`"
		echo "(a private socket folder, no TCP)$([ "$(id -u)" = 0 ] && echo ", as the \`postgres\` user (\`runuser -u postgres --\`)")."
		echo
		echo "- psql: one server for all its runs (\`pg_ctl start -w\` with those flags; initdb and start took"
		echo "  $PG_START_S s, untimed). Before each run, outside the timing, \`newdb.sh\` drops the previous run's"
		echo "  database and creates a fresh one from template0 under a new name (\`bench_1\` ... \`bench_$n\`);"
		echo "  the one psql process then applies the $DR_FILES files in version order, each statement in its own"
		echo "  transaction (psql's autocommit), stopping at the first error."
		echo "- schemagate: every run starts its own server (\`--db auto\`: initdb, start, wait until ready) and"
		echo "  stops and removes it at the end. Its time below is the run's wall time minus"
		echo "  \`dry_run.server_start_seconds\` from its own JSON report (the start), so it still includes"
		echo "  connecting, linting every file, running every statement as the runner would (each in its own"
		echo "  transaction) with its observation queries, stopping the server and removing its folder, and"
		echo "  writing the report. Its server is new on every run (cold shared buffers), psql's is reused;"
		echo "  the operating system's page cache is warm for both."
		echo
		echo "The migrations start from an empty database (no \`--setup\`), so the dry-run has no relations"
		echo "from before the run to re-read and compare, and nothing to probe with its second session: per"
		echo "statement it adds its own BEGIN and COMMIT and reads \`pg_locks\` before and after (and once"
		echo "more at each file's start and end)."
		echo
		echo "### Commands"
		echo
		echo "psql: $how;"
		echo "the psql process must exit 0 (an untimed run first checks that the migrations apply)."
		echo "schemagate: bash loop with \`\$EPOCHREALTIME\` around each run, 1 warmup run, $DRYRUN_RUNS runs; exit status 1"
		echo "(findings) is expected."
		echo
		echo '```'
		echo "# newdb.sh (untimed, before each psql run)"
		echo "psql $PSQL_ARGS -d postgres -c 'DROP DATABASE bench_<N-1>'"
		echo "psql $PSQL_ARGS -d postgres -c 'CREATE DATABASE bench_<N> TEMPLATE template0'"
		echo "# psql, in DIR: one process, the $DR_FILES files in version order (${first} ... ${last})"
		echo "psql $PSQL_ARGS -d bench_<N> -f $first -f ... -f $last"
		echo "$SCHEMAGATE dry-run --db auto --format json $dir"
		echo "# fixed cost: the same on a directory with one file, SELECT 1;"
		echo "$SCHEMAGATE dry-run --db auto --format json $one"
		echo '```'
		echo
		echo "### Results"
		echo
		dryrun_results
		echo "### Targets"
		echo
		echo "schemagate dry-run's wall time at most ${DRYRUN_TARGET}x psql's on the same migrations, its server"
		echo "start excluded (and reported above)."
		echo
		dryrun_targets
		echo "<!-- bench:dryrun end -->"
	} >"$TMP/section-dryrun.md"
}

dryrun_results() {
	local r
	echo "| measured | median | min | max |"
	echo "|---|---|---|---|"
	drow "psql -f, $DR_FILES files" dryrun:psql
	if [ "$SG_OK" != 1 ]; then
		echo "| schemagate dry-run | not built | | |"
		echo
		return
	fi
	drow "schemagate dry-run, server start excluded" dryrun:schemagate
	drow "schemagate dry-run, wall time" dryrun:wall
	drow "schemagate's server start (\`server_start_seconds\`)" dryrun:start
	drow "schemagate dry-run of one \`SELECT 1;\`, server start excluded" dryrun:one
	echo
	r=$(ratio "${MED[dryrun:schemagate]}" "${MED[dryrun:psql]}")
	echo "- schemagate dry-run (server start excluded)/psql: $r"
	echo "- schemagate's server start: $(ms "${MED[dryrun:start]}") (median), reported apart from the ratio;"
	echo "  psql's server (initdb and start, by pg_ctl) took $PG_START_S s once."
	echo "- The fixed cost around the migrations (connecting, a one-statement run, stopping an idle server,"
	echo "  removing its folder, the report) is the \`SELECT 1;\` row: $(ms "${MED[dryrun:one]}")."
	if [ -n "${STOP_S:-}" ]; then
		echo "- The stop after the $DR_FILES migrations, from one more untimed run under"
		echo "  \`strace --seccomp-bpf -f -e trace=kill\` (from schemagate's SIGINT to the server until it exits:"
		echo "  the server's fast shutdown, schemagate polling for it every 50 ms, removing the folder, the"
		echo "  report): $(ms "$STOP_S"). Without it, schemagate/psql would be"
		echo "  $(awk -v a="${MED[dryrun:schemagate]}" -v s="$STOP_S" -v b="${MED[dryrun:psql]}" 'BEGIN { printf "%.2f", (a - s) / b }') (not used for the target)."
	else
		echo "- The stop after the $DR_FILES migrations: not measured (strace is not installed); it stays in the time."
	fi
	echo "- schemagate's exit statuses: $SG_RCS; statements that ran, of those it saw: $SG_RAN per run;"
	echo "  \`dry-run-error\` findings: $SG_ERRORS in all runs."
	echo
	if [ "$SG_ERRORS" != 0 ] || [ "$SG_BAD" != 0 ]; then
		echo "Warning: schemagate's dry-run did not run every migration cleanly ($SG_ERRORS \`dry-run-error\`"
		echo "findings, $SG_BAD runs exited 2 or more); its time is not comparable with psql's."
		echo
	fi
}

# drow LABEL NAME: one row of the dryrun results.
drow() {
	printf '| %s | %s | %s | %s |\n' "$1" "$(ms "${MED[$2]}")" "$(ms "${MIN[$2]}")" "$(ms "${MAX[$2]}")"
}

dryrun_targets() {
	local sg=${MED[dryrun:schemagate]:-} psql=${MED[dryrun:psql]} start=${MED[dryrun:start]:-}
	if [ "$SG_OK" != 1 ]; then
		echo "schemagate: not built ($SCHEMAGATE was missing), so no target is measured."
		echo
		return
	fi
	echo "| target | measured | result |"
	echo "|---|---|---|"
	echo "| at most ${DRYRUN_TARGET}x psql's time, server start excluded | schemagate/psql = $(ratio "$sg" "$psql")" \
		"| $(verdict "$sg <= $DRYRUN_TARGET * $psql") |"
	echo
	# shellcheck disable=SC2016 # Markdown backticks
	printf 'Machine-readable: `bench-dryrun schemagate_s=%s psql_s=%s start_s=%s ratio=%s target=%s result=%s`\n' \
		"$(sec "$sg")" "$(sec "$psql")" "$(sec "$start")" "$(ratio "$sg" "$psql")" "$DRYRUN_TARGET" \
		"$(met "$sg <= $DRYRUN_TARGET * $psql")"
}

# ---- apply: schemagate migrate up against dbmate up on the same server ----

APPLY_HEADING="## apply: \`schemagate migrate up\` against \`dbmate up\`"
APPLY_FILES=500 APPLY_TARGET=1.2

# apply_url TOOL: the URL of run $n of TOOL (sg or dbmate), $n left for the
# shell that runs the command: the bench server's unix socket, for both.
apply_url() {
	# shellcheck disable=SC2016 # $n is for that shell
	printf 'postgres://schemagate@/apply_%s_$n?host=%s&port=5432&sslmode=disable' "$1" "$PG_DIR"
}

# apply_psql TOOL N SQL: one value from the database of run N of TOOL.
apply_psql() {
	# shellcheck disable=SC2086 # the flags are words
	psql $APPLY_PSQL -d "apply_$1_$2" -Atc "$3" 2>/dev/null || echo error
}

# apply_count TOOL N: the migrations that run N of TOOL recorded as applied.
apply_count() {
	if [ "$1" = sg ]; then
		apply_psql "$1" "$2" "SELECT count(*) FROM schemagate_history WHERE status = 'applied'"
	else
		apply_psql "$1" "$2" "SELECT count(*) FROM schema_migrations"
	fi
}

# apply_rows TOOL N: the rows in the benchmark's tables (t001 ...) after run N of TOOL.
apply_rows() {
	apply_psql "$1" "$2" "SELECT coalesce(sum((xpath('/row/c/text()', query_to_xml(format(
		'SELECT count(*) AS c FROM %I', relname), false, true, '')))[1]::text::int), 0)
		FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
		AND relname ~ '^t[0-9]+\$'"
}

# apply_schema TOOL N: the schema that run N of TOOL left, without its history
# table and without pg_dump's comments and random \restrict key.
apply_schema() {
	pg_dump -h "$PG_DIR" -p 5432 -U schemagate -d "apply_$1_$2" --schema-only --no-owner \
		-T 'schemagate_history*' -T schema_migrations |
		grep -v -e '^--' -e '^\\restrict ' -e '^\\unrestrict '
}

bench_apply() {
	local dir=$TMP/apply sg f i k n t how total good
	local tools=(sg dbmate)
	NAMES=() CMDS=()
	pg_find apply
	if [ ! -x "$SCHEMAGATE" ]; then
		log "the apply benchmark needs $SCHEMAGATE (make B=$B)"
		exit 2
	fi

	# (a) the migrations, the same SQL in each tool's layout
	read -r AP_MIGS _ AP_STMTS _ AP_BYTES _ AP_TABLES _ AP_ROWS _ < <(
		python3 bench/gen_apply_migrations.py "$dir" "$APPLY_FILES")
	log "migrations: $AP_MIGS, $AP_STMTS statements, $AP_BYTES bytes, in golang-migrate and dbmate files"

	# (b) dbmate's native binary: the ELF executable inside the npm package,
	# not the node wrapper in node_modules/.bin.
	DBMATE=
	if npm install --prefix "$TMP/npm-dbmate" --no-audit --no-fund --loglevel=error "$DBMATE_PKG" >&2; then
		while IFS= read -r f; do
			if [ "$(head -c 4 "$f" | tr -d '\0')" = $'\x7fELF' ]; then DBMATE=$f; break; fi
		done < <(find "$TMP/npm-dbmate/node_modules" -type f -name 'dbmate*' -perm -u+x)
	fi
	if [ -z "$DBMATE" ]; then
		log "no native dbmate binary in npm $DBMATE_PKG: the apply benchmark needs it"
		exit 2
	fi
	DBMATE_VERSION=$("$DBMATE" --version)
	log "dbmate: $DBMATE ($DBMATE_VERSION)"

	# (c) one server for both; before each run (untimed) a fresh database from
	# template0 under a new name, apply_sg_N or apply_dbmate_N, kept until the
	# end so that every run can be checked, then sync: without it the kernel's
	# writeback of the setup's and the earlier runs' files (fsync is off)
	# lands in the next runs, and whichever tool is timed first comes out
	# 20-40% slower.
	pg_start
	log "server: $PG_VERSION, started in $PG_START_S s"
	APPLY_PSQL="-X -q -v ON_ERROR_STOP=1 -h $PG_DIR -p 5432 -U schemagate"
	cat >"$TMP/apply-newdb.sh" <<-NEWDB
		set -e
		n=\$((\$(cat "$TMP/apply-\$1.seq" 2>/dev/null || echo 0) + 1))
		psql $APPLY_PSQL -d postgres -c "CREATE DATABASE apply_\$1_\$n TEMPLATE template0"
		echo \$n >"$TMP/apply-\$1.seq"
		sync
	NEWDB
	sg=$(cd "$(dirname "$SCHEMAGATE")" && pwd -P)/$(basename "$SCHEMAGATE")
	NAMES=(apply:schemagate apply:dbmate)
	CMDS=("read n <$TMP/apply-sg.seq && exec $sg migrate up --db \"$(apply_url sg)\" --dir $dir/golang-migrate -q"
		"read n <$TMP/apply-dbmate.seq && exec $DBMATE --url \"$(apply_url dbmate)\" --no-dump-schema --migrations-dir $dir/dbmate up")

	# (d) one untimed run of each first, under /usr/bin/time for its peak RSS:
	# it must exit 0 and record every migration, and both must leave the same
	# schema and rows.
	for i in "${!NAMES[@]}"; do
		n=${NAMES[$i]} t=${tools[$i]}
		sh "$TMP/apply-newdb.sh" "$t"
		RC[$n]=0
		(cd "$dir" && /usr/bin/time -f %M -o "$TMP/rss" sh -c "${CMDS[$i]}") >"$TMP/out" 2>"$TMP/err" || RC[$n]=$?
		RSS[$n]=$(tail -n 1 "$TMP/rss")
		k=$(apply_count "$t" 1)
		if [ "${RC[$n]}" != 0 ] || [ "$k" != "$AP_MIGS" ]; then
			log "$n exited ${RC[$n]} and recorded $k of $AP_MIGS migrations:"
			tail -n 5 "$TMP/out" "$TMP/err" >&2
			exit 2
		fi
	done
	AP_ROWS_SG=$(apply_rows sg 1) AP_ROWS_DBMATE=$(apply_rows dbmate 1)
	AP_SCHEMA="not compared (pg_dump is not installed)"
	if command -v pg_dump >/dev/null; then
		apply_schema sg 1 >"$TMP/schema-sg.sql"
		apply_schema dbmate 1 >"$TMP/schema-dbmate.sql"
		if cmp -s "$TMP/schema-sg.sql" "$TMP/schema-dbmate.sql"; then
			AP_SCHEMA="identical ($(grep -c '^CREATE TABLE' "$TMP/schema-sg.sql") tables,"
			AP_SCHEMA="$AP_SCHEMA $(grep -c '^CREATE INDEX' "$TMP/schema-sg.sql") indexes besides the primary keys,"
			AP_SCHEMA="$AP_SCHEMA $(grep -c '^COMMENT ON' "$TMP/schema-sg.sql") comments)"
		else
			AP_SCHEMA="DIFFERENT"
			log "the two tools left different schemas:"
			diff "$TMP/schema-sg.sql" "$TMP/schema-dbmate.sql" | head -n 10 >&2 || true
		fi
	fi

	# (e) the timed runs, both tools in one hyperfine run (all of schemagate's
	# runs, then all of dbmate's), each run on its own fresh database.
	if [ "$HYPERFINE" = 1 ]; then
		(cd "$dir" && hyperfine --runs "$APPLY_RUNS" --warmup 1 \
			--prepare "sh $TMP/apply-newdb.sh sg" --prepare "sh $TMP/apply-newdb.sh dbmate" \
			--export-json "$TMP/apply.json" -n apply:schemagate "${CMDS[0]}" -n apply:dbmate "${CMDS[1]}") >&2 ||
			{ log "a timed run failed"; exit 2; }
		while read -r n k f t; do MED[$n]=$k MIN[$n]=$f MAX[$n]=$t; done < <(
			python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], r["median"], r["min"], r["max"])' "$TMP/apply.json")
		how="hyperfine $(hyperfine --version | cut -d' ' -f2), 1 warmup run and $APPLY_RUNS runs per tool,"
		how="$how \`--prepare 'sh newdb.sh TOOL'\` before each"
	else
		for i in "${!NAMES[@]}"; do
			: >"$TMP/apply.times"
			for k in $(seq $((APPLY_RUNS + 1))); do
				sh "$TMP/apply-newdb.sh" "${tools[$i]}"
				f=${EPOCHREALTIME/[.,]/}
				(cd "$dir" && sh -c "${CMDS[$i]}") >/dev/null 2>&1 || { log "a timed run failed"; exit 2; }
				t=${EPOCHREALTIME/[.,]/}
				[ "$k" = 1 ] || echo "$((t - f))e-6" >>"$TMP/apply.times"
			done
			stats "${NAMES[$i]}" "$TMP/apply.times"
		done
		how="bash loop (\$EPOCHREALTIME), 1 warmup run and $APPLY_RUNS runs per tool, \`sh newdb.sh TOOL\` before each"
	fi
	TIMER="$how (untimed)"

	# (f) every timed run (and the warmup) recorded every migration
	for t in "${tools[@]}"; do
		n=$(cat "$TMP/apply-$t.seq")
		: >"$TMP/counts"
		for k in $(seq 2 "$n"); do apply_count "$t" "$k" >>"$TMP/counts"; done
		total=$(wc -l <"$TMP/counts")
		good=$(grep -cx "$AP_MIGS" "$TMP/counts" || true)
		AP_CHECKED[$t]="$good of $total"
		[ "$good" = "$total" ] || log "$t: only $good of its $total timed runs recorded all $AP_MIGS migrations"
	done
	AP_DBS=$(($(cat "$TMP/apply-sg.seq") + $(cat "$TMP/apply-dbmate.seq")))
	AP_SOCKET=$PG_DIR
	pg_stop

	# (g) the report
	{
		echo "<!-- bench:apply begin -->"
		echo "$APPLY_HEADING"
		echo
		echo "Measured on $(date -u '+%Y-%m-%d %H:%M UTC')."
		echo
		echo "### Migrations"
		echo
		echo "\`python3 bench/gen_apply_migrations.py DIR $APPLY_FILES\` (deterministic): $AP_MIGS small migrations, $AP_STMTS"
		echo "statements ($AP_BYTES bytes in the up parts), written twice with the same SQL: golang-migrate files"
		echo "for schemagate (\`000001_create_t001.up.sql\` and \`.down.sql\`, ...) and dbmate files for dbmate"
		echo "(\`000001_create_t001.sql\` with \`-- migrate:up\` and \`-- migrate:down\`, ...). They come in rounds of"
		echo "five on each of $AP_TABLES tables: create the table (bigserial primary key, defaults); add a column and"
		echo "comment on it; index a column; insert 3 rows and backfill the new column; comment on the table."
		echo "One or two statements a file, every file in a transaction; $AP_ROWS rows inserted in all."
		echo
		echo "### Server"
		echo
		echo "$PG_VERSION (\`$PG_BIN\`), one server for both tools, made the way \`--db auto\` makes its own"
		echo "(migrate/devdb.c): \`initdb $PG_USER_FLAGS\` into a new"
		echo "folder, then \`pg_ctl start -w\` with \`postgres -k FOLDER $PG_SERVER_FLAGS\`"
		echo "(a private socket folder, no TCP)$([ "$(id -u)" = 0 ] && echo ", as the \`postgres\` user (\`runuser -u postgres --\`)");"
		echo "initdb and start took $PG_START_S s, untimed."
		echo
		echo "Both tools connect the same way, through the server's unix socket, with the same URL but for the"
		echo "database's name (schemagate through libpq, dbmate through Go's lib/pq):"
		echo
		echo '```'
		echo "postgres://schemagate@/apply_<TOOL>_<N>?host=$AP_SOCKET&port=5432&sslmode=disable"
		echo '```'
		echo
		echo "Before each run, outside the timing, \`newdb.sh TOOL\` creates a fresh database from template0 under a"
		echo "new name (\`apply_sg_1\`, \`apply_dbmate_1\`, ...: $AP_DBS in all, kept until the end to be checked),"
		echo "then runs \`sync\`: the server runs with fsync off, so without it the kernel writes back the files of"
		echo "the setup and of earlier runs during the next ones, and whichever tool is timed first comes out"
		echo "20-40% slower."
		echo
		echo "- schemagate \`migrate up\`: one connection; sets its session's timeouts and keepalives, takes its"
		echo "  advisory lock, creates and reads \`schemagate_history\`; then per migration"
		echo "  \`BEGIN; SET LOCAL lock_timeout\`, each statement on its own, the history row (with the file's"
		echo "  SHA-256 and the release id) and \`COMMIT\`: 3 round trips and one per statement."
		echo "- dbmate \`up\`: first checks, on a connection to the \`postgres\` database, that the database exists"
		echo "  (it would create it), then on another that \`schema_migrations\` exists, then on a third creates it"
		echo "  and per migration runs \`BEGIN READ WRITE\`, the whole up part as one query,"
		echo "  \`select current_schema()\`, a \`quote_ident\` query, its \`schema_migrations\` row and \`COMMIT\`."
		echo "  \`--no-dump-schema\`: no pg_dump after the run; no \`--wait\`."
		echo
		echo "### Commands"
		echo
		echo "dbmate: $DBMATE_VERSION (native binary from npm \`$DBMATE_PKG\`)."
		echo "Timing: $TIMER;"
		echo "the commands run through \`sh -c\` (hyperfine subtracts the shell's start), which reads the run's"
		echo "number and \`exec\`s the tool; each must exit 0. Peak RSS and exit status: one untimed run of each"
		echo "first under \`/usr/bin/time -f %M\`, on its own fresh database."
		echo
		echo '```'
		echo "# newdb.sh TOOL (untimed, before each run)"
		echo "psql $APPLY_PSQL -d postgres -c 'CREATE DATABASE apply_<TOOL>_<N> TEMPLATE template0'"
		echo "sync"
		echo "$sg migrate up --db 'postgres://schemagate@/apply_sg_<N>?host=...' --dir $dir/golang-migrate -q"
		echo "$DBMATE --url 'postgres://schemagate@/apply_dbmate_<N>?host=...' --no-dump-schema --migrations-dir $dir/dbmate up"
		echo '```'
		echo
		echo "### Results"
		echo
		results_table
		row apply:schemagate
		row apply:dbmate
		echo
		echo "- schemagate/dbmate wall time: $(ratio "${MED[apply:schemagate]}" "${MED[apply:dbmate]}")"
		echo "- Per migration (median / $AP_MIGS): schemagate $(awk -v s="${MED[apply:schemagate]}" -v n="$AP_MIGS" 'BEGIN { printf "%.2f ms", s * 1000 / n }'),"
		echo "  dbmate $(awk -v s="${MED[apply:dbmate]}" -v n="$AP_MIGS" 'BEGIN { printf "%.2f ms", s * 1000 / n }')."
		echo "- Checked outside the timing: every database of a timed or warmup run recorded all $AP_MIGS"
		echo "  migrations (\`schemagate_history\` rows with status \`applied\`: ${AP_CHECKED[sg]} databases;"
		echo "  \`schema_migrations\` rows: ${AP_CHECKED[dbmate]} databases). After the untimed runs, the schemas"
		echo "  (\`pg_dump --schema-only\` without the history tables) are $AP_SCHEMA, and the tables hold"
		echo "  $AP_ROWS_SG rows (schemagate) and $AP_ROWS_DBMATE (dbmate)."
		echo
		echo "### Targets"
		echo
		echo "schemagate migrate up's wall time at most ${APPLY_TARGET}x dbmate up's on the same migrations and server."
		echo
		apply_targets
		echo "<!-- bench:apply end -->"
	} >"$TMP/section-apply.md"
}

apply_targets() {
	local sg=${MED[apply:schemagate]} dm=${MED[apply:dbmate]}
	if [ "${AP_CHECKED[sg]% of *}" != "${AP_CHECKED[sg]#* of }" ] ||
		[ "${AP_CHECKED[dbmate]% of *}" != "${AP_CHECKED[dbmate]#* of }" ] || [ "${AP_SCHEMA%% *}" = DIFFERENT ]; then
		echo "Warning: not every run applied every migration the same way (see above); the times are not comparable."
		echo
	fi
	echo "| target | measured | result |"
	echo "|---|---|---|"
	echo "| at most ${APPLY_TARGET}x dbmate's time | schemagate/dbmate = $(ratio "$sg" "$dm")" \
		"| $(verdict "$sg <= $APPLY_TARGET * $dm") |"
	echo
	# shellcheck disable=SC2016 # Markdown backticks
	printf 'Machine-readable: `bench-apply schemagate_s=%s dbmate_s=%s ratio=%s target=%s result=%s`\n' \
		"$(sec "$sg")" "$(sec "$dm")" "$(ratio "$sg" "$dm")" "$APPLY_TARGET" "$(met "$sg <= $APPLY_TARGET * $dm")"
}

# ---- RESULTS.md ----

# previous_section NAME: the section as the current RESULTS.md has it, if any.
# A RESULTS.md from before the sections holds only the lint benchmark, from
# "## Corpus" to its end.
previous_section() {
	[ -f "$OUT" ] || return 0
	if grep -qx "<!-- bench:$1 begin -->" "$OUT"; then
		awk -v s="$1" '$0 == "<!-- bench:" s " begin -->" { on = 1 }
			on { print }
			$0 == "<!-- bench:" s " end -->" { on = 0 }' "$OUT"
	elif [ "$1" = lint ] && grep -qx '## Corpus' "$OUT"; then
		awk -v heading="$LINT_HEADING" '
			/^Written by .* on / { d = $0; sub(/.* on /, "", d); sub(/\.$/, "", d) }
			/^- squawk: / { sq = substr($0, 3) }
			$0 == "## Corpus" { on = 1; print "<!-- bench:lint begin -->"; print heading
				print ""; print "Measured on " d "."; if (sq != "") print sq "."; print "" }
			on { if (/^## /) $0 = "#" $0; print }
			END { if (on) print "<!-- bench:lint end -->" }' "$OUT"
	fi
}

# section NAME HEADING: this run's section, else the previous one, else a note.
section() {
	if [ -f "$TMP/section-$1.md" ]; then
		cat "$TMP/section-$1.md"
	else
		previous_section "$1" >"$TMP/previous"
		if [ -s "$TMP/previous" ]; then
			cat "$TMP/previous"
		else
			# shellcheck disable=SC2016 # Markdown backticks
			printf '<!-- bench:%s begin -->\n%s\n\nNot measured yet: run `bench/run.sh %s`.\n<!-- bench:%s end -->\n' \
				"$1" "$2" "$1" "$1"
		fi
	fi
}

case $WHAT in all | lint) bench_lint ;; esac
case $WHAT in all | diff) bench_diff ;; esac
case $WHAT in all | dryrun) bench_dryrun ;; esac
case $WHAT in all | apply) bench_apply ;; esac

# shellcheck source=/dev/null
OS=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || echo unknown)
{
	echo "# Benchmark results"
	echo
	echo "Written by \`bench/run.sh\` (\`make bench\`; \`bench/run.sh lint\`, \`bench/run.sh diff\`,"
	echo "\`bench/run.sh dryrun\` or \`bench/run.sh apply\` runs one section and keeps the others). Each"
	echo "section says when it was measured."
	echo
	echo "## Machine"
	echo
	echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "- cores: $(nproc) available ($(grep -c ^processor /proc/cpuinfo) logical CPUs)"
	echo "- RAM: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- kernel: $(uname -r)"
	echo "- OS: $OS (Debian $(cat /etc/debian_version 2>/dev/null || echo unknown))"
	echo "- libpg_query: $(dpkg-query -W -f '${Version}' libpg-query-dev 2>/dev/null || echo unknown)"
	echo
	section lint "$LINT_HEADING"
	echo
	section diff "$DIFF_HEADING"
	echo
	section dryrun "$DRYRUN_HEADING"
	echo
	section apply "$APPLY_HEADING"
} >"$TMP/RESULTS.md"
cat "$TMP/RESULTS.md" >"$OUT"
log "wrote $OUT"
cat "$OUT"
