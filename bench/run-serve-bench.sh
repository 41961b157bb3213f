#!/usr/bin/env bash
# Keep-alive latency of ./mask-recommender serve: sequential requests over one HTTP/1.1 connection, 1,000 masks.
# Build first: ./mvnw -q -DskipTests -pl bench -am package
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f "$here/target/bench.jar" ] || { echo "build first: ./mvnw -q -DskipTests -pl bench -am package" >&2; exit 2; }
exec java -Xmx1g -cp "$here/target/bench.jar:$here/target/lib/*" org.maskrecommender.bench.ServeLatency "$@"
