"""Error pages in the site's style: 404 with the navigation, 500 standing on its own."""

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.pagetools import html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("path", "heading"), [("/en/nothing-here/", "Page not found"),
                                              ("/ru/nothing-here/", "Страница не найдена"),
                                              ("/en/monuments/999999/", "Page not found")])
def test_a_missing_page_is_a_404_in_the_site_style(client, path, heading):
    response = client.get(path)
    assert response.status_code == 404
    page = html(response)
    assert page.h1.text == heading
    assert page.select_one('link[rel="stylesheet"]')["href"] == "/static/registry/site.css"
    assert page.select_one(".site-nav") is not None
    assert page.select_one('a[href$="/monuments/"]') is not None


def test_a_server_error_page_needs_nothing_but_the_stylesheet():
    # Django renders 500.html without a request context: the page must not rely on one.
    response = server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500
    page = html(response)
    assert page.title.text == "Server error · Stalin Monument Registry"
    assert page.select_one('link[rel="stylesheet"]')["href"] == "/static/registry/site.css"
    assert "Ошибка сервера" in page.text
