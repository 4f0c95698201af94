#!/usr/bin/env bash
# Serving latency: in-process, HTTP at a fixed concurrency, and during hot swaps.
#   bench/serving.sh [seconds-per-phase=10] [concurrency=4]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl schemas,model-core,embedded-kafka,serving >/dev/null
mvn -q -B dependency:build-classpath -pl serving -Dmdep.includeScope=test -Dmdep.outputFile=target/serving.cp >/dev/null
cp="$(cat serving/target/serving.cp):serving/target/test-classes:serving/target/classes"
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.streamkd.serving.bench.ServingBenchmark "$@"
