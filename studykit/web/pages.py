"""The server-rendered pages: login, the notes by date and tag, one note (MathML, claim
badges), search, the quiz, stats and triage. Templates are in templates/."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from studykit import accounts
from studykit.checks import ledger
from studykit.checks.coverage import coverage
from studykit.checks.find import find_checks
from studykit.db import Database, now
from studykit.notes.search import MAX_QUERY, by_note, closest, search
from studykit.render.html import markdown_html, note_html
from studykit.review import plan as exam_plan
from studykit.review import session, store, triage
from studykit.review.model import Mode, Selection
from studykit.review.stats import stats
from studykit.text import language
from studykit.web import charts
from studykit.web.deps import (
    COOKIE,
    FormDep,
    Learner,
    LearnerDep,
    Problem,
    StoreDep,
    SyncedStoreDep,
    collection,
    core,
    corpus,
    failure,
    form_csrf,
    note,
    same,
    settle,
)

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
TEMPLATES.env.filters["lang"] = language  # `lang=` of a note's text shown on a page
TEMPLATES.env.filters["markdown"] = lambda text: Markup(markdown_html(text))  # sanitised


def page(request: Request, name: str, who: Learner, **context: Any) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, name, {"who": who, "csrf": who.csrf, **context})


LOGIN_COOKIE = "studykit_login"
"""The login form's CSRF token, also in the form itself: a form posted from another site
cannot carry it, so no site can log a visitor in as someone else (login CSRF)."""


def _secure(request: Request) -> bool:
    """Cookies are Secure when the learner reached the service over https (directly, or
    through a proxy trusted with `--proxy-headers`); plain http on a LAN still logs in."""
    return request.url.scheme == "https"


def routes(app: FastAPI) -> None:
    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login(request: Request, db: StoreDep) -> Response:
        """The login form; a login link (`/login#CODE`) fills it in from the page's script,
        which asks whose account it opens, or says who is logged in here already."""
        return _login_form(request, db)

    @app.post("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_post(request: Request, form: FormDep, db: StoreDep) -> Response:
        return await core(request, _log_in, request, db, form)

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request, form: FormDep, who: LearnerDep, db: StoreDep) -> Response:
        await form_csrf(request, form, db, who, "Log out from the page's button.")
        await core(request, accounts.end_session, db, request.cookies.get(COOKIE, ""))
        done = RedirectResponse("/login", status_code=303)
        done.delete_cookie(COOKIE)
        return done

    @app.get("/plan", response_class=HTMLResponse, include_in_schema=False)
    def plan_page(request: Request, who: LearnerDep, db: StoreDep) -> HTMLResponse:
        """The learner's exam plan, and the form to make one."""
        today = now().astimezone().date()
        made = exam_plan.current(db, who.id, today)  # drawn again as it was made
        return page(
            request, "plan.html", who, active=exam_plan.active(db, who.id, today),
            form=PLAN_FORM, made=made, error="", timedelta=timedelta,
            **(charts.plan_context(made) if made else {}),
        )  # fmt: skip

    @app.post("/plan", response_class=HTMLResponse, include_in_schema=False)
    async def plan_post(
        request: Request, form: FormDep, who: LearnerDep, db: SyncedStoreDep
    ) -> HTMLResponse:
        """Make a plan (simulated off the event loop: it takes seconds for a large deck)."""
        await form_csrf(request, form, db, who, "Plan from the page's form.")
        given = {key: str(form.get(key, default)) for key, default in PLAN_FORM.items()}
        at = now()
        today = at.astimezone().date()
        try:
            exam = date.fromisoformat(given["exam"])
            target, minutes = float(given["target"]) / 100, float(given["minutes"])
        except ValueError:
            exam, target, minutes = today, 0.0, 0.0
        error = ""
        if exam <= today:
            error = "Give an exam day after today."
        elif not (0.5 <= target <= 0.99 and 1 <= minutes <= 600):
            error = "The target is 50 to 99%, the minutes 1 to 600."
        made, drawn = None, {}
        if not error:
            chosen = Selection(given["deck"], given["tag"], collection(request))
            made = await run_in_threadpool(
                exam_plan.make, db, who.id, chosen, exam, target=target, minutes=minutes, at=at
            )
            exam_plan.save(db, who.id, made)
            drawn = charts.plan_context(made)
        return page(
            request, "plan.html", who, active=exam_plan.active(db, who.id, today), form=given,
            made=made, error=error, timedelta=timedelta, **drawn,
        )  # fmt: skip

    @app.post("/cards/{card_id}/mark", include_in_schema=False)
    async def mark(
        request: Request, card_id: str, form: FormDep, who: LearnerDep, db: StoreDep
    ) -> Response:
        """The learner's own mark on a card (a leech: unsuspend, keep), from the stats
        page's buttons; back to the page's list of leeches."""
        await form_csrf(request, form, db, who, "Use the page's buttons.")
        action = MARKS.get(str(form.get("action", "")))
        if action is None:
            raise Problem(422, "Unknown action", f"One of: {', '.join(MARKS)}.")
        await core(request, action, db, who.id, card_id)
        return RedirectResponse("/stats#leeches", status_code=303)

    @app.get("/triage", response_class=HTMLResponse, include_in_schema=False)
    def triage_page(
        request: Request,
        who: LearnerDep,
        db: SyncedStoreDep,
        target: Annotated[str, Query(max_length=200)] = "",
        skip: Annotated[int, Query(ge=0)] = 0,
        done: str = "",
    ) -> HTMLResponse:
        """The cards the learner has not settled, one at a time and lowest quality first, as
        `studykit triage` offers them (skip is a link: it writes nothing); and their copies."""
        chosen = Selection(target, collection=collection(request))
        found = store.untriaged(db, who.id, chosen)
        return page(
            request, "triage.html", who, target=target, skip=skip,
            card=found[skip] if skip < len(found) else None, left=len(found),
            matched=not target or store.has_cards(db, chosen), done=TRIAGED.get(done, ""),
            copies=store.copies(db, who.id),
        )  # fmt: skip

    @app.post("/triage/{card_id}", include_in_schema=False)
    async def triage_post(
        request: Request, card_id: str, form: FormDep, who: LearnerDep, db: StoreDep
    ) -> Response:
        """Keep, suspend, save or drop the learner's copy; back to the same place in the
        list (the card settled has left it)."""
        await form_csrf(request, form, db, who, "Use the triage page's buttons.")
        action = str(form.get("action", ""))
        if action not in TRIAGED:
            raise Problem(422, "Unknown action", f"One of: {', '.join(TRIAGED)}.")
        copy = (str(form.get("front", "")), str(form.get("back", "")))
        await core(request, settle, db, who.id, card_id, triage.Action(action), copy)
        skip = str(form.get("skip", "0"))
        back = {"target": str(form.get("target", "")), "done": action}
        back["skip"] = skip if skip.isdigit() else "0"
        place = "#copies" if action == "drop" else ""
        return RedirectResponse(f"/triage?{urlencode(back)}{place}", status_code=303)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request, who: LearnerDep, db: SyncedStoreDep, tag: str = "") -> HTMLResponse:
        """The notes, newest first, each with its cards due now and new today and a Study
        button into the quiz for it; the same for all of them (or those with the tag)."""
        notes = sorted(corpus(request).notes, key=lambda n: (n.date or "", n.path), reverse=True)
        tags = sorted({t for n in notes for t in n.tags})
        shown = [n for n in notes if not tag or tag in n.tags]
        chosen = Selection(tag=tag, collection=collection(request))
        left = session.counts(db, who.id, chosen)
        by_deck = session.counts_by_deck(db, who.id, chosen)
        context = {"notes": shown, "tags": tags, "tag": tag, "left": left, "by_deck": by_deck}
        return page(request, "index.html", who, **context)

    @app.get("/notes/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def note_page(slug: str, request: Request, who: LearnerDep, db: StoreDep) -> HTMLResponse:
        found = corpus(request, blocks=True)
        shown = note(found, slug)
        text = (found.root / shown.path).read_text(encoding="utf-8")
        results = ledger.note_results(db, shown)
        claims = ledger.claims(results)
        quiet = ledger.never_checked(results)  # before any run: one line, not a badge each
        body = note_html(text, shown, None if quiet else ledger.marks(results))
        covered = coverage(shown, find_checks(shown, shown.path))
        return page(
            request, "note.html", who, note=shown, body=body, claims=[] if quiet else claims,
            unchecked=len(claims) if quiet else 0, coverage=covered, lang=shown.language(),
        )  # fmt: skip

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request, who: LearnerDep, q: Annotated[str, Query(max_length=MAX_QUERY)] = ""
    ) -> HTMLResponse:
        found = corpus(request)
        hits = search(found, q) if q.strip() else []
        near = closest(found, q) if q.strip() and not hits else []
        groups = by_note(hits)
        shown = {"q": q, "hits": hits, "groups": groups, "near": near, "most": MAX_QUERY}
        return page(request, "search.html", who, **shown)

    @app.get("/quiz", response_class=HTMLResponse, include_in_schema=False)
    def quiz_page(
        request: Request,
        who: LearnerDep,
        db: StoreDep,
        target: str = "",
        tag: str = "",
        mode: str = "flip",
    ) -> HTMLResponse:
        """The quiz; it says so when it follows the learner's exam plan (as /api/next does)."""
        shown = mode if mode in {m.value for m in Mode} else Mode.FLIP
        following = session.learner_pace(db, who.id).following()
        context = {"target": target, "tag": tag, "mode": shown, "following": following}
        return page(request, "quiz.html", who, **context)

    @app.get("/stats", response_class=HTMLResponse, include_in_schema=False)
    def stats_page(request: Request, who: LearnerDep, db: StoreDep) -> HTMLResponse:
        summary = stats(db, who.id)
        titles = {n.slug: n.title for n in corpus(request).notes}  # topics link to these notes
        return page(
            request,
            "stats.html",
            who,
            stats=summary,
            titles=titles,
            leeches=store.leeches(db, who.id),
            **charts.context(summary),
        )


def _unsuspend(db: Database, user: int, card_id: str) -> None:
    store.suspend(db, user, card_id, False)


PLAN_FORM = {"exam": "", "target": "90", "minutes": "30", "deck": "", "tag": ""}
"""The plan form's fields and their defaults."""
MARKS = {"unsuspend": _unsuspend, "keep": store.keep}
"""What the stats page's buttons may do to a card, for the learner alone."""
TRIAGED = {
    "keep": "Kept: you will be asked this card.",
    "suspend": "Suspended: you will not be asked this card (other learners still are).",
    "copy": "Saved your copy: you will be asked it in place of the author's text.",
    "drop": "Dropped your copy: you will be asked the author's text.",
}
"""The triage page's actions, and what the page says once one is done."""


def _log_in(request: Request, db: Database, form: FormData) -> Response:
    """The login form sent: a new session for the learner its code (one-time) or pasted API
    token lets in, replacing the one this browser had; else the form again."""
    sent = str(form.get("csrf", ""))
    if not sent or not same(sent, request.cookies.get(LOGIN_COOKIE, "")):
        raise Problem(403, "Login form expired", "Open the login page or link again.")
    code = str(form.get("code", "")).strip()
    if form.get("ask") == "1":  # a link opened: say whose account it opens, first
        holder = accounts.code_holder(db, code)
        if holder is None:
            failure(request, db)
            return _login_form(request, db, failed=True)
        return _login_form(request, db, holder=holder[1], code=code)
    found = accounts.use_login_code(db, code) or accounts.authenticate(db, code)
    if found is None:
        failure(request, db)  # 429 once the address has failed too often
        return _login_form(request, db, failed=True)
    sid = accounts.start_session(db, found[0])
    if old := request.cookies.get(COOKIE):
        accounts.end_session(db, old)
    done = RedirectResponse("/", status_code=303)
    done.set_cookie(
        COOKIE, sid, max_age=accounts.SESSION_DAYS * 86400, httponly=True,
        samesite="lax", secure=_secure(request),
    )  # fmt: skip
    done.delete_cookie(LOGIN_COOKIE)
    return done


def _login_form(
    request: Request, db: Database, failed: bool = False, holder: str = "", code: str = ""
) -> HTMLResponse:
    """The login form; with `holder`, the question a login link asks before it logs in
    (its code in the form, which only a click sends: a link someone else sent cannot log
    a browser into their account without a word)."""
    current = accounts.session(db, request.cookies.get(COOKIE, ""))
    csrf = secrets.token_urlsafe(24)
    context = {"who": None, "current": current, "failed": failed, "login_csrf": csrf}
    shown = TEMPLATES.TemplateResponse(
        request,
        "login.html",
        {**context, "holder": holder, "code": code},
        status_code=401 if failed else 200,
    )
    shown.set_cookie(
        LOGIN_COOKIE, csrf, max_age=3600, httponly=True, samesite="strict",
        secure=_secure(request),
    )  # fmt: skip
    return shown
