#!/usr/bin/env bash
# Makes sure this machine has what a make target needs, as Debian packages:
#   run   (make run):   a JDK and Maven (to build), redis-server (the runs' Redis sidecars)
#   test  (make test):  the same, plus redis-tools and nginx (real servers the tests start on loopback),
#                       chromium (renders the HTML report headless in a test), lua5.4 (runs the Argo CD
#                       health script), python3 with python3-requests (the external-tool tests' load script)
#                       and python3-httpx, -aiohttp, -boto3, -fsspec (examples/io-client-python.yaml's libraries),
#                       and prometheus (scrapes the operator's /metrics during a live run in a test)
#   bench (make bench): test, plus wrk
# Installs what is missing when run as root with apt-get; otherwise prints one line saying how, and fails.
# kubectl is checked by the tests that use it.
set -euo pipefail
target="${1:-test}"
missing=()
need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || missing+=("$2")
}
need_py() { # need_py MODULE PACKAGE: Debian's python3 (/usr/bin/python3, which the tests prefer) must import it
  /usr/bin/python3 -c "import $1" >/dev/null 2>&1 || missing+=("$2")
}
need java default-jdk-headless
need javac default-jdk-headless
need mvn maven
need redis-server redis-server
case "$target" in
  run) ;;
  test|bench)
    need redis-benchmark redis-tools
    need nginx nginx
    need chromium chromium
    need lua5.4 lua5.4
    need prometheus prometheus
    need python3 python3
    need_py requests python3-requests
    need_py httpx python3-httpx
    need_py aiohttp python3-aiohttp
    need_py boto3 python3-boto3
    need_py fsspec python3-fsspec
    if [ "$target" = bench ] || [ "${REGATTA_NEED_WRK:-0}" = 1 ]; then need wrk wrk; fi
    ;;
  *) echo "usage: $0 [run|test|bench]" >&2; exit 2 ;;
esac
# one package once, in the order found
mapfile -t missing < <(printf '%s\n' "${missing[@]+"${missing[@]}"}" | awk 'NF && !seen[$0]++')
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing ${missing[*]} (Debian packages, for make $target)"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "could not install ${missing[*]} with apt-get (see above); install them, then run make $target again" >&2
    exit 1
  fi
  # The packages start their services on the default ports; local mode and the tests start their own.
  service nginx stop >/dev/null 2>&1 || true
  service redis-server stop >/dev/null 2>&1 || true
  service prometheus stop >/dev/null 2>&1 || true
else
  echo "make $target needs ${missing[*]}: install with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
