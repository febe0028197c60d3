#!/usr/bin/env bash
# Runs the JMH benchmarks and prints every ratio (Markdown) and writes docs/bench-ratios.png.
#   bench/run.sh --quick    short iterations, about 4 minutes on 2 cores
#   bench/run.sh            full run (more iterations)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests install -pl bench -am
mvn -B -q -ntp -f bench/footprint/pom.xml dependency:build-classpath -Dmdep.outputFile=../target/sdk-classpath.txt
mvn -B -q -ntp -pl backend-dynamodb dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=../bench/target/tidemark-classpath.txt
printf '%s' ":$(pwd)/spi/target/tidemark-spi-0.1.0-SNAPSHOT.jar:$(pwd)/backend-dynamodb/target/tidemark-backend-dynamodb-0.1.0-SNAPSHOT.jar" >> bench/target/tidemark-classpath.txt
if [ "${1:-}" = "--quick" ]; then opts=(-f 1 -wi 1 -w 1s -i 3 -r 1s); else opts=(-f 2 -wi 3 -w 2s -i 5 -r 3s); fi
rm -f bench/target/requests.txt
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
java -cp "$cp" -Dtidemark.bench.requests="$(pwd)/bench/target/requests.txt" org.openjdk.jmh.Main "${opts[@]}" \
  -jvmArgs "-Dtidemark.bench.requests=$(pwd)/bench/target/requests.txt" -rf json -rff bench/target/jmh.json "io.tidemark.bench.*Bench.*" \
  | tee bench/target/jmh.log
mkdir -p docs
java -Djava.awt.headless=true -cp "$cp" io.tidemark.bench.Report bench/target/jmh.json bench/target/requests.txt docs/bench-ratios.png \
  bench/target/tidemark-classpath.txt bench/target/sdk-classpath.txt | tee bench/target/report.md
