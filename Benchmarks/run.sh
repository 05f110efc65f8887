#!/usr/bin/env bash
# make bench: build generated sites of realistic size with the release binary and report the
# best of several runs, with the time of each step. Sizes: BENCH_SIZES="1000 10000" by default.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=.build/release/paperpages
runs=${BENCH_RUNS:-3}
for n in ${BENCH_SIZES:-1000 10000}; do
  site=.build/bench/$n
  if [ ! -d "$site/Content" ]; then
    python3 Benchmarks/make_corpus.py "$n" "$site/Content" >/dev/null
  fi
  files=$(find "$site/Content" -name '*.md' | wc -l)
  best=""
  for _ in $(seq "$runs"); do
    out=$("$binary" build --content "$site/Content" --layouts Layouts --output "$site/Public" --force --timings)
    total=$(echo "$out" | head -1 | sed -E 's/.* in ([0-9.]+) s$/\1/')
    if [ -z "$best" ] || awk "BEGIN{exit !($total < $best)}"; then best=$total; best_out=$out; fi
  done
  echo "== $n papers ($files Markdown files), best of $runs runs: $best s"
  echo "$best_out" | tail -n +2
done
