#!/usr/bin/env bash
# JMH micro-benchmarks of model-core (joint training, student scoring). Extra args go to JMH, e.g.
#   bench/jmh.sh JointTrainingBenchmark -f 1 -wi 3 -i 5
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests install -pl schemas,model-core >/dev/null
mvn -q -B dependency:build-classpath -pl model-core -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.cp >/dev/null
cp="$(cat model-core/target/jmh.cp):model-core/target/test-classes:model-core/target/classes"
exec java -cp "$cp" org.openjdk.jmh.Main "${@:-JointTrainingBenchmark}"
