#!/usr/bin/env bash
# bench/run.sh: `make bench`. Two benchmarks, each a section of bench/RESULTS.md:
#
#   lint  schemagate lint against squawk and against the bare libpg_query
#         parse, on a generated corpus (bench/gen_migrations.py)
#   diff  schemagate diff against git diff on a generated git repository
#         (bench/gen_git_repo.sh: 5000 migrations over 2000 commits)
#
#   bench/run.sh [all|lint|diff]   (default all; a section that is not run
#                                   keeps what RESULTS.md said before)
#   BENCH_RUNS=10 bench/run.sh     (runs per tool in lint, after 1 warmup run; the median is reported)
#   BENCH_DIFF_RUNS=20             (runs per tool in diff, after 3 warmup runs)
#   B=build                        (the build folder: `make bench B=...` passes it)
#   SCHEMAGATE=path/to/binary      (default $B/schemagate)
#   BENCH_OUT=bench/RESULTS.md     (where the report goes)
#
# Needs python3, npm, cc, libpg_query (lint), git (diff) and /usr/bin/time;
# uses hyperfine when present (both are installed with apt-get when missing
# and we are root).
set -euo pipefail
cd "$(dirname "$0")/.."

WHAT=${1:-all}
case $WHAT in
all | lint | diff) ;;
*) echo "usage: bench/run.sh [all|lint|diff]" >&2; exit 2 ;;
esac
RUNS=${BENCH_RUNS:-10}
DIFF_RUNS=${BENCH_DIFF_RUNS:-20}
DIFF_WARMUP=3
B=${B:-build}
SCHEMAGATE=${SCHEMAGATE:-$B/schemagate}
SQUAWK_PKG=squawk-cli@2.66.0
OUT=${BENCH_OUT:-bench/RESULTS.md}
TMP=$(mktemp -d -t schemagate-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

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
declare -A MED MIN MAX RSS RC ERR1
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
		echo
		[ -n "${MED[diff:schemagate]:-}" ] &&
			echo "- schemagate diff/git diff wall time: $(ratio "${MED[diff:schemagate]}" "${MED[diff:git]}")" && echo
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

# shellcheck source=/dev/null
OS=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || echo unknown)
{
	echo "# Benchmark results"
	echo
	echo "Written by \`bench/run.sh\` (\`make bench\`; \`bench/run.sh lint\` or \`bench/run.sh diff\` runs"
	echo "one section and keeps the other). Each section says when it was measured."
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
} >"$TMP/RESULTS.md"
cat "$TMP/RESULTS.md" >"$OUT"
log "wrote $OUT"
cat "$OUT"
