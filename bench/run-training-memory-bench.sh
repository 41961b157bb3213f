#!/usr/bin/env bash
# Rows against memory: one training run per size, each in its own JVM with the heap the template's training
# function gets (Lambda's java21 runtime gives the heap 85% of the function's memory: 2,557 MB of 3,008 MB).
# A size that does not fit reports out_of_memory. HEAP, SIZES and BENCH_JAVA_OPTS override.
# Build first: ./mvnw -q -DskipTests -pl bench -am package
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cp="$here/target/bench.jar:$here/target/lib/*"
[ -f "$here/target/bench.jar" ] || { echo "build first: ./mvnw -q -DskipTests -pl bench -am package" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
heap="${HEAP:-2557m}"
printf 'outcome\trows_read\tseconds\tmax_heap_mib\tpeak_heap_used_mib\tpeak_live_heap_mib\tpeak_rss_mib\n'
for rows in ${SIZES:-50000 100000 200000 400000}; do
  java -Xmx2g -cp "$cp" org.maskrecommender.bench.TrainingMemoryBenchmark generate "$rows" "$work/fit-tests.csv"
  java -Xmx"$heap" ${BENCH_JAVA_OPTS:--XX:+UseSerialGC} -cp "$cp" \
    org.maskrecommender.bench.TrainingMemoryBenchmark train "$work/fit-tests.csv"
done
