"""One learner everywhere: answers given in the terminal before the web was set up, and
after it, are one history on the web; several learners pick theirs with --user."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient
from helpers import USER_NOTE, added_secrets

from studykit.cli.main import cli
from studykit.config import Settings, default_db
from studykit.web.app import create_app


def run(folder: Path, *args: str, keys: str = "", env: dict[str, str] | None = None):
    argv = ["--notes", str(folder / "notes"), *args]
    if args[0] == "quiz":
        argv += ["--quizzes", str(folder / "quizzes")]
    result = CliRunner().invoke(cli, argv, input=keys, env=env)
    assert result.exit_code == 0, result.output
    return result


def test_terminal_then_web_is_one_history(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    shutil.copy(USER_NOTE, tmp_path / "notes")
    run(tmp_path, "quiz", keys=" 3 3 q")  # before any login exists: learner `local`
    added = run(tmp_path, "user", "add", "me").output
    assert "'me' now has the terminal's history (2 reviews)." in added
    token = added_secrets(added)[1]
    run(tmp_path, "quiz", keys=" 4 q")  # now recorded for `me`, the one learner with a login
    settings = Settings(tmp_path / "notes", tmp_path / "quizzes", default_db())
    with TestClient(create_app(settings)) as client:
        stats = client.get("/api/stats", headers={"Authorization": f"Bearer {token}"}).json()
    assert stats["recent_answers"] == 3

    run(tmp_path, "user", "add", "ana")  # a second learner adopts nothing
    mine = run(tmp_path, "export", "reviews", "--user", "me").output.strip().splitlines()
    hers = run(tmp_path, "export", "reviews", env={"STUDYKIT_USER": "ana"}).output
    assert len(mine) == 1 + 3 and hers.strip().splitlines() == [mine[0]]
    run(tmp_path, "quiz", "--user", "ana", keys=" 3 q")
    assert len(run(tmp_path, "export", "reviews", "--user", "ana").output.splitlines()) == 2
