#!/usr/bin/env bash
# End-to-end job throughput vs the bare trainer, with a time profile and heap live set.
#   bench/e2e.sh [examples=200000] [users=1000] [items=500] [configs=rocksdb:200000,rocksdb:0,hashmap:200000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install >/dev/null
mvn -q -B dependency:build-classpath -pl flink-job -Dmdep.includeScope=test -Dmdep.outputFile=target/e2e.cp >/dev/null
cp="$(cat flink-job/target/e2e.cp):flink-job/target/test-classes:flink-job/target/classes"
exec java -Xmx2g -Dlog4j.configurationFile=flink-job/src/test/resources/log4j2-test.properties \
  -cp "$cp" io.streamkd.job.bench.EndToEndBenchmark "$@"
