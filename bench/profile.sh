#!/usr/bin/env bash
# Turns a Java Flight Recorder file into a CPU flame graph: bench/profiles/NAME.html (interactive, async-profiler's
# jfr-converter) and bench/profiles/NAME.png (a screenshot of it taken with Debian's headless Chromium).
# Record with: java -XX:StartFlightRecording=filename=F.jfr,settings=profile ...  (the benchmark scripts do that
# when PROFILE=1 is set).
# usage: bench/profile.sh RECORDING.jfr NAME [title] [cpu|alloc|lock|wall] [more jfrconv options, e.g. --include REGEX]
# The graph is drawn as an icicle (roots on top), so the screenshot shows the entry points.
set -euo pipefail
cd "$(dirname "$0")/.."
jfr=$1; name=$2; title=${3:-$2}; kind=${4:-cpu}
conv=tools.profiler:jfr-converter:4.2
jar="$HOME/.m2/repository/tools/profiler/jfr-converter/4.2/jfr-converter-4.2.jar"
[ -f "$jar" ] || mvn -B -q dependency:get -Dartifact=$conv >&2
mkdir -p bench/profiles
flag=(); [ "$kind" = cpu ] || flag=(--"$kind")
java -jar "$jar" "${flag[@]}" --inverted --simple --norm --minwidth 0.5 "${@:5}" --title "$title" -o html "$jfr" "bench/profiles/$name.html" >&2
browser=$(command -v chromium || command -v chromium-browser)
"$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1600,1200 --virtual-time-budget=5000 \
  --screenshot="$PWD/bench/profiles/$name.png" "file://$PWD/bench/profiles/$name.html" >/dev/null 2>&1
echo "bench/profiles/$name.png"
