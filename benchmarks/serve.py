"""Throughput and latency of ``jobclass serve`` on loopback, beside ``jobclass classify --jobs 2``.

Starts the server (``--no-access-log``), drives it with wrk (Debian's ``wrk``) and prints:
- single-posting ``POST /v1/classify`` requests at 1, 16 and 64 keep-alive connections: requests/s,
  p50 and p99 latency (100 different postings from the shared remote-jobs file, in turn);
- 1,000-posting requests (two connections, a bounded loop): postings/s;
- ``jobclass classify --jobs 2`` on the same postings (a CSV file, process start included): postings/s.

    python benchmarks/serve.py [--workers 1 2] [--seconds 10] [--batches 8]

Every request goes to 127.0.0.1 and every loop is bounded in count or time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import POSTINGS, require  # noqa: E402

LUA = """
local bodies = {}
local count = %d
for index = 1, count do
  local file = io.open(string.format("%s/%%d.json", index), "rb")
  bodies[index] = file:read("*a")
  file:close()
end
local next_body = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  next_body = next_body %% count + 1
  return wrk.format(nil, "/v1/classify", nil, bodies[next_body])
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    command = [shutil.which("jobclass") or "jobclass", "serve", "--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(command + ["--no-access-log"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                if response.status == 200:
                    return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit("the server did not get ready in 60 s")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wrk(port: int, script: Path, connections: int, seconds: int) -> dict[str, float]:
    """requests/s, p50 and p99 (ms) and non-2xx responses of one wrk run (one thread: the server needs the cores)."""
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def latency(percent: str) -> float:
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * units[unit]

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def batched(port: int, bodies: list[bytes], connections: int = 2) -> float:
    """postings/s sending every 1,000-posting body once, over ``connections`` keep-alive connections."""
    pending = list(range(len(bodies)))
    lock = threading.Lock()
    failures: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not pending:
                    break
                index = pending.pop()
            connection.request("POST", "/v1/classify", bodies[index], {"Content-Type": "application/json"})
            response = connection.getresponse()
            reply = response.read()
            if response.status != 200 or len(json.loads(reply)["results"]) != 1000:
                failures.append(f"status {response.status}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        sys.exit(f"batched requests failed: {failures[:3]}")
    return 1000 * len(bodies) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="server processes to measure")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--batches", type=int, default=8, help="1,000-posting requests to send")
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("needs wrk (Debian: apt-get install wrk)")
    import pandas as pd

    frame = pd.read_csv(require(POSTINGS), usecols=["id", "description"], dtype=str).dropna()
    singles = frame.iloc[:100]
    batch_rows = frame.iloc[: 1000 * arguments.batches]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "bodies").mkdir()
        for index, row in enumerate(singles.itertuples(), start=1):
            body = {"postings": [{"id": row.id, "description": row.description}]}
            (work / "bodies" / f"{index}.json").write_text(json.dumps(body))
        script = work / "post.lua"
        script.write_text(LUA % (len(singles), work / "bodies"))
        bodies = [
            json.dumps({"postings": batch_rows.iloc[start : start + 1000].to_dict("records")}).encode()
            for start in range(0, len(batch_rows), 1000)
        ]
        print(f"postings: {POSTINGS.name}; median {int(frame.description.str.len().median()):,} characters")
        print(f"1,000-posting bodies: {min(map(len, bodies)) / 1e6:.1f} to {max(map(len, bodies)) / 1e6:.1f} MB")
        print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.2f}")
        print()
        print("| server | connections | requests/s | p50 ms | p99 ms | non-2xx |")
        print("|---|---:|---:|---:|---:|---:|")
        batch_rates = {}
        for workers in arguments.workers:
            process, port = start_server(workers)
            try:
                wrk(port, script, 16, 2)  # warm up
                for connections in (1, 16, 64):
                    result = wrk(port, script, connections, arguments.seconds)
                    print(
                        f"| --workers {workers} | {connections} | {result['rps']:,.0f} | {result['p50']:.1f} | "
                        f"{result['p99']:.1f} | {result['non_2xx']}{' ' + result['socket_errors'] if result['socket_errors'] else ''} |",
                        flush=True,
                    )
                batch_rates[workers] = batched(port, bodies)
            finally:
                stop_server(process)
        csv = work / "postings.csv"
        batch_rows.to_csv(csv, index=False)
        jobclass = shutil.which("jobclass") or "jobclass"
        started = time.perf_counter()
        subprocess.run(
            [jobclass, "classify", str(csv), "-o", str(work / "out.csv"), "--jobs", "2", "--quiet"], check=True
        )
        classify_rate = len(batch_rows) / (time.perf_counter() - started)
        print()
        print(f"| {len(batch_rows):,} postings | postings/s | share of classify --jobs 2 |")
        print("|---|---:|---:|")
        for workers, rate in batch_rates.items():
            print(
                f"| serve --workers {workers}, 1,000-posting requests, 2 connections | {rate:,.0f} | {rate / classify_rate:.0%} |"
            )
        print(f"| jobclass classify --jobs 2 (CSV in and out, start included) | {classify_rate:,.0f} | 100% |")
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
