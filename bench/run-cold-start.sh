#!/usr/bin/env bash
# JVM-mode cold start of the packaged inference function (process start -> first response, model from S3Proxy).
# Build first: ./mvnw -q -DskipTests -pl inference,bench -am package
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -f "$here/target/bench.jar" ] || { echo "build first: ./mvnw -q -DskipTests -pl inference,bench -am package" >&2; exit 2; }
exec java -Ds3proxy.jar="$here/../testkit/target/s3proxy/s3proxy.jar" -cp "$here/target/bench.jar:$here/target/lib/*" \
  org.maskrecommender.bench.ColdStart "$here/../inference/target" "${RUNS:-5}"
