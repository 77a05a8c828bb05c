"""Staff accounts are created with a role and a password someone chose, never a default."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_create_account_gives_the_role_and_the_chosen_password(monkeypatch):
    monkeypatch.setenv("REGISTRY_ACCOUNT_PASSWORD", "a-long-and-unusual-passphrase")
    call_command("create_account", "alice", role="reviewer")
    alice = get_user_model().objects.get(username="alice")
    assert alice.is_staff and not alice.is_superuser
    assert list(alice.groups.values_list("name", flat=True)) == ["reviewer"]
    assert alice.check_password("a-long-and-unusual-passphrase")


def test_create_account_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("REGISTRY_ACCOUNT_PASSWORD", "password")
    with pytest.raises(CommandError, match="not accepted"):
        call_command("create_account", "bob")
    assert not get_user_model().objects.filter(username="bob").exists()


def test_create_account_without_a_password_asks_and_refuses_an_empty_one(monkeypatch):
    monkeypatch.delenv("REGISTRY_ACCOUNT_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "")
    with pytest.raises(CommandError, match="required"):
        call_command("create_account", "carol")
