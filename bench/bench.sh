#!/usr/bin/env bash
# Whole-process benchmark: generates `easyday demo --weeks $WEEKS --seed 1` once, then measures
# in the same run: the floor, a bare parallel decode of every file with the library of its format
# (muktihari/fit, gpxgo, encoding/xml), and of the FIT files alone; the full `easyday import`; the
# no-op re-import; the import of the FIT files alone (to set beside their floor);
# `report --format html` for every week; the season of the whole history (`season`, text and
# html), `advice`, the default `report` (four weeks, with the season's flags and summary) and
# a first and a no-op `sync`; `inspect --json` over the whole archive (it streams: its memory
# must not grow with the archive); each with its peak memory (/usr/bin/time).
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
timev bare-decode-fit "$work/baredecode" -fit "$work/demo"
cat "$work/out"
export EASYDAY_DB="$work/bench.db"
# The demo athlete's max HR, set: the imports measured here decode, analyse and store; without
# it they would also estimate the profile and analyse everything again (README measures that).
export XDG_CONFIG_HOME="$work/xdg"
mkdir -p "$XDG_CONFIG_HOME/easyday" && printf 'max_hr = 190\n' >"$XDG_CONFIG_HOME/easyday/config.toml"
timev import "$work/easyday" import "$work/demo"
cat "$work/err"
timev noop-reimport "$work/easyday" import "$work/demo"
cat "$work/err"
mkdir "$work/fit"
find "$work/demo" -type f -name '*.fit' -exec ln {} "$work/fit/" \;
EASYDAY_DB="$work/fit.db" timev import-fit "$work/easyday" import "$work/fit"
cat "$work/err"
timev inspect-json "$work/easyday" inspect --json "$work/demo"
echo "inspect --json: $(grep -c '"file":' "$work/out") items"
first=$(date -d "2026-11-22 -$((weeks * 7)) days" +%F)
timev report-html-all "$work/easyday" report --from "$first" --to 2026-11-22 --format html --out "$work/html"
echo "$(ls "$work/html" | wc -l) HTML files"
timev season "$work/easyday" season --to 2026-11-22
timev season-html "$work/easyday" season --to 2026-11-22 --format html
timev advice "$work/easyday" advice --date 2026-11-23
timev report-4-weeks "$work/easyday" report --from 2026-10-26 --to 2026-11-22
timev sync "$work/easyday" sync "$work/demo" --out "$work/synced"
timev sync-noop "$work/easyday" sync "$work/demo" --out "$work/synced"
# ratio A B [SCALE]: A's time over B's (times SCALE); "n/a" where B took under the timer's 0.01 s
# (the two-week smoke run), instead of bc's division by zero.
ratio() {
  local a b
  a=$(cat "$work/$1.secs") b=$(cat "$work/$2.secs")
  if [ "$(echo "$b > 0" | bc -l)" = 1 ]; then printf '%.2f' "$(echo "${3:-1}*$a/$b" | bc -l)"; else printf 'n/a'; fi
}
echo "ratios: import / bare decode = $(ratio import bare-decode); FIT import / FIT bare decode = $(ratio import-fit bare-decode-fit); no-op / import = $(ratio noop-reimport import 100)%"
