"""Several service processes over one database (PostgreSQL, and SQLite too): simultaneous
answers of one learner are each recorded exactly once, and the schedule follows them in
order."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from helpers import running_service

from studykit.accounts import user_id
from studykit.db import open_store
from studykit.review import store
from studykit.review.schedule import step

ANSWERS = 20


def test_two_workers_twenty_simultaneous_answers(tmp_path: Path, store_target: str) -> None:
    with running_service(tmp_path, "--workers", "2", db=store_target) as (base, _, token, *_):
        headers = {"Authorization": f"Bearer {token}"}
        card = httpx.get(f"{base}/api/next", headers=headers, timeout=30).json()["card"]

        async def answer_all() -> list[int]:
            async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
                answers = [
                    client.post("/api/reviews", json={"card_id": card["id"], "rating": 3})
                    for _ in range(ANSWERS)
                ]
                return [r.status_code for r in await asyncio.gather(*answers)]

        assert asyncio.run(answer_all()) == [201] * ANSWERS
    with open_store(store_target) as db:
        user = user_id(db, "me")
        history = store.reviews(db, user, card["id"])
        assert len(history) == ANSWERS
        state = None
        for answer in history:
            state = step(state, answer.rating, answer.reviewed_at)[0]
        assert store.state(db, user, card["id"]) == state
