#!/usr/bin/env bash
# Squad benchmark (README "For coaches"): writes N demo athletes (default 40) of WEEKS weeks each
# (default 104: two years), each with its own seed and profile, and a config.toml with one
# [athletes.NAME] table each; then times a first `easyday sync --all --out DIR`, the nightly
# no-op (nothing new, the first run of a day) and a no-op again the same day, and digest, each
# with its wall time and peak memory
# (/usr/bin/time). The demo archive is kept in WORK (default: a temporary folder removed at the
# end) so that a second run of the script can skip writing it.
# Usage: bench/squad.sh [N] [WEEKS] [WORK]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-40}
weeks=${2:-104}
work=${3:-}
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }
go build -o "$work/easyday" ./cmd/easyday
timev() { # timev NAME CMD...: runs CMD, prints its wall time and peak RSS
  local name=$1; shift
  local rc=0
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || rc=$?
  read -r secs kb <"$work/time"
  printf '%-22s %8.2f s  %7.1f MB peak  exit %d\n' "$name" "$secs" "$(echo "$kb/1024" | bc -l)" "$rc"
}
maxhr=(178 182 186 190 194 198)
pace=("4:20" "4:35" "4:50" "5:05" "5:20" "5:40")
levels=(beginner intermediate advanced)
: >"$work/config.toml"
for i in $(seq 1 "$n"); do
  name=$(printf 'athlete%02d' "$i")
  [ -d "$work/demo/$name" ] || "$work/easyday" demo --weeks "$weeks" --seed "$i" --end 2026-11-22 "$work/demo/$name" >/dev/null
  cat >>"$work/config.toml" <<TOML
[athletes.$name]
name = "Athlete $i"
folder = "$work/demo/$name"
db = "$work/db/$name.db"
tz = "Europe/Berlin"
max_hr = ${maxhr[$((i % 6))]}
marathon_pace = "${pace[$((i % 6))]}"
level = "${levels[$((i % 3))]}"

TOML
done
files=$(find "$work/demo" -type f \( -name '*.fit' -o -name '*.gpx' -o -name '*.tcx' \) | wc -l)
echo "squad: $n athletes × $weeks weeks: $files files, $(du -sh "$work/demo" | cut -f1)"
rm -rf "$work/db" "$work/out-reports"
mkdir -p "$work/db"
timev first-sync-all "$work/easyday" --config "$work/config.toml" sync --all --out "$work/out-reports"
cat "$work/err"
# The nightly no-op is the first run of a day: each athlete's week in progress, index and
# advice are built again for the new day, and every athlete's row of the team index. Dating
# each athlete's record (.easyday-sync) a day back and removing the rows kept from the last
# run (.easyday-squad) makes that case today.
yesterday=$(date -d yesterday +%F)
for run in 1 2 3; do
  rm -f "$work/out-reports/.easyday-squad"
  sed -i "s/^  \"day\": \"[0-9-]*\"/  \"day\": \"$yesterday\"/" "$work"/out-reports/*/.easyday-sync
  timev noop-sync-all-new-day "$work/easyday" --config "$work/config.toml" sync --all --out "$work/out-reports"
  cat "$work/err"
done
for run in 1 2 3; do
  timev noop-sync-all-same-day "$work/easyday" --config "$work/config.toml" sync --all --out "$work/out-reports"
  cat "$work/err"
done
timev digest "$work/easyday" --config "$work/config.toml" digest
echo "digest: $(wc -l <"$work/out") lines"
timev digest-again "$work/easyday" --config "$work/config.toml" digest
echo "digest again: $(wc -c <"$work/out") bytes"
