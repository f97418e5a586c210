"""Where an answer's time goes, in process: the CPU each request of the answer path costs
(`GET /api/next`, then `POST /api/reviews`), called as uvicorn calls the app (ASGI, no
network), beside bare FastAPI endpoints with the same routes and no work (the floor), and
the core's stages of one answer measured alone.

CPU time (all threads of the process), not wall time: it holds when other work shares
the machine, which the load benchmark (serve_bench.py) cannot claim. Every figure is the
median of 5 rounds of 300 requests.

    .venv/bin/python bench/answer_path_bench.py
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI

ROOT = Path(__file__).resolve().parent.parent
ROUNDS, REQUESTS = 5, 300


def bare_app() -> FastAPI:
    app = FastAPI()

    @app.get("/api/next")
    def next_card() -> dict[str, Any]:
        return {"card": {"id": "x", "front": "bare"}}

    @app.post("/api/reviews", status_code=201)
    def answer(body: dict[str, Any]) -> dict[str, Any]:
        return {"card_id": body.get("card_id"), "rating": body.get("rating")}

    return app


async def call(app: Any, method: str, path: str, token: str, body: bytes = b"") -> bytes:
    """One request as uvicorn makes it; returns the response body."""
    route, _, query = path.partition("?")
    headers = [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())]
    if body:
        headers += [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": route, "raw_path": route.encode(), "root_path": "",
        "query_string": query.encode(), "headers": headers, "client": ("127.0.0.1", 9),
        "server": ("bench", 80),
    }  # fmt: skip
    sent, out = False, bytearray()

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.Event().wait()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        out.extend(message.get("body", b""))

    await app(scope, receive, send)
    return bytes(out)


def cpu_ms(
    run: Callable[[], Awaitable[object]], loop: asyncio.AbstractEventLoop, clients: int = 1
) -> float:
    """Median CPU milliseconds per call over the rounds, `clients` calling at once, all in
    one loop run (as a server's: anyio keeps its worker threads for the life of the task)."""

    async def client(calls: int) -> None:
        for _ in range(calls):
            await run()

    async def rounds() -> list[float]:
        await run()
        found = []
        for _ in range(ROUNDS):
            start = time.process_time()
            await asyncio.gather(*(client(REQUESTS // clients) for _ in range(clients)))
            found.append((time.process_time() - start) / (REQUESTS // clients * clients) * 1000)
        return found

    return statistics.median(loop.run_until_complete(rounds()))


async def counted(run: Callable[[], Awaitable[object]]) -> int:
    """The SQL statements one call makes, on every SQLite connection of the process."""
    from studykit.db import SQLite

    made = 0
    execute, executemany = SQLite.execute, SQLite.executemany

    def count(method: Callable[..., Any]) -> Callable[..., Any]:
        def counting(*args: Any) -> Any:
            nonlocal made
            made += 1
            return method(*args)

        return counting

    SQLite.execute, SQLite.executemany = count(execute), count(executemany)  # type: ignore[method-assign]
    try:
        await run()
    finally:
        SQLite.execute, SQLite.executemany = execute, executemany  # type: ignore[method-assign]
    return made


def stage_ms(run: Callable[[], object]) -> float:
    run()
    rounds = []
    for _ in range(ROUNDS):
        start = time.process_time()
        for _ in range(REQUESTS):
            run()
        rounds.append((time.process_time() - start) / REQUESTS * 1000)
    return statistics.median(rounds)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="studykit-answer-bench-"))
    os.environ["STUDYKIT_HOME"] = str(work)
    shutil.copytree(ROOT / "notes", work / "notes")
    from studykit import accounts
    from studykit.checks import ledger
    from studykit.config import Settings
    from studykit.db import open_store
    from studykit.review import session, store
    from studykit.review.model import Mode, Rating, Selection
    from studykit.review.sync import collection_of, sync
    from studykit.web.app import create_app
    from studykit.web.models import card_out

    target = str(work / "bench.sqlite3")
    learners = 400  # enough cards that every round answers new ones
    with open_store(target) as db:
        tokens = [accounts.add_user(db, f"l{n}") for n in range(learners)]
    app = create_app(Settings(work / "notes", work / "quizzes", target))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    turn = 0

    async def pair(server: Any, token: str) -> None:
        found = json.loads(await call(server, "GET", "/api/next?new_per_day=1000", token))
        card = (found.get("card") or {"id": "x"})["id"]
        answer = json.dumps({"card_id": card, "rating": 3}).encode()
        await call(server, "POST", "/api/reviews", token, answer)

    async def studykit_pair() -> None:
        nonlocal turn
        turn += 1
        await pair(app, tokens[turn % learners])

    bare = bare_app()
    rows = []
    lifespan = app.router.lifespan_context(app)
    loop.run_until_complete(lifespan.__aenter__())
    try:
        for clients in (1, 25):
            each = f"{clients} client{'s' * (clients > 1)}"
            floor = cpu_ms(lambda: pair(bare, "t"), loop, clients)
            rows.append((f"bare FastAPI: next + answer, {each}", floor, floor))
            rows.append((f"studykit: next + answer, {each}",
                         cpu_ms(studykit_pair, loop, clients), floor))  # fmt: skip
        rows.append(("studykit: 404 (middleware alone)", cpu_ms(
            lambda: call(app, "GET", "/nowhere", tokens[0]), loop), rows[0][1]))  # fmt: skip
        statements = loop.run_until_complete(counted(studykit_pair))
    finally:
        loop.run_until_complete(lifespan.__aexit__(None, None, None))

    with open_store(target, shared=True) as db:
        sync(db, work / "notes", work / "quizzes")
        user = accounts.user_id(db, "l0")
        chosen = Selection("", "", collection_of(work / "notes"))
        card = store.cards(db, chosen)[0]
        claims = ledger.claims(ledger.results(db))
        stages = [
            ("auth: token lookup", lambda: accounts.authenticate(db, tokens[0])),
            ("next: plan (due, new)", lambda: session.plan(db, user, chosen, limit=1)),
            ("next: counts left", lambda: session.counts(db, user, chosen)),
            ("next: claims of the checks", lambda: ledger.claims(ledger.results(db))),
            ("next: 4 intervals (FSRS)", lambda: session.intervals(db, user, card)),
            ("next: card HTML", lambda: card_out(card, claims)),
            ("answer: card lookup", lambda: store.card(db, card.id)),
            ("answer: schedule (FSRS)", lambda: session.pending(
                db, session.Answer(user, card, Rating.GOOD, Mode.FLIP)).schedule(None)),
            ("answer: write + commit (one alone)", lambda: session.answer(
                db, user, card, Rating.GOOD, mode=Mode.FLIP)),
        ]  # fmt: skip
        stage_rows = [(name, stage_ms(run)) for name, run in stages]
    print(f"CPU per request pair, median of {ROUNDS} x {REQUESTS} (ms)")
    for name, ms, floor in rows:
        print(f"  {name:<40} {ms:7.3f}  {ms / floor:5.1f}x floor")
    print(f"SQL statements per pair (reads and writes, the recorder's included): {statements}")
    print("Stages of one answer, alone (ms of CPU)")
    for name, ms in stage_rows:
        print(f"  {name:<40} {ms:7.3f}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
