#!/usr/bin/env bash
# Peak memory and time of easyday on hostile inputs (issue 15): writes them with
# internal/tools/hostile, then runs `import --jobs 8` and `inspect` on each under
# /usr/bin/time. Nothing is asserted: the figures go to README's "Reliability" section.
# Usage: bench/hostile.sh   (ONLY="overlap.zip same" measures only those)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package: time)"; exit 1; }
go build -o "$work/easyday" ./cmd/easyday
go build -o "$work/hostile" ./internal/tools/hostile
"$work/hostile" "$work/in"
timev() { # timev NAME CMD...: runs CMD, prints its wall time, peak RSS and the last line of stderr
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
  read -r secs kb < <(tail -1 "$work/time")
  printf '%-34s %7.2f s  %7.1f MB peak  %s\n' "$name" "$secs" "$(echo "$kb/1024" | bc -l)" "$(tail -c 160 "$work/err" | tail -1)"
}
for f in ${ONLY:-nested.gpx.gz nested-60m.gpx.gz overlap.zip fat-nested.zip stored-nested.zip sessions.fit.gz same}; do
  printf '%-18s %s\n' "$f" "$(du -sh "$work/in/$f" | cut -f1)"
  timev "import --jobs 8 $f" "$work/easyday" --db "$work/$f.db" import --jobs 8 "$work/in/$f"
  timev "import again $f" "$work/easyday" --db "$work/$f.db" import --jobs 8 "$work/in/$f"
  timev "inspect $f" "$work/easyday" --db "$work/none.db" inspect "$work/in/$f"
done
