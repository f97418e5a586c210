"""The quiz service: `user add` (an account and its login link) and `serve`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from studykit.cli.common import QUIZZES_DIR, notes_root, out, pass_settings, store, sync
from studykit.config import Settings, default_db
from studykit.errors import UsageError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.group()
def user() -> None:
    """Accounts of the quiz service."""


@user.command("add")
@click.argument("name")
@click.option(
    "--url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Where the service will be reached, for the login link.",
)
@pass_settings
def user_add(settings: Settings, name: str, url: str) -> None:
    """Create NAME (or give it a new token) and print its token and login link.

    The first learner with a login takes over the terminal's history (learner `local`), so
    that quizzing in the terminal and on the web is one history."""
    from studykit.accounts import add_user, adopt_local, token_holders

    with store(settings) as db:
        first = not token_holders(db)
        token = add_user(db, name)
        adopted = adopt_local(db, name) if first else 0
    if adopted:
        out.print(f"{name!r} now has the terminal's history ({adopted} reviews).")
    out.print(f"Token for {name!r} (shown once; use as `Authorization: Bearer <token>`):")
    click.echo(token)
    out.print("Login link:")
    click.echo(f"{url.rstrip('/')}/login?token={token}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@QUIZZES_DIR
@pass_settings
def serve(settings: Settings, host: str, port: int, workers: int, quizzes_dir: Path) -> None:
    """Serve the quizzes and rendered notes to a study group over HTTP."""
    import secrets

    import uvicorn

    from studykit.accounts import token_holders

    root = notes_root(settings)
    with store(settings) as db:
        if host not in LOOPBACK and not token_holders(db):
            raise UsageError(
                f"refusing to serve on {host} with no user: anyone could reach it. "
                "Run `studykit user add NAME` first (or serve on 127.0.0.1)."
            )
        sync(db, root, quizzes_dir)
        secret = db.get("service.secret")
        if secret is None:
            secret = secrets.token_urlsafe(32)
            db.put("service.secret", secret)
    served = Settings(
        notes=root.resolve(),
        quizzes=quizzes_dir.resolve(),
        db=settings.db or default_db(),
        secret=secret,
        secure_cookies=host not in LOOPBACK,
    )
    os.environ.update(served.to_env())
    out.print(f"studykit on http://{host}:{port}/ (notes: {root}, database: {served.db})")
    uvicorn.run(
        "studykit.web.app:app_from_env", factory=True, host=host, port=port, workers=workers
    )
