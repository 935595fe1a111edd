#!/usr/bin/env bash
# `make bench`: Regatta's own speed, side by side with the reference tools, in one run on this machine.
#   tools     runner vs redis-benchmark (GET, 50 connections, no pipelining and -P 16) and vs wrk -t1 -c50
#             (HTTP closed model, one nginx worker); the runner's CPU per 10k req/s in the open model
#   operator  reconcile a 1,000-pod run on the mock API; merge 1,000 pods x 50 points; status size;
#             the live runs' /metrics series of a 1,000-pod run (CPU per interval, a scrape, heap);
#             the operator following a live 1,000-pod run at 5 s intervals over real HTTP (LiveFollowBench:
#             1,000 loopback endpoints in a child JVM; the operator side's CPU and heap, every interval checked);
#             merge time at 100 / 1,000 / 10,000 pods            (operator/src/test/.../bench, @Tag("bench"))
#   engine    the event-loop engine (issue 15): HTTP open model at rising rates until drops appear, against
#             the closed model's maximum; HTTPS closed model vs wrk over TLS and the HTTPS open model's CPU;
#             gRPC unary closed model against a loopback grpc-java server, with the server's CPU
#   skew      start skew of a 20-pod run in local mode
#   jmh       the runner's recording hot path (JMH, ns and bytes allocated per recorded request)
#   jars      size of the runner, operator and regatta jars; the runner's start to its first request
# Usage: bench/run.sh [PART...]   (default: all parts). Writes docs/BENCHMARKS.md.
# Settings: BENCH_SECONDS (measured seconds per tool, default 10), BENCH_WARMUP (runner warm-up, default 2),
#           BENCH_QUICK=1 (short everything: a smoke run, figures not for publishing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PARTS=("$@")
[ ${#PARTS[@]} -eq 0 ] && PARTS=(tools engine operator skew jmh jars)
SECS=${BENCH_SECONDS:-10}
WARM=${BENCH_WARMUP:-2}
if [ "${BENCH_QUICK:-0}" = 1 ]; then SECS=${BENCH_SECONDS:-2}; WARM=${BENCH_WARMUP:-1}; fi
RUNNER_JAR=$ROOT/runner/target/regatta-runner.jar
OPERATOR_JAR=$ROOT/operator/target/regatta-operator.jar
CLI_JAR=$ROOT/cli/target/regatta.jar
MVN=${MVN:-mvn -B -ntp}
WORK=$(mktemp -d /tmp/regatta-bench.XXXXXX)
chmod 755 "$WORK"   # nginx workers (user nobody) read the static file from here
OUT_MD=$WORK/sections.md
: > "$OUT_MD"
PIDS=()

cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }
section() { printf '\n## %s\n\n' "$1" >> "$OUT_MD"; }
md() { printf '%s\n' "$*" >> "$OUT_MD"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Two or more cores: the server on core 0, the load generator on core 1, for every tool alike, so neither
# steals the other's CPU and each tool gets the same single core.
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
  PIN_SERVER=(taskset -c 0); PIN_CLIENT=(taskset -c 1); PINNING="server on CPU 0, load generator on CPU 1"
else
  PIN_SERVER=(); PIN_CLIENT=(); PINNING="not pinned (one core)"
fi

# --- result rows: tool|ops/s|p50 us|p99 us|ratio  -------------------------------------------------------
runner_json() { # file -> "ops p50 p99 cpuSeconds duration dropped"
  python3 - "$1" <<'PY'
import json,sys
d=json.load(open(sys.argv[1])); s=d["scenarios"][0]; l=s.get("latencyMicros") or {}; r=s.get("resources") or {}
print(s["throughputPerSecond"], l.get("p50",0), l.get("p99",0), r.get("cpuSeconds",""), s["durationSeconds"], s.get("dropped",0))
PY
}

table() { # rows on stdin "tool|ops|p50|p99|ratio|note" -> markdown
  python3 -c '
import sys
def us(v):
    v=float(v)
    return "%d us" % v if v < 1000 else "%.2f ms" % (v/1000)
print("| tool | ops/s | p50 | p99 | ratio |")
print("|---|---:|---:|---:|---:|")
for line in sys.stdin:
    t,ops,p50,p99,ratio=line.rstrip("\n").split("|")[:5]
    print("| %s | %s | %s | %s | %s |" % (t, "{:,.0f}".format(float(ops)), us(p50), us(p99), ratio))
'
}

ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }

need_tools() {
  if ! REGATTA_NEED_WRK=1 ./scripts/ensure-deps.sh; then
    echo "bench: the reference tools are missing. As root: apt-get install -y redis-server redis-tools nginx wrk" >&2
    return 1
  fi
  if [ ! -f "$RUNNER_JAR" ]; then echo "bench: $RUNNER_JAR missing: make build" >&2; return 1; fi
}

wait_redis() { for _ in $(seq 100); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }
wait_http() { for _ in $(seq 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; return 1; }

bench_redis() { # pipeline
  local port=$1 pipe=$2 label rb n probe client
  label="GET, 50 connections$([ "$pipe" -gt 1 ] && echo ", pipeline $pipe" || echo ", no pipelining")"
  say "Redis $label"
  # runner first, then redis-benchmark, against the same server and the same 10,000 keys of 100 bytes
  "${PIN_CLIENT[@]}" java -jar "$RUNNER_JAR" redis --url "redis://127.0.0.1:$port" --op get --connections 50 \
    --pipeline "$pipe" --key-space 10000 --value-size 100 --duration "${SECS}s" --warmup "${WARM}s" \
    --json "$WORK/redis-p$pipe.json" > "$WORK/redis-p$pipe.log" 2>&1 || { cat "$WORK/redis-p$pipe.log"; return 1; }
  read -r r_ops r_p50 r_p99 _ <<< "$(runner_json "$WORK/redis-p$pipe.json")"
  # the summary names the Redis client that ran (nio by default, see docs/MEASUREMENT.md)
  client=$(sed -n 's/^  Client: \([a-z]*\).*/\1/p' "$WORK/redis-p$pipe.log" | head -1)
  # size redis-benchmark's request count to the same measured time
  probe=$("${PIN_CLIENT[@]}" redis-benchmark -p "$port" -c 50 -P "$pipe" -t get -d 100 -r 10000 -n 100000 --csv \
    | awk -F'"' 'NR==2{print int($4)}')
  n=$(( probe * SECS )); [ "$n" -lt 100000 ] && n=100000
  rb=$("${PIN_CLIENT[@]}" redis-benchmark -p "$port" -c 50 -P "$pipe" -t get -d 100 -r 10000 -n "$n" --csv | awk -F'"' 'NR==2{print $4, $10*1000, $14*1000}')
  read -r b_ops b_p50 b_p99 <<< "$rb"
  {
    echo "redis-benchmark -c 50 -t get$([ "$pipe" -gt 1 ] && echo " -P $pipe")|$b_ops|$b_p50|$b_p99|1.00"
    echo "regatta runner redis --op get -c 50$([ "$pipe" -gt 1 ] && echo " -P $pipe") (client ${client:-?})|$r_ops|$r_p50|$r_p99|$(ratio "$r_ops" "$b_ops")"
  } > "$WORK/rows-redis-$pipe"
  REDIS_RATIO[$pipe]=$(ratio "$r_ops" "$b_ops")
  section "Redis $label"
  table < "$WORK/rows-redis-$pipe" | tee -a "$OUT_MD"
  md ""
  md "Goal: runner ≥ 0.9× redis-benchmark. Measured: ${REDIS_RATIO[$pipe]}× ($(python3 -c "print('met' if ${REDIS_RATIO[$pipe]} >= 0.9 else 'missed')"))."
}

start_nginx() { # -> sets NGINX_PORT
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/www" "$WORK/nginx-tmp"
  head -c 1024 /dev/zero | tr '\0' 'x' > "$WORK/www/bench.txt"
  chmod -R a+rX "$WORK/www"
  cat > "$WORK/nginx.conf" <<NGX
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
  }
}
NGX
  "${PIN_SERVER[@]}" /usr/sbin/nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$NGINX_PORT/bench.txt" || { cat "$WORK/nginx-error.log"; return 1; }
}

to_us() { # "1.23ms" -> 1230
  python3 -c "
import re,sys
m=re.match(r'([0-9.]+)(us|ms|s)', sys.argv[1]); v=float(m.group(1))
print(v*{'us':1,'ms':1000,'s':1e6}[m.group(2)])" "$1"
}

bench_http() {
  local url="http://127.0.0.1:$NGINX_PORT/bench.txt" w_ops w_p50 w_p99 r_ops r_p50 r_p99
  say "HTTP closed model, 50 connections, 1 KiB static file, one nginx worker"
  "${PIN_CLIENT[@]}" java -jar "$RUNNER_JAR" http --url "$url" --connections 50 --duration "${SECS}s" \
    --warmup "${WARM}s" --json "$WORK/http-closed.json" > "$WORK/http-closed.log" 2>&1 \
    || { cat "$WORK/http-closed.log"; return 1; }
  read -r r_ops r_p50 r_p99 _ <<< "$(runner_json "$WORK/http-closed.json")"
  "${PIN_CLIENT[@]}" wrk -t1 -c50 -d"${SECS}s" --latency "$url" > "$WORK/wrk.txt"
  w_ops=$(awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt")
  WRK_OPS=$w_ops
  w_p50=$(to_us "$(awk '$1=="50%"{print $2}' "$WORK/wrk.txt")")
  w_p99=$(to_us "$(awk '$1=="99%"{print $2}' "$WORK/wrk.txt")")
  {
    echo "wrk -t1 -c50|$w_ops|$w_p50|$w_p99|1.00"
    echo "regatta runner http -c 50|$r_ops|$r_p50|$r_p99|$(ratio "$r_ops" "$w_ops")"
  } > "$WORK/rows-http"
  HTTP_RATIO=$(ratio "$r_ops" "$w_ops")
  section "HTTP closed model, 50 connections (one nginx worker, 1 KiB file)"
  table < "$WORK/rows-http" | tee -a "$OUT_MD"
  md ""
  md "Goal: runner ≥ 0.8× wrk. Measured: ${HTTP_RATIO}× ($(python3 -c "print('met' if ${HTTP_RATIO} >= 0.8 else 'missed')"))."
}

bench_open() {
  # 10k req/s, or half of what wrk got from this server if that is less: the open model measures the
  # runner's own cost, so the server must keep up with the rate (else the figure is the server's backlog)
  local url="http://127.0.0.1:$NGINX_PORT/bench.txt" rate
  rate=${BENCH_OPEN_RATE:-$(python3 -c "w=float('${WRK_OPS:-0}' or 0); print(10000 if w <= 0 else max(100, min(10000, int(w / 2 / 100) * 100)))")}
  say "HTTP open model at $rate req/s: the runner's own CPU"
  "${PIN_CLIENT[@]}" java -jar "$RUNNER_JAR" http --url "$url" --rate "$rate" --duration "${SECS}s" \
    --warmup "${WARM}s" --json "$WORK/http-open.json" > "$WORK/http-open.log" 2>&1 \
    || { cat "$WORK/http-open.log"; return 1; }
  read -r ops p50 p99 cpu dur dropped <<< "$(runner_json "$WORK/http-open.json")"
  local line
  line=$(python3 -c "
ops=$ops; cpu='$cpu'; dur=$dur
if cpu == '':
    print('|n/a (no resources in the result)|')
else:
    cores=float(cpu)/dur
    print('%.3f|%.3f' % (cores, cores*10000/ops))")
  section "HTTP open model at $rate req/s: the runner's CPU"
  md "| target rate | achieved ops/s | dropped | p50 | p99 | runner CPU (cores) | CPU per 10k req/s (cores) |"
  md "|---:|---:|---:|---:|---:|---:|---:|"
  md "| $rate | $(printf '%.0f' "$ops") | $dropped | ${p50} us | ${p99} us | ${line%%|*} | ${line##*|} |"
  md ""
  md "CPU seconds of the runner process during the measured window (ResourceUse in its JSON), over the window length."
  tail -4 "$OUT_MD"
}

part_tools() {
  need_tools || { section "Runner vs reference tools"; md "Skipped: reference tools or the runner jar missing (see above)."; return 0; }
  declare -gA REDIS_RATIO
  local port; port=$(free_port)
  "${PIN_SERVER[@]}" redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --logfile "$WORK/redis.log" &
  PIDS+=($!)
  wait_redis "$port"
  # the 10,000 keys both tools read
  redis-benchmark -p "$port" -t set -d 100 -r 10000 -n 200000 -q > /dev/null
  bench_redis "$port" 1 || md "Redis without pipelining: failed, see $WORK"
  bench_redis "$port" 16 || md "Redis with pipeline 16: failed, see $WORK"
  start_nginx
  bench_http || md "HTTP closed model: failed, see $WORK"
  bench_open || md "HTTP open model: failed, see $WORK"
}

# --- engine: the open model, HTTPS and gRPC on the event loops ------------------------------------------
cores_per_10k() { # json -> "ops cores cpu_per_10k dropped p99"
  python3 - "$1" <<'PY'
import json,sys
d=json.load(open(sys.argv[1])); s=d["scenarios"][0]; r=s.get("resources") or {}
ops=s["throughputPerSecond"]; cpu=r.get("cpuSeconds"); dur=s["durationSeconds"]
cores=float(cpu)/dur if cpu not in (None,"") else float("nan")
print("%.0f %.3f %.3f %d %s" % (ops, cores, cores*10000/ops if ops else float("nan"), s.get("dropped",0), (s.get("latencyMicros") or {}).get("p99",0)))
PY
}

proc_cpu() { awk '{print $14+$15}' "/proc/$1/stat"; } # user+sys clock ticks of a process

runner_run() { # name args... -> runs the pinned runner, writes $WORK/name.json, fails loudly
  local name=$1; shift
  "${PIN_CLIENT[@]}" java -jar "$RUNNER_JAR" "$@" --duration "${SECS}s" --warmup "${RUN_WARM:-$WARM}s" \
    --json "$WORK/$name.json" > "$WORK/$name.log" 2>&1 || { cat "$WORK/$name.log"; return 1; }
}

start_nginx_tls() { # -> sets NGINX_TLS_PORT; a self-signed certificate for 127.0.0.1 in $WORK/tls-cert.pem
  NGINX_TLS_PORT=$(free_port)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$WORK/tls-key.pem" \
    -out "$WORK/tls-cert.pem" -subj /CN=regatta-bench -addext subjectAltName=IP:127.0.0.1 -days 2 2>/dev/null
  mkdir -p "$WORK/www" "$WORK/nginx-tls-tmp"
  head -c 1024 /dev/zero | tr '\0' 'x' > "$WORK/www/bench.txt"
  chmod -R a+rX "$WORK/www"
  cat > "$WORK/nginx-tls.conf" <<NGX
worker_processes 1;
daemon off;
pid $WORK/nginx-tls.pid;
error_log $WORK/nginx-tls-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  client_body_temp_path $WORK/nginx-tls-tmp/body;
  proxy_temp_path $WORK/nginx-tls-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tls-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tls-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tls-tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_TLS_PORT ssl;
    ssl_certificate $WORK/tls-cert.pem;
    ssl_certificate_key $WORK/tls-key.pem;
    ssl_protocols TLSv1.3;
    root $WORK/www;
  }
}
NGX
  "${PIN_SERVER[@]}" /usr/sbin/nginx -c "$WORK/nginx-tls.conf" -e "$WORK/nginx-tls-error.log" &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf --cacert "$WORK/tls-cert.pem" -o /dev/null "https://127.0.0.1:$NGINX_TLS_PORT/bench.txt" && return 0; sleep 0.1; done
  cat "$WORK/nginx-tls-error.log"; return 1
}

bench_open_sweep() {
  local url="http://127.0.0.1:$NGINX_PORT/bench.txt" c_ops c_cores c_per _ f rate best="" best_per="" o_ops o_cores o_per o_drop o_p99
  say "HTTP open model at rising rates, against the closed model's maximum"
  runner_run engine-closed http --url "$url" --connections 50 || return 1
  read -r c_ops c_cores c_per _ _ <<< "$(cores_per_10k "$WORK/engine-closed.json")"
  section "HTTP open model at rising rates until drops appear (one nginx worker, 1 KiB file)"
  md "Closed model, 50 connections: **$(printf "%'.0f" "$c_ops") req/s**, runner $c_cores cores = **$c_per cores per 10k req/s**."
  md ""
  md "| rate (× closed max) | target req/s | achieved ops/s | dropped | p99 | runner CPU (cores) | CPU per 10k req/s |"
  md "|---:|---:|---:|---:|---:|---:|---:|"
  for f in 0.5 0.6 0.7 0.8 0.9 1.0 1.1; do
    rate=$(python3 -c "print(int($c_ops * $f))")
    runner_run "engine-open-$f" http --url "$url" --rate "$rate" --connections 200 || return 1
    read -r o_ops o_cores o_per o_drop o_p99 <<< "$(cores_per_10k "$WORK/engine-open-$f.json")"
    md "| $f | $rate | $o_ops | $o_drop | ${o_p99} us | $o_cores | $o_per |"
    if [ "$o_drop" -eq 0 ]; then best=$rate; best_per=$o_per; else break; fi
  done
  md ""
  if [ -n "$best" ]; then
    md "Highest drop-free rate: **$best req/s = $(ratio "$best" "$c_ops")× the closed maximum** (goal ≥ 0.7×); open-model CPU per 10k"
    md "req/s there $best_per cores = **$(ratio "$best_per" "$c_per")× the closed model's** (goal ≤ 1.5×). Open model with 200 connections"
    md "(most requests in flight), 1 s drop bound; the rate steps are 10% of the closed maximum, so the drop-free rate is"
    md "known to that step."
  else
    md "Drops already at half the closed maximum: see the rows."
  fi
}

bench_https() {
  local url="https://127.0.0.1:$NGINX_TLS_PORT/bench.txt" r_ops r_p50 r_p99 w_ops w_p50 w_p99 rate o_ops o_cores o_per o_drop o_p99
  say "HTTPS closed model against wrk over TLS, and the HTTPS open model's CPU"
  runner_run engine-https-closed http --url "$url" --cacert "$WORK/tls-cert.pem" --connections 50 || return 1
  read -r r_ops r_p50 r_p99 _ <<< "$(runner_json "$WORK/engine-https-closed.json")"
  "${PIN_CLIENT[@]}" wrk -t1 -c50 -d"${SECS}s" --latency "$url" > "$WORK/wrk-tls.txt"
  w_ops=$(awk '/Requests\/sec/{print $2}' "$WORK/wrk-tls.txt")
  w_p50=$(to_us "$(awk '$1=="50%"{print $2}' "$WORK/wrk-tls.txt")")
  w_p99=$(to_us "$(awk '$1=="99%"{print $2}' "$WORK/wrk-tls.txt")")
  {
    echo "wrk -t1 -c50 (TLS)|$w_ops|$w_p50|$w_p99|1.00"
    echo "regatta runner http -c 50 (TLS, SSLEngine on the event loop)|$r_ops|$r_p50|$r_p99|$(ratio "$r_ops" "$w_ops")"
  } > "$WORK/rows-https"
  section "HTTPS closed model, 50 connections (one nginx worker, TLS 1.3, 1 KiB file)"
  table < "$WORK/rows-https" | tee -a "$OUT_MD"
  md ""
  md "Goal: runner ≥ 0.8× wrk. Measured: $(ratio "$r_ops" "$w_ops")× ($(python3 -c "print('met' if $r_ops / $w_ops >= 0.8 else 'missed')"))."
  rate=$(python3 -c "print(max(100, int($r_ops / 2 / 100) * 100))")
  runner_run engine-https-open http --url "$url" --cacert "$WORK/tls-cert.pem" --rate "$rate" --connections 200 || return 1
  read -r o_ops o_cores o_per o_drop o_p99 <<< "$(cores_per_10k "$WORK/engine-https-open.json")"
  md ""
  md "HTTPS open model at $rate req/s (half the closed figure): achieved $o_ops ops/s, dropped $o_drop, p99 ${o_p99} us,"
  md "runner $o_cores cores = **$o_per cores per 10k req/s**."
}

bench_grpc() {
  local port cp pid before after o_ops o_cores o_per _ r_p50 r_p99 server_cores
  # grpc-java, Netty and protobuf take the JIT longer than the HTTP client: by hand, 5 s windows after a 3 s
  # warm-up went 173, 740, 355, 1059 calls/s on a busy machine; a longer warm-up keeps the JIT out of the window
  local gwarm=${BENCH_GRPC_WARMUP:-10}
  [ "${BENCH_QUICK:-0}" = 1 ] && gwarm=$WARM
  say "gRPC unary closed model against a loopback grpc-java server"
  port=$(free_port)
  # -am: the stand-ins' dependencies as this tree declares them (the last module written, the runner's, is kept)
  $MVN -o -q -pl runner -am dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/grpc-cp.txt" \
    > "$WORK/grpc-cp.log" 2>&1 || { cat "$WORK/grpc-cp.log"; return 1; }
  [ -d "$ROOT/runner/target/test-classes" ] && [ -d "$ROOT/standins/target/classes" ] \
    || { echo "runner test classes or stand-in classes missing: mvn -o package -DskipTests" >&2; return 1; }
  # the tests' server (GrpcTestServer: regatta.test.Echo on the stand-ins' DescriptorGrpcServer, reflection on),
  # one Netty I/O thread, on the server core; this tree's stand-ins first, before any installed copy
  "${PIN_SERVER[@]}" java -cp "$ROOT/runner/target/test-classes:$ROOT/standins/target/classes:$(cat "$WORK/grpc-cp.txt")" \
    dev.regatta.runner.testing.GrpcTestServer "$port" 1 > "$WORK/grpc-server.log" 2>&1 &
  pid=$!; PIDS+=($pid)
  for _ in $(seq 200); do grep -q listening "$WORK/grpc-server.log" && break; sleep 0.1; done
  grep -q listening "$WORK/grpc-server.log" || { cat "$WORK/grpc-server.log"; return 1; }
  # prime the server's JIT the same way for every run: one unmeasured run first
  "${PIN_CLIENT[@]}" java -jar "$RUNNER_JAR" grpc --target "127.0.0.1:$port" --method regatta.test.Echo/Say \
    --data '{"size": 100}' --connections 50 --duration "${WARM}s" > /dev/null 2>&1 || true
  before=$(proc_cpu "$pid")
  RUN_WARM=$gwarm runner_run engine-grpc grpc --target "127.0.0.1:$port" --method regatta.test.Echo/Say \
    --data '{"size": 100}' --connections 50 || return 1
  after=$(proc_cpu "$pid")
  read -r o_ops o_cores o_per _ _ <<< "$(cores_per_10k "$WORK/engine-grpc.json")"
  read -r _ r_p50 r_p99 _ <<< "$(runner_json "$WORK/engine-grpc.json")"
  # the server's CPU over the runner's warm-up and window together (what /proc can tell from outside)
  server_cores=$(python3 -c "print('%.2f' % (($after - $before) / $(getconf CLK_TCK) / ($SECS + $gwarm)))")
  section "gRPC unary closed model, 50 calls in flight on one HTTP/2 connection (grpc-java server on loopback)"
  md "| ops/s | p50 | p99 | runner CPU (cores) | runner CPU per 10k req/s | server CPU (cores) |"
  md "|---:|---:|---:|---:|---:|---:|"
  md "| $o_ops | ${r_p50} us | ${r_p99} us | $o_cores | $o_per | $server_cores |"
  md ""
  md "The server is the runner's tests' GrpcTestServer (regatta.test.Echo/Say, 100-byte replies, one Netty I/O"
  md "thread, pinned to the server core); its CPU is read from /proc over the runner's warm-up and window. Whichever"
  md "of the two is near 1.0 core is the bottleneck."
}

part_engine() {
  need_tools || { section "The event-loop engine"; md "Skipped: reference tools or the runner jar missing (see above)."; return 0; }
  [ -n "${NGINX_PORT:-}" ] || start_nginx
  local load_before; load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  bench_open_sweep || md "HTTP open-model sweep: failed, see $WORK"
  start_nginx_tls && { bench_https || md "HTTPS: failed, see $WORK"; } || md "HTTPS: nginx with TLS did not start, see $WORK"
  bench_grpc || md "gRPC: failed, see $WORK"
  # figures from a machine busy with other work are not the runner's: say how busy it was
  md ""
  md "Load average (1, 5, 15 min) on this $(nproc)-core machine: $load_before before the engine part, $(cut -d' ' -f1-3 /proc/loadavg) after."
}

part_operator() {
  say "Operator at scale (mock API) and merge"
  local f=$WORK/operator.md
  # one reactor build (-am), so the operator tests run against this tree's api, not whatever is in ~/.m2
  if $MVN -pl operator -am test -Pbench -Dtest='dev.regatta.bench.*Bench' -Dsurefire.failIfNoSpecifiedTests=false \
       -Dregatta.bench.out="$f" -Dregatta.bench.quick="${BENCH_QUICK:-0}" > "$WORK/operator-bench.log" 2>&1; then
    cat "$f" | tee -a "$OUT_MD"
  else
    grep -E "ERROR|FAIL|Tests run" "$WORK/operator-bench.log" | head -20 || true
    section "Operator at scale"
    [ -s "$f" ] && cat "$f" | tee -a "$OUT_MD"
    md "Failed: see \`$MVN -pl operator -am test -Pbench\` (log kept in $WORK/operator-bench.log)."
  fi
}

part_skew() {
  say "Start skew, 20-pod run in local mode"
  local f=$WORK/skew.md
  if [ -f "$CLI_JAR" ] && bench/skew.sh "$f" > "$WORK/skew.log" 2>&1; then
    cat "$f" | tee -a "$OUT_MD"
  else
    tail -20 "$WORK/skew.log" 2>/dev/null || true
    section "Start skew (local mode, 20 pods)"
    md "Failed or not available: see bench/skew.sh (log kept in $WORK/skew.log)."
  fi
}

part_jmh() {
  say "JMH: the runner's recording hot path"
  local f=$WORK/jmh.md
  if bench/jmh.sh "$f" > "$WORK/jmh.log" 2>&1; then
    cat "$f" | tee -a "$OUT_MD"
  else
    tail -20 "$WORK/jmh.log"
    section "Recording hot path (JMH)"
    md "Failed: see bench/jmh.sh (log kept in $WORK/jmh.log)."
  fi
}

part_jars() {
  say "Jar sizes and the runner's start"
  section "Jars: size, and the runner's start to its first request"
  md "Goals: runner jar < 50 MB (pulled by every runner pod), operator jar < 35 MB; \`make build\` writes all three."
  md ""
  md "| jar | size | entries |"
  md "|---|---:|---:|"
  local j
  for j in "$RUNNER_JAR" "$OPERATOR_JAR" "$CLI_JAR"; do
    if [ -f "$j" ]; then
      md "| ${j#$ROOT/} | $(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1])/1e6:.1f} MB')" "$j") | $(python3 -c "import zipfile,sys; print(f'{len(zipfile.ZipFile(sys.argv[1]).namelist()):,}')" "$j") |"
    else
      md "| ${j#$ROOT/} | missing (make build) | |"
    fi
  done
  [ -f "$RUNNER_JAR" ] || return 0
  local starts=${BENCH_STARTS:-15}
  [ "${BENCH_QUICK:-0}" = 1 ] && starts=3
  local line
  line=$(bench/startup.py "$starts" "$RUNNER_JAR") || { md ""; md "Runner start: failed."; return 0; }
  read -r _ wall cpu lo hi n <<< "$line"
  md ""
  md "Runner start to first request (\`java -jar regatta-runner.jar http --url http://127.0.0.1:PORT/ -c 1 --duration 1s\`"
  md "against bench/startup.py's loopback server; from just before the JVM is exec'd to the first request the"
  md "server sees): median **$wall ms** wall (min $lo, max $hi) over $n starts, $cpu ms of CPU (user+sys, every"
  md "thread) by then."
  tail -12 "$OUT_MD"
}

for p in "${PARTS[@]}"; do
  case "$p" in
    tools) part_tools ;;
    engine) part_engine ;;
    operator) part_operator ;;
    skew) part_skew ;;
    jmh) part_jmh ;;
    jars) part_jars ;;
    *) echo "bench: unknown part '$p' (tools, engine, operator, skew, jmh, jars)" >&2; exit 2 ;;
  esac
done

bench/write-doc.sh "$OUT_MD" "$PINNING" "$SECS" "${PARTS[*]}"
echo
echo "wrote docs/BENCHMARKS.md (work files in $WORK)"
