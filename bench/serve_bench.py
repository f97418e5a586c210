"""Service load benchmark: simulated learners on loopback, each looping "next card, answer
it", against `studykit serve` on SQLite and on PostgreSQL, beside bare endpoints of the
same framework (FastAPI on uvicorn, same routes, no work) in the same run.

The load generator is wrk (Debian package) with a Lua script, one connection per learner,
bounded in time; it shares the machine's two cores with the server. Answers/s counts the
review rows the database gained; latencies are wrk's, over all requests.

    .venv/bin/python bench/serve_bench.py [--learners 50] [--seconds 30] [--workers 2]
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--access-log]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from studykit import accounts
from studykit.db import open_store

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = """
from fastapi import FastAPI
app = FastAPI()

@app.get("/api/next")
def next_card():
    return {"card": {"id": "x", "front": "bare"}}

@app.post("/api/reviews", status_code=201)
def answer(body: dict):
    return {"card_id": body.get("card_id"), "rating": body.get("rating")}

"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None:
                log.seek(0)
                raise SystemExit(f"server exited: {log.read().decode()}") from None
            time.sleep(0.1)
    raise SystemExit("server did not start")


def peak_rss_kb(pid: int) -> int:
    """VmHWM of the process and its children (uvicorn's workers)."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        status = Path(f"/proc/{each}/status")
        if status.exists():
            line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM"))
            total += int(line.split()[1])
    return total


LOAD = """
local tokens, pending, n = {}, {}, 0
init = function(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
end
request = function()
  n = n + 1
  local auth = "Bearer " .. tokens[(n % #tokens) + 1]
  local card = table.remove(pending)
  if card then
    return wrk.format("POST", "/api/reviews",
      {["Authorization"] = auth, ["Content-Type"] = "application/json"},
      '{"card_id": "' .. card .. '", "rating": ' .. (n % 4 + 1) .. '}')
  end
  return wrk.format("GET", "/api/next?new_per_day=1000", {["Authorization"] = auth})
end
response = function(status, headers, body)
  local id = body:match('"card":{"id":"([^"]+)"')
  if id then pending[#pending + 1] = id end
end
"""


def load(base: str, tokens: list[str], seconds: float, work: Path) -> dict[str, float]:
    """wrk with one connection per learner: each asks for its next card, then answers it."""
    script, token_file = work / "load.lua", work / f"tokens-{uuid.uuid4().hex}.txt"
    script.write_text(LOAD)
    token_file.write_text("\n".join(tokens) + "\n")
    done = subprocess.run(
        ["wrk", "-t2", f"-c{len(tokens)}", f"-d{seconds:g}s", "--latency", "-s", str(script),
         base, "--", str(token_file)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return _wrk_figures(done.stdout)


def _wrk_figures(report: str) -> dict[str, float]:
    figures: dict[str, float] = {}
    for line in report.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] in ("50%", "99%"):
            figures[words[0]] = _ms(words[1])
        if line.startswith("Requests/sec:"):
            figures["requests/s"] = float(words[1])
    return figures


def _ms(value: str) -> float:
    for unit, scale in (("ms", 1.0), ("us", 0.001), ("s", 1000.0)):
        if value.endswith(unit):
            return float(value[: -len(unit)]) * scale
    return float(value)


def run(name: str, command: list[str], env: dict, port: int, tokens: list[str], args, count):
    """Start a server, load it, and return its row; `count` gives the answers recorded."""
    work = Path(args.work)
    log = open(work / f"{uuid.uuid4().hex}.log", "w+b")  # noqa: SIM115 (a pipe would fill up)
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(port, process, log)
        before = count()
        figures = load(f"http://127.0.0.1:{port}", tokens, args.seconds, work)
        answers = count() - before
        rss = peak_rss_kb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return name, answers / args.seconds, figures, rss / 1024


def service_rows(db: str, label: str, work: Path, args: argparse.Namespace) -> tuple:
    home = work / f"home-{label}"
    env = {**os.environ, "STUDYKIT_HOME": str(home)}
    os.environ["STUDYKIT_HOME"] = str(home)
    with open_store(db) as store:
        tokens = [accounts.add_user(store, f"learner{n}") for n in range(args.learners)]
    port = free_port()
    command = [
        sys.executable, "-m", "studykit", "--notes", str(work / "notes"), "--db", db,
        "serve", "--port", str(port), "--workers", str(args.workers),
        "--quizzes", str(work / f"quizzes-{label}"),
        *([] if args.access_log else ["--no-access-log"]),  # as the floor: no line a request
    ]  # fmt: skip

    def answers() -> int:
        with open_store(db) as store:
            return int(store.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])

    return run(f"studykit, {label}", command, env, port, tokens, args, answers)


def _none() -> int:
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--access-log", action="store_true", help="studykit logs each request")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="studykit-serve-bench-"))
    args.work = str(work)
    shutil.copytree(ROOT / "notes", work / "notes")
    (work / "bare.py").write_text(BARE_APP)
    rows = []
    load = f"{os.getloadavg()[0]:.1f}"
    port = free_port()
    bare = [
        sys.executable, "-m", "uvicorn", "bare:app", "--app-dir", str(work), "--port", str(port),
        "--workers", str(args.workers), "--log-level", "warning",
    ]  # fmt: skip
    tokens = [f"t{n}" for n in range(args.learners)]
    rows.append(run("bare FastAPI endpoints", bare, dict(os.environ), port, tokens, args, _none))
    rows.append(service_rows(str(work / "bench.sqlite3"), "SQLite", work, args))
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    import psycopg

    with psycopg.connect(args.postgres, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            url = f"{args.postgres}?options=-csearch_path%3D{schema}"
            rows.append(service_rows(url, "PostgreSQL", work, args))
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
    print(f"{args.learners} learners, {args.seconds:g} s, {args.workers} uvicorn workers")
    print(f"load average before and after (other work on the machine): {load} -> "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    header = f"{'server':<24} {'answers/s':>9} {'requests/s':>10} {'p50 ms':>7} {'p99 ms':>7}"
    print(header + f" {'RSS MB':>7}")
    for name, rate, figures, rss in rows:
        print(
            f"{name:<24} {rate:>9.0f} {figures['requests/s']:>10.0f} {figures['50%']:>7.1f} "
            f"{figures['99%']:>7.1f} {rss:>7.0f}"
        )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
