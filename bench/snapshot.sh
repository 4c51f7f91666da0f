#!/usr/bin/env bash
# Refactor guard: writes every user-visible output of easyday over a 52-week demo and the shared
# corpus into OUT, so that two builds can be compared byte for byte (diff -r BEFORE AFTER).
# Usage: bench/snapshot.sh OUT [BIN]   (BIN defaults to a fresh build of ./cmd/easyday)
# Example: bench/snapshot.sh /tmp/after && diff -r /tmp/wt16-before /tmp/after
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
bin=${2:-}
# A fixed work folder: file paths appear in the outputs, so both runs must use the same one.
work=${SNAPSHOT_WORK:-/tmp/easyday-snapshot-work}
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
if [ -z "$bin" ]; then go build -o "$work/easyday" ./cmd/easyday; bin="$work/easyday"; fi
rm -rf "$out"; mkdir -p "$out"
demo="$work/demo"
"$bin" demo "$demo" --weeks 52 --seed 7 --end 2026-11-29 >/dev/null 2>&1
export EASYDAY_DB="$work/store.db" XDG_CONFIG_HOME="$work/config"
e() { "$bin" --tz Europe/Berlin "$@"; }
e profile --set max_hr=190 --set marathon_pace=4:50 >/dev/null
e import "$demo" 2>/dev/null
for units in metric imperial; do
  for f in json text md csv; do
    e --units "$units" report --from 2025-11-30 --to 2026-11-29 --format "$f" >"$out/report-$units.$f"
  done
  e --units "$units" report --from 2025-11-30 --to 2026-11-29 --format html --out "$out/html-$units" >/dev/null
  e --units "$units" list --json >"$out/list-$units.json"
  e --units "$units" list >"$out/list-$units.txt"
  e --units "$units" profile >"$out/profile-$units.txt"
  for f in text json; do
    e --units "$units" season --from 2025-11-30 --to 2026-11-29 --format "$f" >"$out/season-$units.$f" 2>&1 || true
  done
  e --units "$units" advice --date 2026-11-30 --json >"$out/advice-$units.json" 2>&1 || true
done
e profile --json >"$out/profile.json"
# inspect runs from inside the demo folder so that file names do not carry the temp path.
(cd "$demo" && "$bin" --tz Europe/Berlin inspect --json $(find . -type f \( -name '*.fit' -o -name '*.gpx' -o -name '*.tcx' \) | sort) >"$out/inspect-demo.json" 2>"$out/inspect-demo.err" || true)
(cd "$demo" && "$bin" --tz Europe/Berlin inspect $(find . -type f \( -name '*.fit' -o -name '*.gpx' -o -name '*.tcx' \) | sort | head -20) >"$out/inspect-demo.txt" 2>&1 || true)
if [ -d ../shared/corpus ]; then
  (cd ../shared/corpus && mapfile -t files < <(find . -type f \( -name '*.fit' -o -name '*.gpx' -o -name '*.tcx' -o -name '*.gz' \) | sort) &&
    EASYDAY_DB=/nonexistent/none.db "$bin" --tz Europe/Berlin inspect --json "${files[@]}" >"$out/inspect-corpus.json" 2>"$out/inspect-corpus.err" || true)
  (cd ../shared/corpus && mapfile -t files < <(find . -type f \( -name '*.fit' -o -name '*.gpx' -o -name '*.tcx' -o -name '*.gz' \) | sort) &&
    "$bin" --tz Europe/Berlin --units imperial inspect --json "${files[@]}" >"$out/inspect-corpus-imperial-store.json" 2>/dev/null || true)
fi
echo "snapshot in $out: $(find "$out" -type f | wc -l) files"
