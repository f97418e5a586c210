"""The quiz service: `user add | link | revoke` (accounts and their login links) and
`serve`."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import click

from studykit.cli.common import QUIZZES_DIR, err, notes_root, out, pass_settings, store, sync
from studykit.config import CLIENT_TIMEOUT, POOL_SIZE, Settings, default_db
from studykit.db import Database, check_writable, is_url, shown
from studykit.errors import UsageError
from studykit.extras import require

LOOPBACK = ("127.0.0.1", "localhost", "::1")

URL = click.option(
    "--url",
    help="Where learners reach the service, for the login link (default: where "
    "`studykit serve` last ran).",
)
ASSUMED = "http://127.0.0.1:8000"
EVERYWHERE = ("0.0.0.0", "::")
MINUTES = click.option(
    "--valid-for",
    "minutes",
    default=60,
    show_default=True,
    type=click.IntRange(1, 7 * 24 * 60),
    help="Minutes the login link stays valid (it works once).",
)


@click.group()
def user() -> None:
    """Accounts of the quiz service."""


@user.command("add")
@click.argument("name")
@URL
@MINUTES
@pass_settings
def user_add(settings: Settings, name: str, url: str | None, minutes: int) -> None:
    """Create NAME (or give it a new token) and print its API token and a login link.

    The first learner with a login takes over the terminal's history (learner `local`), so
    that quizzing in the terminal and on the web is one history."""
    from studykit.accounts import add_user, adopt_local, token_holders, user_id

    with store(settings) as db:
        first = not token_holders(db)
        token = add_user(db, name)
        adopted = adopt_local(db, name) if first else 0
        if adopted:
            out.print(f"{name!r} now has the terminal's history ({adopted} reviews).")
        out.print(f"API token for {name!r} (shown once; `Authorization: Bearer <token>`):")
        click.echo(token)
        _print_link(db, user_id(db, name), url, minutes)


@user.command("link")
@click.argument("name")
@URL
@MINUTES
@pass_settings
def user_link(settings: Settings, name: str, url: str | None, minutes: int) -> None:
    """Print a new one-time login link for NAME."""
    with store(settings) as db:
        _print_link(db, _existing(db, name), url, minutes)


@user.command("revoke")
@click.argument("name")
@pass_settings
def user_revoke(settings: Settings, name: str) -> None:
    """End NAME's sessions and invalidate their tokens and login links, in every worker at
    once. Their reviews stay; `user add NAME` lets them in again."""
    from studykit.accounts import revoke

    with store(settings) as db:
        ended = revoke(db, _existing(db, name))
    out.print(f"Revoked {name!r}: {ended} token{'s' * (ended != 1)}, sessions and links ended.")


def _existing(db: Database, name: str) -> int:
    from studykit.accounts import known

    found = known(db, name)
    if found is None:
        raise UsageError(f"no learner is called {name!r} (see `studykit user add`)")
    return found


def _print_link(db: Database, user: int, url: str | None, minutes: int) -> None:
    """The link carries its one-time code after `#`: browsers never send that part, so the
    code is in no server's or proxy's log. Its address is `--url`, else where `serve` last
    ran; when that says nothing a learner can reach, the link says what it assumed."""
    from studykit.accounts import login_code, service_url

    base = url or service_url(db)
    if base is None:
        base = ASSUMED
        err.print(f"Assumed {base}: serve has not run with this database (--url to change).")
    elif not url and urlsplit(base).hostname in EVERYWHERE:
        err.print(f"serve listens on every address ({base}): --url gives the one learners use.")
    code = login_code(db, user, minutes)
    out.print(f"Login link (works once, within {minutes} min):")
    click.echo(f"{base.rstrip('/')}/login#{code}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--pool-size",
    default=POOL_SIZE,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Database connections per worker for its requests, plus one to record answers: "
    "workers × (this + 1) must stay under PostgreSQL's max_connections.",
)
@click.option(
    "--client-timeout",
    default=CLIENT_TIMEOUT,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a client has to send a request's headers, then its body; a slower one is "
    "cut off (a few slow clients must not hold the service).",
)
@click.option("--certfile", type=click.Path(exists=True, dir_okay=False), help="TLS certificate.")
@click.option("--keyfile", type=click.Path(exists=True, dir_okay=False), help="TLS private key.")
@click.option(
    "--proxy-headers",
    is_flag=True,
    help="Behind a reverse proxy: trust its X-Forwarded-For/-Proto (from $FORWARDED_ALLOW_IPS, "
    "default 127.0.0.1).",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="A line per request on standard output (secrets in links redacted). A proxy that "
    "logs requests already can spare the service the work.",
)
@QUIZZES_DIR
@pass_settings
def serve(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    pool_size: int,
    client_timeout: float,
    certfile: str | None,
    keyfile: str | None,
    proxy_headers: bool,
    access_log: bool,
    quizzes_dir: Path,
) -> None:
    """Serve the quizzes and rendered notes to a study group over HTTP(S)."""
    require("serve", "`studykit serve`")
    import uvicorn

    from studykit.accounts import remember_url, token_holders

    if bool(certfile) != bool(keyfile):
        raise UsageError("--certfile and --keyfile go together")
    root = notes_root(settings)
    check_writable(settings.db or default_db())  # exit 2 now, not a 500 per answer later
    url = f"{'https' if certfile else 'http'}://{_authority(host, port)}"
    with store(settings) as db:
        if host not in LOOPBACK and not token_holders(db):
            raise UsageError(
                f"refusing to serve on {host} with no user: anyone could reach it. "
                "Run `studykit user add NAME` first (or serve on 127.0.0.1)."
            )
        sync(db, root, quizzes_dir)
        remember_url(db, url)  # where `user add` points its login links
    served = Settings(
        notes=root.resolve(),
        quizzes=quizzes_dir.resolve(),
        db=settings.db or default_db(),
        pool_size=pool_size,
        client_timeout=client_timeout,
    )
    _warn(host, served.db, tls=bool(certfile), proxied=proxy_headers)
    os.environ.update(served.to_env())
    out.print(f"studykit on {url}/ (notes: {root}, database: {shown(served.db)})")
    uvicorn.run(
        "studykit.web.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        proxy_headers=proxy_headers,
        access_log=access_log,
        http="studykit.web.app:Protocol",  # uvicorn's, with a time limit on headers
    )


def _authority(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _warn(host: str, db: str, *, tls: bool, proxied: bool) -> None:
    """What a learner's admin should know before the service is reachable."""
    if host not in LOOPBACK and not (tls or proxied):
        err.print(
            f"Warning: serving plain HTTP on {host}: login links, tokens and cookies cross "
            "the network unencrypted. Use --certfile/--keyfile, or a TLS reverse proxy with "
            "--proxy-headers (see the README)."
        )
    if is_url(db) and shown(db) != db:
        err.print(
            "Warning: the database URL holds a password (given with --db, `ps` shows it to "
            "every user): PGPASSWORD or ~/.pgpass keep it out of sight (see the README)."
        )
    if not is_url(db) and Path(db).exists() and Path(db).stat().st_mode & 0o077:
        err.print(f"Warning: {db} is readable by other users: `chmod 600 {db}`.")
