"""English and Russian: /en/ and /ru/ pages, a language switch that keeps the page and its
filters, every interface string translated (and compiled), record fields in the page's
language; and a title and description on every page."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import ActorFactory, MonumentFactory, SourceFactory, region
from tests.pagetools import html, text

pytestmark = pytest.mark.django_db

PO_FILE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def record(db):
    return MonumentFactory(name_en="Stalin bust, Vologda", name_ru="Бюст Сталина в Вологде",
                           sponsor=ActorFactory(slug="kprf-vologda"), latitude="59.2",
                           longitude="39.9")


def switch_link(response, language: str) -> str:
    return html(response).select_one(f'.language-switch a[hreflang="{language}"]')["href"]


@pytest.mark.parametrize("path", [
    "/en/", "/en/monuments/?region=RU-VLG&sponsor_category=kprf&ordering=name&page=1",
    "/en/map/?form=bust", "/en/stats/?year_min=2000&origin=new", "/en/actors/",
    "/en/regions/RU-VLG/", "/en/sources/", "/en/about/",
])
def test_the_language_switch_keeps_the_page_and_its_filters(client, record, path):
    russian = switch_link(client.get(path), "ru")
    assert russian == "/ru/" + path[len("/en/"):]
    assert client.get(russian).status_code == 200
    assert switch_link(client.get(russian), "en") == path


def test_the_switch_on_a_monument_page_stays_on_the_same_record(client, record):
    russian = switch_link(client.get(record.get_absolute_url()), "ru")
    assert russian == f"/ru/monuments/{record.public_id}/{record.slug}/"
    assert "Бюст Сталина в Вологде" in html(client.get(russian)).h1.text


def test_the_switch_on_a_missing_page_leads_to_the_same_address_in_the_other_language(client):
    response = client.get("/en/no-such-page/?x=1")
    assert response.status_code == 404
    assert switch_link(response, "ru") == "/ru/no-such-page/?x=1"


def test_every_page_names_its_other_language_version(client, record):
    links = html(client.get("/en/stats/?form=bust")).select('link[rel="alternate"]')
    assert {(link["hreflang"], link["href"]) for link in links} == {
        ("en", "/en/stats/?form=bust"), ("ru", "/ru/stats/?form=bust")}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_root_address_redirects_by_the_browser_language(client, language):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"


def test_the_interface_is_in_russian_on_russian_pages(client, record):
    page = html(client.get("/ru/monuments/"))
    assert page.html["lang"] == "ru"
    nav = [link.text for link in page.select(".site-nav a")]
    assert nav == ["Записи", "Карта", "Статистика", "Участники", "Регионы", "Источники",
                   "О реестре"]
    assert page.select_one('label[for="id_region"]').text == "Регион"
    assert page.select_one('label[for="id_sponsor_category_kprf"]').text == "КПРФ"
    assert "Найдена 1 запись" in text(client.get("/ru/monuments/"))


def test_record_fields_are_shown_in_the_page_language(client, record):
    russian = text(client.get("/ru/monuments/"))
    assert "Бюст Сталина в Вологде" in russian and "Вологда, Вологодская область" in russian
    english = text(client.get("/en/monuments/"))
    assert "Stalin bust, Vologda" in english and "Vologda, Vologda Oblast" in english


def test_russian_plural_forms(client):
    MonumentFactory.create_batch(2)
    assert "Найдены 2 записи" in text(client.get("/ru/monuments/"))
    MonumentFactory.create_batch(3)
    assert "Найдено 5 записей" in text(client.get("/ru/monuments/"))


def po_entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) of every singular entry of the Russian .po file."""
    entries = []
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n")[1:]:
        if "#, fuzzy" in block:
            entries.append(("FUZZY", ""))
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?|msgctxt) (".*")$', line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if "msgid" in fields and "msgid_plural" not in fields and "msgctxt" not in fields:
            entries.append((fields["msgid"], fields.get("msgstr", "")))
        elif "msgid_plural" in fields:
            forms = [value for name, value in fields.items() if name.startswith("msgstr[")]
            entries.append((fields["msgid"], "" if "" in forms else forms[0]))
    return entries


def test_every_interface_string_is_translated_into_russian():
    untranslated = [msgid for msgid, msgstr in po_entries() if not msgstr]
    assert untranslated == []


def test_the_compiled_translations_match_the_po_file():
    # The .mo is committed so a machine without gettext still shows Russian pages.
    with translation.override("ru"):
        stale = [msgid for msgid, msgstr in po_entries()
                 if msgid != "FUZZY" and translation.gettext(msgid) != msgstr]
    assert stale == []


PAGES = ["", "monuments/", "map/", "stats/", "actors/", "actors/kprf-vologda/", "regions/",
         "regions/RU-VLG/", "sources/", "about/", "no-such-page/"]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_its_own_title_and_a_description(client, record, language, path):
    page = html(client.get(f"/{language}/{path}"))
    title = page.title.text
    description = page.select_one('meta[name="description"]')["content"]
    assert title.strip() and description.strip()
    assert len(description) > 40


@pytest.mark.parametrize("language", ["en", "ru"])
def test_titles_differ_between_pages(client, record, language):
    source = SourceFactory()
    record.citations.create(source=source, quote="…")
    paths = [*PAGES[:-1], record.get_absolute_url()[4:], f"sources/{source.pk}/"]
    titles = [html(client.get(f"/{language}/{path}")).title.text for path in paths]
    assert len(set(titles)) == len(titles), titles


def test_region_names_follow_the_language(client, record):
    assert region("RU-VLG").name_ru in text(client.get("/ru/regions/"))
