#!/bin/sh
# The labelled corpus (tests/acceptance: migrations verified on PostgreSQL 15)
# linted file by file: precision and recall of error findings for "unsafe
# to run on a live database" must both stay at 0.95 or above.
. tests/e2e/lib.sh

SG_BIN=$SG sh tests/acceptance/measure.sh > "$TMP/measure.out" 2>&1
line=$(grep '^precision=' "$TMP/measure.out")
p=$(echo "$line" | sed 's/precision=\([0-9.]*\).*/\1/')
r=$(echo "$line" | sed 's/.*recall=\([0-9.]*\).*/\1/')
if [ -n "$p" ] && awk -v p="$p" 'BEGIN { exit !(p >= 0.95) }'; then ok "precision $p >= 0.95"; else
	not_ok "precision ${p:-?} >= 0.95" "$(tail -30 "$TMP/measure.out")"
fi
if [ -n "$r" ] && awk -v r="$r" 'BEGIN { exit !(r >= 0.95) }'; then ok "recall $r >= 0.95"; else
	not_ok "recall ${r:-?} >= 0.95" "$(tail -30 "$TMP/measure.out")"
fi
