#!/usr/bin/env bash
# bench/run.sh: `make bench`. Times schemagate against squawk and against the
# bare libpg_query parse on a generated corpus and writes bench/RESULTS.md.
#
#   BENCH_RUNS=5 bench/run.sh        (runs per tool; the median is reported)
#   SCHEMAGATE=path/to/binary        (default build/schemagate)
#
# Needs python3, npm, cc, libpg_query and /usr/bin/time; uses hyperfine when
# present (both are installed with apt-get when missing and we are root).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-5}
SCHEMAGATE=${SCHEMAGATE:-build/schemagate}
SQUAWK_PKG=squawk-cli@2.66.0
OUT=bench/RESULTS.md
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
if [ ! -x build/bare_parse ] || [ bench/bare_parse.c -nt build/bare_parse ]; then
	mkdir -p build
	cc -O2 -std=c11 -Wall -Wextra -Werror bench/bare_parse.c -o build/bare_parse -lpg_query
fi

# (d) the tools. Commands run through a shell (squawk takes files, not a
# directory, so the shell expands the glob). Exit 1 means findings: fine.
NAMES=() CMDS=()
if [ -x "$SCHEMAGATE" ]; then
	NAMES+=(schemagate) CMDS+=("$SCHEMAGATE lint --format json $CORPUS")
fi
if [ -n "$SQUAWK" ]; then
	NAMES+=(squawk) CMDS+=("$SQUAWK --reporter json $CORPUS/*.sql")
fi
NAMES+=(bare_parse) CMDS+=("build/bare_parse $CORPUS")

declare -A MED MIN MAX RSS RC
for i in "${!NAMES[@]}"; do
	# One untimed run: peak RSS, exit status, and a warm page cache.
	n=${NAMES[$i]}
	RC[$n]=0
	/usr/bin/time -f %M -o "$TMP/rss" bash -c "exec ${CMDS[$i]}" >/dev/null 2>"$TMP/err" || RC[$n]=$?
	RSS[$n]=$(tail -n 1 "$TMP/rss")
	if [ "${RC[$n]}" -gt 1 ]; then log "$n exited ${RC[$n]}:"; head -n 5 "$TMP/err" >&2; fi
done

if [ "$HYPERFINE" = 1 ]; then
	args=()
	for i in "${!NAMES[@]}"; do args+=(-n "${NAMES[$i]}" "${CMDS[$i]}"); done
	hyperfine --runs "$RUNS" --ignore-failure --export-json "$TMP/times.json" "${args[@]}" >&2
	while read -r n med min max; do MED[$n]=$med MIN[$n]=$min MAX[$n]=$max; done < <(
		python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["command"], r["median"], r["min"], r["max"])' "$TMP/times.json")
	TIMER="hyperfine $(hyperfine --version | cut -d' ' -f2), $RUNS runs per tool"
else
	for i in "${!NAMES[@]}"; do
		for _ in $(seq "$RUNS"); do
			start=$(date +%s%N)
			bash -c "exec ${CMDS[$i]}" >/dev/null 2>&1 || true
			echo $(( $(date +%s%N) - start ))
		done | sort -n > "$TMP/ns"
		read -r med min max < <(awk '{ t[NR] = $1 / 1e9 } END {
			m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
			print m, t[1], t[NR] }' "$TMP/ns")
		MED[${NAMES[$i]}]=$med MIN[${NAMES[$i]}]=$min MAX[${NAMES[$i]}]=$max
	done
	TIMER="bash loop with date +%s%N, $RUNS runs per tool"
fi

# (e) the report
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# verdict CONDITION: an awk comparison of two numbers, e.g. "0.2 * 3 <= 0.7".
verdict() { awk "BEGIN { print ($1) ? \"**met**\" : \"**not met**\" }"; }

row() {
	local n=$1
	if [ -z "${MED[$n]:-}" ]; then printf '| %s | not built | | | | |\n' "$n"; return; fi
	printf '| %s | %s | %s | %s | %s MB | %s |\n' "$n" "$(ms "${MED[$n]}")" "$(ms "${MIN[$n]}")" \
		"$(ms "${MAX[$n]}")" "$(awk -v k="${RSS[$n]}" 'BEGIN { printf "%.1f", k / 1024 }')" "${RC[$n]}"
}

targets() {
	if [ -z "${MED[schemagate]:-}" ]; then
		echo "schemagate: not built ($SCHEMAGATE was missing), so no target is measured."
		return
	fi
	[ "${RC[schemagate]}" -gt 1 ] && echo "Warning: schemagate exited ${RC[schemagate]} (could not run); its numbers are not meaningful." && echo
	echo "| target | measured | result |"
	echo "|---|---|---|"
	if [ -n "${MED[squawk]:-}" ]; then
		echo "| wall time at most 1/3 of squawk's | schemagate/squawk = $(ratio "${MED[schemagate]}" "${MED[squawk]}")" \
			"| $(verdict "${MED[schemagate]} * 3 <= ${MED[squawk]}") |"
		echo "| peak memory at most squawk's | schemagate/squawk = $(ratio "${RSS[schemagate]}" "${RSS[squawk]}")" \
			"| $(verdict "${RSS[schemagate]} <= ${RSS[squawk]}") |"
	else
		echo "| compared with squawk | squawk not available | not measured |"
	fi
	echo "| wall time at most 2x the bare parse | schemagate/bare_parse = $(ratio "${MED[schemagate]}" "${MED[bare_parse]}")" \
		"| $(verdict "${MED[schemagate]} <= 2 * ${MED[bare_parse]}") |"
}

# shellcheck source=/dev/null
OS=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || echo unknown)
{
	echo "# Benchmark results"
	echo
	echo "Written by \`bench/run.sh\` (\`make bench\`) on $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo
	echo "## Machine"
	echo
	echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "- cores: $(nproc) available ($(grep -c ^processor /proc/cpuinfo) logical CPUs)"
	echo "- RAM: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
	echo "- kernel: $(uname -r)"
	echo "- OS: $OS (Debian $(cat /etc/debian_version 2>/dev/null || echo unknown))"
	echo "- libpg_query: $(dpkg-query -W -f '${Version}' libpg-query-dev 2>/dev/null || echo unknown)"
	echo "- squawk: $SQUAWK_VERSION (native binary from npm \`$SQUAWK_PKG\`)"
	echo
	echo "## Corpus"
	echo
	echo "\`python3 bench/gen_migrations.py DIR\` (fixed seed): $FILES files, $STMTS statements, $BYTES bytes."
	echo
	echo "## Commands"
	echo
	echo "Timing: $TIMER; exit status 1 (findings) is expected and ignored."
	echo "Peak RSS: one extra untimed run of each under \`/usr/bin/time -f %M\`."
	echo
	echo '```'
	for i in "${!NAMES[@]}"; do echo "${CMDS[$i]}"; done
	echo '```'
	[ -z "${MED[schemagate]:-}" ] && echo && echo "schemagate: not built"
	echo
	echo "## Results"
	echo
	echo "| tool | median | min | max | peak RSS | exit |"
	echo "|---|---|---|---|---|---|"
	row schemagate
	[ -n "$SQUAWK" ] && row squawk || echo "| squawk | not available | | | | |"
	row bare_parse
	echo
	if [ -n "${MED[schemagate]:-}" ]; then
		[ -n "${MED[squawk]:-}" ] && echo "- schemagate/squawk wall time: $(ratio "${MED[schemagate]}" "${MED[squawk]}")"
		echo "- schemagate/bare_parse wall time: $(ratio "${MED[schemagate]}" "${MED[bare_parse]}")"
		echo
	fi
	echo "## Targets"
	echo
	echo "schemagate's wall time at most 1/3 of squawk's and at most 2x the bare parse;"
	echo "its peak memory at most squawk's."
	echo
	targets
} > "$OUT"
log "wrote $OUT"
cat "$OUT"
