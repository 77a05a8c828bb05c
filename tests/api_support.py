"""Helpers shared by the API tests (tests/test_api_*.py)."""

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

API = "/api/v1/"


@pytest.fixture
def api_settings(settings):
    """A fresh throttle count per test."""
    cache.clear()
    yield settings
    cache.clear()


def user_with_role(role: str | None, username: str | None = None):
    """A user in the curator, reviewer or administrator group (None: a plain account)."""
    user = UserFactory(username=username or f"{role or 'plain'}-user", is_staff=role is not None)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def token_client(user) -> Client:
    """A client that authenticates the way scripts do: `Authorization: Token <key>`."""
    token, _created = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


def results(response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def ids(response) -> list[int]:
    return [row["public_id"] for row in results(response)]


def error_fields(response) -> list[str | None]:
    return [error["field"] for error in response.json()["errors"]]
