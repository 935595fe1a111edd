#!/usr/bin/env bash
# Writes docs/BENCHMARKS.md: the machine, the date, the measured sections, then bench/NOTES.md (the
# hand-written explanation of every missed goal, kept between runs).
set -euo pipefail
sections=$1 pinning=$2 secs=$3 parts=$4
cd "$(dirname "$0")/.."
cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
java_v=$(java -version 2>&1 | head -1)
ver() { "$@" 2>&1 | head -1 || true; }
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "| machine | |"
  echo "|---|---|"
  echo "| CPU | $cpu |"
  echo "| cores (nproc) | $(nproc) |"
  echo "| memory | $mem |"
  echo "| kernel | $(uname -r) |"
  echo "| Java | $java_v |"
  command -v redis-server >/dev/null && echo "| redis-server | $(redis-server --version | awk '{print $3}') |"
  command -v wrk >/dev/null && echo "| wrk | $(ver wrk --version | awk '{print $2}') |"
  [ -x /usr/sbin/nginx ] && echo "| nginx | $(/usr/sbin/nginx -v 2>&1 | awk -F/ '{print $2}') |"
  echo "| pinning | $pinning |"
  echo "| measured window | ${secs} s per tool (parts: $parts) |"
  echo
  echo "Every tool runs against the same server in the same run, one after the other. Load on the machine"
  echo "from other processes during the run shows up in every row alike; rerun on a quiet machine for"
  echo "publishable figures."
  cat "$sections"
  if [ -f bench/NOTES.md ]; then
    echo
    cat bench/NOTES.md
  fi
} > docs/BENCHMARKS.md
