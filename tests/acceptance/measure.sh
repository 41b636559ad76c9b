#!/bin/sh
# Measure schemagate's precision/recall for "unsafe" on the labelled corpus.
#
#   tests/acceptance/measure.sh [CASE_DIR]
#   SG_BIN=/path/to/schemagate SG_ARGS='--server-version 15' tests/acceptance/measure.sh
#
# Each cases/*.sql file starts with "-- label: safe|unsafe" and "-- why: ...".
# Every file is linted on its own with
#   ${SG_BIN:-build/schemagate} lint --format json $SG_ARGS FILE
# (run from the repository root, so the default binary is <repo>/build/schemagate).
# A file counts as FLAGGED when the JSON holds at least one finding whose
# "severity" is "error". Positive class = unsafe.
# A run that crashes, exits >= 2 or prints no parsable JSON is reported as a
# tool error and counted as NOT flagged.
# Always exits 0; the last line is "precision=P recall=R".

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
orig=$(pwd)
cases=${1:-$here/cases}
case $cases in /*) ;; *) cases=$orig/$cases ;; esac

bin=${SG_BIN:-build/schemagate}
if [ -n "$SG_BIN" ]; then
    case $bin in /*) ;; */*) bin=$orig/$bin ;; esac
fi
cd "$root" || exit 0

tmp=${TMPDIR:-/tmp}/sg_measure.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 0' INT TERM

if command -v timeout >/dev/null 2>&1; then to="timeout 60"; else to=""; fi
have_py=0
command -v python3 >/dev/null 2>&1 && have_py=1

# error_rules JSONFILE -> prints "FLAG<TAB>error rules<TAB>warning rules" or "BAD"
error_rules() {
    if [ $have_py = 1 ]; then
        python3 - "$1" <<'PY'
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except Exception:
    print("BAD"); sys.exit(0)
errs, warns = [], []
def walk(o):
    if isinstance(o, dict):
        sev = o.get("severity")
        if isinstance(sev, str) and "rule" in o:
            (errs if sev == "error" else warns).append(str(o.get("rule")))
        for v in o.values(): walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(data)
u = lambda l: ",".join(dict.fromkeys(l)) or "-"
print("%d\t%s\t%s" % (1 if errs else 0, u(errs), u(warns)))
PY
    else
        # POSIX fallback: one finding per {"rule": ... } chunk.
        if ! grep -q '"findings"' "$1"; then echo BAD; return; fi
        tr -d '\n' < "$1" | awk '{ gsub(/"rule"[[:space:]]*:/, "\n&"); print }' | awk '
            /^"rule"/ {
                r = $0; sub(/^"rule"[[:space:]]*:[[:space:]]*"/, "", r); sub(/".*/, "", r)
                if ($0 ~ /"severity"[[:space:]]*:[[:space:]]*"error"/) { if (index(","e",", ","r",") == 0) e = e (e ? "," : "") r }
                else if (index(","w",", ","r",") == 0) w = w (w ? "," : "") r
            }
            END { printf "%d\t%s\t%s\n", (e != ""), (e ? e : "-"), (w ? w : "-") }'
    fi
}

if [ ! -x "$bin" ]; then
    echo "WARNING: linter binary '$bin' is missing or not executable; every case counts as not flagged"
fi

tp=0 fp=0 fn=0 tn=0 nerr=0 total=0 nu=0 ns=0
: > "$tmp/fp"; : > "$tmp/fn"; : > "$tmp/toolerr"; : > "$tmp/all"
for f in "$cases"/*.sql; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    label=$(sed -n '1,5s/^--[[:space:]]*label:[[:space:]]*\([a-z]*\).*/\1/p' "$f" | head -n 1)
    why=$(sed -n '1,5s/^--[[:space:]]*why:[[:space:]]*//p' "$f" | head -n 1)
    case $label in safe|unsafe) ;; *) echo "skipping $name: no '-- label: safe|unsafe' header"; continue ;; esac
    total=$((total + 1))
    [ "$label" = unsafe ] && nu=$((nu + 1)) || ns=$((ns + 1))

    $to "$bin" lint --format json $SG_ARGS "$f" > "$tmp/out.json" 2> "$tmp/err.txt"
    rc=$?
    res=$(error_rules "$tmp/out.json")
    if [ "$res" = BAD ] || [ $rc -ge 2 ]; then
        nerr=$((nerr + 1))
        printf '  %s  [%s] exit=%s  %s\n' "$name" "$label" "$rc" "$(head -c 200 "$tmp/err.txt" | tr '\n' ' ')" >> "$tmp/toolerr"
        res="0	-	-"
    fi
    flag=$(printf '%s' "$res" | cut -f1)
    erules=$(printf '%s' "$res" | cut -f2)
    wrules=$(printf '%s' "$res" | cut -f3)
    printf '%s\t%s\t%s\t%s\n' "$name" "$label" "$flag" "$erules" >> "$tmp/all"

    if [ "$label" = unsafe ] && [ "$flag" = 1 ]; then tp=$((tp + 1))
    elif [ "$label" = unsafe ]; then
        fn=$((fn + 1))
        printf '  %s  [unsafe]\n      why: %s\n      error rules: %s   (warnings: %s)\n' "$name" "$why" "$erules" "$wrules" >> "$tmp/fn"
    elif [ "$flag" = 1 ]; then
        fp=$((fp + 1))
        printf '  %s  [safe]\n      why: %s\n      error rules: %s   (warnings: %s)\n' "$name" "$why" "$erules" "$wrules" >> "$tmp/fp"
    else tn=$((tn + 1))
    fi
done

ratio() { awk -v n="$1" -v d="$2" 'BEGIN { if (d > 0) printf "%.3f", n / d; else printf "0.000" }'; }
p=$(ratio $tp $((tp + fp)))
r=$(ratio $tp $((tp + fn)))
f1=$(awk -v p="$p" -v r="$r" 'BEGIN { if (p + r > 0) printf "%.3f", 2 * p * r / (p + r); else printf "0.000" }')

echo "schemagate acceptance corpus: $total cases ($nu unsafe, $ns safe)"
echo "binary: $bin ${SG_ARGS:+(args: $SG_ARGS)}"
echo
echo "confusion (positive = unsafe):"
echo "  TP (unsafe, flagged)     = $tp"
echo "  FN (unsafe, not flagged) = $fn"
echo "  FP (safe, flagged)       = $fp"
echo "  TN (safe, not flagged)   = $tn"
echo "  tool errors (counted as not flagged) = $nerr"
echo "  precision(unsafe) = $p   recall(unsafe) = $r   F1 = $f1"
echo
echo "False positives ($fp):"
cat "$tmp/fp"
echo
echo "False negatives ($fn):"
cat "$tmp/fn"
if [ "$nerr" -gt 0 ]; then
    echo
    echo "Tool errors ($nerr):"
    cat "$tmp/toolerr"
fi
echo
echo "precision=$p recall=$r"
exit 0
