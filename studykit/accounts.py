"""Accounts of the quiz service: a learner is a name with API tokens.

A token is shown once, when made; the store keeps only its SHA-256, so a copied database
gives no one a way in. The same token works as `Authorization: Bearer` for the API and in
the one-time login link, which turns it into a session cookie.
"""

from __future__ import annotations

import hashlib
import secrets

from studykit.store import Store


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(store: Store, name: str) -> str:
    """Create `name` (or reuse it) and return a new token for it."""
    token = secrets.token_urlsafe(32)
    store.add_token(store.user_id(name), digest(token))
    return token


def authenticate(store: Store, token: str) -> tuple[int, str] | None:
    """(user id, name) for a valid token, else None."""
    return store.user_for_token(digest(token)) if token else None
