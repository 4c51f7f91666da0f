#!/usr/bin/env bash
# Whole-process benchmark: generates `easyday demo --weeks $WEEKS --seed 1` once, then measures
# in the same run a bare parallel decode of every FIT file with muktihari/fit (the floor), the
# full `easyday import`, the no-op re-import, and `report --format html` for every week, each with
# its peak memory (/usr/bin/time).
# Usage: bench/bench.sh [WEEKS]   (default 520: ten years). CI runs it with a few weeks as a smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
weeks=${1:-520}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/easyday" ./cmd/easyday
go build -o "$work/baredecode" ./internal/tools/baredecode
timev() { # timev NAME CMD...: runs CMD, prints its wall time and peak RSS
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err"; return 1; }
  read -r secs kb <"$work/time"
  printf '%-28s %8.2f s  %7.1f MB peak\n' "$name" "$secs" "$(echo "$kb/1024" | bc -l)"
  echo "$secs" >"$work/$name.secs"
}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }
"$work/easyday" demo --weeks "$weeks" --seed 1 --end 2026-11-22 "$work/demo" 2>&1
files=$(find "$work/demo" -type f \( -name '*.fit' -o -name '*.gpx' -o -name '*.tcx' \) | wc -l)
fits=$(find "$work/demo" -type f -name '*.fit' | wc -l)
echo "archive: $files files ($fits FIT), $(du -sh "$work/demo" | cut -f1)"
timev bare-decode "$work/baredecode" "$work/demo"
cat "$work/out"
export EASYDAY_DB="$work/bench.db"
timev import "$work/easyday" import "$work/demo"
cat "$work/err"
timev noop-reimport "$work/easyday" import "$work/demo"
cat "$work/err"
first=$(date -d "2026-11-22 -$((weeks * 7)) days" +%F)
timev report-html-all "$work/easyday" report --from "$first" --to 2026-11-22 --format html --out "$work/html"
echo "$(ls "$work/html" | wc -l) HTML files"
b=$(cat "$work/bare-decode.secs"); i=$(cat "$work/import.secs"); n=$(cat "$work/noop-reimport.secs")
echo "ratios: import / bare decode = $(echo "$i/$b" | bc -l | cut -c1-5); no-op / import = $(echo "100*$n/$i" | bc -l | cut -c1-5)%"
