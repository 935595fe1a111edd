#!/usr/bin/env python3
"""Runner start to first request: for each start, the wall time from just before the JVM is exec'd
(`java -jar JAR http --url http://127.0.0.1:PORT/ -c 1 --duration 1s`) to the first request this script's
loopback HTTP server sees, and the CPU time (user+sys, every thread, /proc/PID/stat) the JVM had used by
then. With several jars the starts are interleaved (A B B A A B ...) so load from elsewhere hits each alike.

usage: bench/startup.py STARTS JAR [JAR...]
prints one line per jar: JAR median_wall_ms median_cpu_ms min_wall_ms max_wall_ms starts"""
import http.server
import os
import socketserver
import statistics
import subprocess
import sys
import threading
import time

starts, jars = int(sys.argv[1]), sys.argv[2:]
TICK = os.sysconf("SC_CLK_TCK")
seen = {}


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICK


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if "t" not in seen:
            seen["t"] = time.monotonic()
            try:
                seen["cpu"] = cpu_ms(seen["pid"])
            except OSError:
                pass
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Handler)
port = server.server_address[1]
threading.Thread(target=server.serve_forever, daemon=True).start()
wall = {j: [] for j in jars}
cpu = {j: [] for j in jars}
for i in range(starts):
    for jar in (jars if i % 2 == 0 else jars[::-1]):
        seen.clear()
        t0 = time.monotonic()
        p = subprocess.Popen(["java", "-jar", jar, "http", "--url", f"http://127.0.0.1:{port}/", "-c", "1",
                              "--duration", "1s"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen["pid"] = p.pid
        if p.wait(timeout=300) == 0 and "t" in seen:
            wall[jar].append((seen["t"] - t0) * 1000)
            if "cpu" in seen:
                cpu[jar].append(seen["cpu"])
for jar in jars:
    w = sorted(wall[jar])
    if not w:
        print(jar, "failed")
        continue
    c = statistics.median(cpu[jar]) if cpu[jar] else float("nan")
    print(jar, round(statistics.median(w)), round(c), round(w[0]), round(w[-1]), len(w))
