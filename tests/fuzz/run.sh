#!/bin/sh
# make fuzz: run each fuzz target for SECONDS (default 300), growing its
# corpus in build/fuzz-corpus (seeded from tests/fuzz/corpus).
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-300}
for t in build/fuzz/fuzz_*; do
	name=$(basename "$t")
	dir=build/fuzz-corpus/${name#fuzz_}
	mkdir -p "$dir"
	cp -n tests/fuzz/corpus/"${name#fuzz_}"/* "$dir"/ 2>/dev/null
	echo "fuzzing $name for ${secs}s"
	"$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build/fuzz-corpus/"$name"- "$dir" || exit 1
done
