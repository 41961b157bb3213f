#!/usr/bin/env bash
# Warm recommendation latency (100/1,000/10,000 masks) and ONNX Runtime vs plain-Java scoring, one JMH run.
# Build first: ./mvnw -q -DskipTests -pl bench -am package
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f "$here/target/bench.jar" ] || { echo "build first: ./mvnw -q -DskipTests -pl bench -am package" >&2; exit 2; }
exec java -Xmx2g -cp "$here/target/bench.jar:$here/target/lib/*" org.maskrecommender.bench.InferenceBenchmarks
