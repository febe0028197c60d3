#!/usr/bin/env bash
# Benchmarks. Builds the reactor (package, never install: the local repository is shared), then:
#   bench/run.sh --quick    every ratio as a paired comparison (Paired: subject and baseline alternate in short
#                           batches in one JVM; mean ratio with a 95% bootstrap interval), no JMH; under 5 minutes
#   bench/run.sh            the same paired ratios, then JMH for absolute throughput (-f 2 -wi 3 -w 2s -i 5 -r 3s)
#                           with JMH's own ratios; writes docs/bench-ratios.png from the paired ratios
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  package -pl bench -am
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
mkdir -p docs
java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.tidemark.bench.Paired \
  bench/target/paired.md docs/bench-ratios.png | tee bench/target/report.md
if [ "${1:-}" = "--quick" ]; then exit 0; fi
mvn -B -q -ntp -f bench/footprint/pom.xml dependency:build-classpath -Dmdep.outputFile=../target/sdk-classpath.txt
mvn -B -q -ntp -DskipTests -Dspotless.check.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  -pl backend-dynamodb -am package dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
printf '%s' ":$(pwd)/backend-dynamodb/target/tidemark-backend-dynamodb-0.1.0-SNAPSHOT.jar" \
  | cat backend-dynamodb/target/runtime-classpath.txt - > bench/target/tidemark-classpath.txt
rm -f bench/target/requests.txt
java -cp "$cp" -Dtidemark.bench.requests="$(pwd)/bench/target/requests.txt" org.openjdk.jmh.Main \
  -f 2 -wi 3 -w 2s -i 5 -r 3s \
  -jvmArgs "-Dtidemark.bench.requests=$(pwd)/bench/target/requests.txt" -rf json -rff bench/target/jmh.json "io.tidemark.bench.*Bench.*" \
  | tee bench/target/jmh.log
java -Djava.awt.headless=true -cp "$cp" io.tidemark.bench.Report bench/target/jmh.json bench/target/requests.txt \
  bench/target/jmh-ratios.png bench/target/tidemark-classpath.txt bench/target/sdk-classpath.txt | tee -a bench/target/report.md
