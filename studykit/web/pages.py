"""The server-rendered pages: login, the notes by date and tag, one note (MathML, claim
badges), search, the quiz and stats. Templates are in templates/."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from studykit import accounts
from studykit.checks import ledger
from studykit.notes.search import search
from studykit.render.html import note_html
from studykit.review.model import Mode
from studykit.review.stats import stats
from studykit.text import language
from studykit.web.deps import Learner, LearnerDep, Problem, StoreDep, corpus, note

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TEMPLATES.env.filters["lang"] = language  # `lang=` of a note's text shown on a page


def page(request: Request, name: str, who: Learner, **context: Any) -> HTMLResponse:
    request.session.setdefault("csrf", secrets.token_urlsafe(24))
    return TEMPLATES.TemplateResponse(
        request, name, {"who": who, "csrf": request.session["csrf"], **context}
    )


def routes(app: FastAPI) -> None:
    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login(request: Request, db: StoreDep, token: str = "") -> Response:
        found = accounts.authenticate(db, token)
        if found is None:
            return TEMPLATES.TemplateResponse(
                request,
                "login.html",
                {"who": None, "failed": bool(token)},
                status_code=401 if token else 200,
            )
        request.session.clear()
        request.session.update(user_id=found[0], name=found[1], csrf=secrets.token_urlsafe(24))
        return RedirectResponse("/", status_code=303)

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        form = await request.form()
        if not secrets.compare_digest(str(form.get("csrf", "")), request.session.get("csrf", "")):
            raise Problem(403, "CSRF token missing or wrong", "Log out from the page's button.")
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, who: LearnerDep, tag: str = "") -> HTMLResponse:
        notes = sorted(corpus(request).notes, key=lambda n: (n.date or "", n.path), reverse=True)
        tags = sorted({t for n in notes for t in n.tags})
        shown = [n for n in notes if not tag or tag in n.tags]
        return page(request, "index.html", who, notes=shown, tags=tags, tag=tag)

    @app.get("/notes/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def note_page(slug: str, request: Request, who: LearnerDep, db: StoreDep) -> HTMLResponse:
        found = corpus(request, blocks=True)
        shown = note(found, slug)
        text = (found.root / shown.path).read_text(encoding="utf-8")
        results = ledger.note_results(db, shown)
        claims = ledger.claims(results)
        body = note_html(text, shown, ledger.marks(results))
        return page(
            request, "note.html", who, note=shown, body=body, claims=claims, lang=shown.language()
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, who: LearnerDep, q: str = "") -> HTMLResponse:
        hits = search(corpus(request, blocks=True), q) if q.strip() else []
        return page(request, "search.html", who, q=q, hits=hits)

    @app.get("/quiz", response_class=HTMLResponse, include_in_schema=False)
    def quiz_page(
        request: Request, who: LearnerDep, target: str = "", tag: str = "", mode: str = "flip"
    ) -> HTMLResponse:
        shown = mode if mode in {m.value for m in Mode} else Mode.FLIP
        return page(request, "quiz.html", who, target=target, tag=tag, mode=shown)

    @app.get("/stats", response_class=HTMLResponse, include_in_schema=False)
    def stats_page(request: Request, who: LearnerDep, db: StoreDep) -> HTMLResponse:
        summary = stats(db, who.id)
        busiest = max(summary.per_day.values(), default=0)
        return page(request, "stats.html", who, stats=summary, busiest=busiest)
