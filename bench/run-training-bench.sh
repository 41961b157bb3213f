#!/usr/bin/env bash
# Training time and peak heap for ~1k, 10k and 100k fit-test rows, one JVM per size.
# Build first: ./mvnw -q -DskipTests -pl bench -am package
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cp="$here/target/bench.jar:$here/target/lib/*"
[ -f "$here/target/bench.jar" ] || { echo "build first: ./mvnw -q -DskipTests -pl bench -am package" >&2; exit 2; }
printf 'rows_read\trows_kept\tseconds\tpeak_heap_mib\theld_out_roc_auc\ttrainer\n'
for rows in ${SIZES:-1000 10000 100000}; do
  java ${BENCH_JAVA_OPTS:--Xmx4g} -cp "$cp" org.maskrecommender.bench.TrainingBenchmark "$rows"
done
