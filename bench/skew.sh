#!/usr/bin/env bash
# Start skew of a 20-pod run in local mode (status.barrier.skewMillis: latest minus earliest measured start of
# the runners; goal < 10 ms). Runs bench/skew-run.yaml twice (-a, -b) in one local cluster, then
# `report` on the second with the first as baseline: the report path of a local-mode run, end to end.
set -euo pipefail
out=$1
cd "$(dirname "$0")/.."
jar=cli/target/regatta.jar
work=$(mktemp -d /tmp/regatta-skew.XXXXXX)
kc=$work/kubeconfig
# pods per region (two regions); BENCH_QUICK=1 makes it 2, a smoke test of the path, not of the goal
per=${SKEW_PODS_PER_REGION:-$([ "${BENCH_QUICK:-0}" = 1 ] && echo 2 || echo 10)}
java -jar "$jar" local --serve --kubeconfig "$kc" --work-dir "$work/local" > "$work/local.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  [ -f "$kc" ] && kubectl --kubeconfig "$kc" get ns >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$work/local.log"; exit 1; }
  sleep 0.2
done
k() { kubectl --kubeconfig "$kc" -n default "$@"; }
rows=()
for suffix in a b; do
  name=skew20-$suffix
  sed -e "s/name: skew20$/name: $name/" -e "s/pods: 10}/pods: $per}/" bench/skew-run.yaml | k apply -f - >/dev/null
  for _ in $(seq 1200); do
    phase=$(k get br "$name" -o jsonpath='{.status.phase}' 2>/dev/null || true)
    case "$phase" in Succeeded|Failed) break ;; esac
    sleep 0.5
  done
  [ "$phase" = Succeeded ] || { echo "$name: $phase: $(k get br "$name" -o jsonpath='{.status.message}')"; exit 1; }
  skew=$(k get br "$name" -o jsonpath='{.status.barrier.skewMillis}')
  wait_s=$(k get br "$name" -o jsonpath='{.status.barrier.waitSeconds}')
  pods=$(k get br "$name" -o jsonpath='{.status.podSummary}')
  rows+=("| $name | $pods | $wait_s s | $skew ms | $(python3 -c "print('met' if float('$skew') < 10 else '**missed**')") |")
done
java -jar "$jar" report skew20-b --baseline skew20-a --kubeconfig "$kc" -n default --out "$work/report" \
  > "$work/report.log" 2>&1 || true
{
  echo
  echo "## Start skew: a $((2 * per))-pod run in local mode (2 regions × $per pods, a redis-server sidecar each)"
  echo
  echo "| run | pods | barrier wait (creation → all ready) | start skew (max − min measured start) | goal < 10 ms |"
  echo "|---|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "$((2 * per)) runner JVMs and $((2 * per)) redis-servers on this machine's $(nproc) cores. Every runner sleeps until the"
  echo "published start instant on the same clock; a runner that is (re)started after that instant starts at once,"
  echo "and its lateness is in the skew (docs/PROTOCOL.md)."
  echo
  echo "The same local-mode runs through \`report skew20-b --baseline skew20-a\`: $(ls "$work/report" 2>/dev/null | tr '\n' ' ')"
  echo '```'
  grep -v ' WARN ' "$work/report.log" | sed -n '1,12p'
  echo '```'
} > "$out"
