"""A record's way to the public, in a real browser: a curator enters it, a reviewer publishes.

The curator logs in, adds a source, creates a monument with a region, an unveiling, "sponsor
unknown" and a citation of that source, saves it and submits it for review. A reviewer logs in
and publishes it. A visitor then finds it on the public side: the home page's count of
published records, and the browse page `/en/monuments/` once it exists (it is built on another
branch; the check switches itself on when the URL name `registry:monument-list` resolves).
"""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page, expect

from registry.choices import State
from registry.models import Monument
from registry.workflow import CURATOR, REVIEWER
from tests.factories import user_with_role

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-test-password"  # tests/factories.py
NAME = "Stalin bust at the Vologda test park"


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#work-queues")).to_be_visible()


def choose(page: Page, select_id: str, typed: str, option: str) -> None:
    """Pick a value in one of the admin's autocomplete (select2) fields."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def test_a_curators_record_is_public_after_review(live_server, new_page):
    base = live_server.url
    user_with_role(CURATOR)
    user_with_role(REVIEWER)

    curator = new_page()
    log_in(curator, base, CURATOR)

    curator.goto(f"{base}/admin/registry/source/add/")
    curator.fill("#id_title", "В Вологде открыли бюст Сталина")
    curator.fill("#id_outlet", "Test news of Vologda")
    curator.fill("#id_url", "https://news.example.org/vologda-bust")
    curator.click("input[name=_save]")
    expect(curator.locator(".messagelist")).to_contain_text("was added successfully")

    curator.goto(f"{base}/admin/registry/monument/add/")
    curator.fill("#id_name_en", NAME)
    curator.fill("#id_name_ru", "Бюст Сталина в тестовом парке Вологды")
    choose(curator, "id_region", "Vologda", "Vologda Oblast")
    curator.fill("#id_settlement_en", "Vologda")
    curator.check("#id_sponsor_unknown")
    curator.locator("#events-group .add-row a").click()
    curator.select_option("#id_events-0-kind", "unveiled")
    curator.fill("#id_events-0-date", "2024-05-09")
    curator.locator("#citations-group .add-row a").click()
    choose(curator, "id_citations-0-source", "Вологде", "В Вологде открыли бюст Сталина")
    curator.fill("#id_citations-0-quote", "В Вологде открыли бюст Сталина в парке.")
    curator.click("input[name=_continue]")
    expect(curator.locator(".messagelist")).to_contain_text("was added successfully")
    expect(curator.locator(".workflow-state")).to_contain_text("Draft")

    # A curator may submit but not publish. (Exact names: the inline's "Add another count in a
    # published study" link is a button to the browser too.)
    expect(curator.get_by_role("button", name="Publish", exact=True)).to_have_count(0)
    curator.get_by_role("button", name="Submit for review", exact=True).click()
    expect(curator.locator(".messagelist")).to_contain_text("is now in review")

    monument = Monument.objects.get(name_en=NAME)
    assert monument.state == State.IN_REVIEW
    assert monument.created_by.username == CURATOR
    assert monument.citations.get().source.url == "https://news.example.org/vologda-bust"

    visitor = new_page()
    visitor.goto(f"{base}/en/")
    expect(visitor.locator("main")).to_contain_text("0 published records")

    reviewer = new_page()
    log_in(reviewer, base, REVIEWER)
    reviewer.goto(f"{base}/admin/registry/monument/?queue=in_review")
    reviewer.get_by_role("link", name=re.compile(NAME)).first.click()
    reviewer.get_by_role("button", name="Publish", exact=True).click()
    expect(reviewer.locator(".messagelist")).to_contain_text("is now published")
    monument.refresh_from_db()
    assert monument.state == State.PUBLISHED
    assert monument.installed_year == 2024

    visitor.goto(f"{base}/en/")
    expect(visitor.locator("main")).to_contain_text("1 published record")
    try:
        browse = reverse("registry:monument-list")
    except NoReverseMatch:
        return  # the browse page is not on this branch yet
    visitor.goto(f"{base}{browse}")
    expect(visitor.locator("main")).to_contain_text(NAME)
