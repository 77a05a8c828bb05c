"""The monument page: every public fact with its sources, the timeline, actors, external
links, a small map, "cite this record", stable URLs, and nothing unpublished."""

import datetime as dt
import json

import pytest
import time_machine

from registry.choices import ActorCategory, Claim, EventKind, Role, SourceKind, State
from registry.models import ActorRole, Citation, Event, Monument
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, region
from tests.pagetools import html, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(db):
    """A fully described monument: events, roles, sources with quotes, links, coordinates."""
    party = ActorFactory(slug="kprf", name_en="Communist Party of the Russian Federation",
                         name_ru="КПРФ")
    committee = ActorFactory(slug="kprf-penza-obkom", name_en="KPRF Penza regional committee",
                             name_ru="Пензенский обком КПРФ", parent=party)
    sculptor = ActorFactory(slug="ivan-sculptor", name_en="Ivan Sculptor", kind="person",
                            category=ActorCategory.INDIVIDUAL)
    monument = MonumentFactory(
        name_en="Stalin bust at the Penza KPRF committee",
        name_ru="Бюст И. В. Сталина у обкома КПРФ в Пензе",
        settlement_en="Penza", settlement_ru="Пенза", region=region("RU-PNZ"),
        address="ул. Кирова, 1", latitude="53.195000", longitude="45.018000",
        coordinate_precision="photo", form="bust", status="standing", setting="party_office",
        origin="new", height_m="1.80", material="bronze", inscription="И. В. Сталин",
        description_en="A bronze bust put up by the party.",
        description_ru="Бронзовый бюст, установленный партией.",
        wikidata_id="Q4115189", osm_id="node/123456", commons_category="Stalin bust in Penza",
        wikipedia_en="https://en.wikipedia.org/wiki/Stalin_bust",
        wikipedia_ru="https://ru.wikipedia.org/wiki/Бюст",
        curator_notes="SECRET CURATOR NOTE",
        installed=False, sponsor=False, cited=False,
    )
    unveiled = Event.objects.create(monument=monument, kind=EventKind.UNVEILED,
                                    date="2011-07-15", description_en="Unveiled at the office.",
                                    description_ru="Открыт у обкома.")
    unveiled.actors.add(committee)
    relocated = Event.objects.create(monument=monument, kind=EventKind.RELOCATED, date="2015",
                                     description_en="Moved to the new office.")
    sponsor = ActorRole.objects.create(monument=monument, actor=committee, role=Role.SPONSOR)
    ActorRole.objects.create(monument=monument, actor=sculptor, role=Role.SCULPTOR, position=1)
    news = SourceFactory(title="В Пензе открыли бюст Сталина", outlet="Penza News",
                         published_on=dt.date(2011, 7, 16), url="https://penza.example/bust",
                         archived_url="https://web.archive.org/web/2011/https://penza.example/bust",
                         author="Иван Петров")
    mirror = SourceFactory(title="Бюст перенесли", outlet="Aggregator (mirror)",
                           url="https://mirror.example/moved", derivative=True,
                           kind=SourceKind.NEWS)
    Citation.objects.create(monument=monument, source=news, claim=Claim.EXISTENCE,
                            quote="В Пензе у здания обкома открыли бюст Сталина.")
    Citation.objects.create(monument=monument, source=news, claim=Claim.EVENT, event=unveiled,
                            quote="Открытие состоялось 15 июля.")
    Citation.objects.create(monument=monument, source=news, claim=Claim.SPONSOR, role=sponsor,
                            quote="Бюст установил обком КПРФ.")
    Citation.objects.create(monument=monument, source=mirror, claim=Claim.EVENT,
                            event=relocated, quote="Бюст перенесли к новому зданию.")
    monument.refresh_from_db()
    return monument


def page(client, monument, language="en"):
    response = client.get(f"/{language}" + monument.get_absolute_url()[3:])
    assert response.status_code == 200
    return response


def test_shows_every_public_field(client, record):
    content = text(page(client, record))
    for fact in ["Stalin bust at the Penza KPRF committee", "Бюст И. В. Сталина у обкома КПРФ",
                 f"Record {record.public_id}", "15 July 2011", "Bust", "Standing",
                 "Party office", "New work", "KPRF", "Russian Federation", "Penza Oblast",
                 "RU-PNZ", "Penza", "ул. Кирова, 1", "53.195000, 45.018000", "From a photo",
                 "1.80 m", "bronze", "И. В. Сталин", "A bronze bust put up by the party.",
                 "Record last changed"]:
        assert fact in content, fact


def test_never_shows_curator_notes(client, record):
    assert "SECRET CURATOR NOTE" not in page(client, record).content.decode()


def test_the_timeline_lists_events_in_order_with_who_and_their_sources(client, record):
    items = html(page(client, record)).select(".timeline > li")
    first, second = (" ".join(item.get_text(" ").split()) for item in items)
    assert first.startswith("15 July 2011 : Unveiled")
    assert "Unveiled at the office." in first
    assert "KPRF Penza regional committee" in first
    assert "[1]" in first
    assert second.startswith("2015 : Relocated") and "[2]" in second


def test_actors_appear_with_their_roles_linked_to_their_pages_with_the_parent(client, record):
    table = html(page(client, record)).select_one("#actors-heading").find_next("table")
    rows = [" ".join(row.get_text(" ").split()) for row in table.select("tbody tr")]
    assert rows[0].startswith("Sponsor KPRF Penza regional committee (part of Communist Party")
    assert rows[1].startswith("Sculptor Ivan Sculptor")
    links = {link.get_text(): link["href"] for link in table.select("a")}
    assert links["KPRF Penza regional committee"] == "/en/actors/kprf-penza-obkom/"
    assert links["Communist Party of the Russian Federation"] == "/en/actors/kprf/"


def test_every_source_with_its_quote_outlet_date_and_original_and_archived_links(client,
                                                                                 record):
    sources = html(page(client, record)).select("ol.sources > li")
    assert [source["id"] for source in sources] == ["source-1", "source-2"]
    news, mirror = sources
    news_text = " ".join(news.get_text(" ").split())
    assert "В Пензе открыли бюст Сталина" in news_text
    assert "Иван Петров" in news_text and "Penza News" in news_text
    assert "2011-07-16" in news_text
    for quote in ["В Пензе у здания обкома открыли бюст Сталина.", "Открытие состоялось 15 июля.",
                  "Бюст установил обком КПРФ."]:
        assert quote in news_text
    assert news.find("blockquote")["lang"] == "ru"
    assert news.find("a", string="Original")["href"] == "https://penza.example/bust"
    assert news.find("a", string="Archived copy")["href"].startswith("https://web.archive.org/")
    mirror_text = " ".join(mirror.get_text(" ").split())
    assert "weaker evidence" in mirror_text
    assert "no archived copy yet" in mirror_text


def test_links_to_other_databases(client, record):
    links = {link["href"] for link in html(page(client, record)).select(
        "#links-heading ~ ul a")}
    assert links == {
        "https://www.wikidata.org/wiki/Q4115189",
        "https://www.openstreetmap.org/node/123456",
        "https://commons.wikimedia.org/wiki/Category:Stalin%20bust%20in%20Penza",
        "https://en.wikipedia.org/wiki/Stalin_bust",
        "https://ru.wikipedia.org/wiki/Бюст",
    }


def test_a_small_map_where_coordinates_exist(client, record, settings):
    settings.MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    page_html = html(page(client, record))
    mini_map = page_html.select_one("#record-map")
    assert (mini_map["data-lat"], mini_map["data-lon"]) == ("53.195000", "45.018000")
    assert mini_map["data-tile-url"] == "https://tiles.example/{z}/{x}/{y}.png"
    scripts = [script["src"] for script in page_html.select("script[src]")]
    assert scripts == ["/static/leaflet/leaflet.js", "/static/registry/map.js"]


def test_no_map_and_no_map_script_without_coordinates(client):
    monument = MonumentFactory()
    page_html = html(page(client, monument))
    assert page_html.select_one("#record-map") is None
    assert not page_html.select("script[src]")
    assert "not known from the sources" in text(page(client, monument))


class TestCiteThisRecord:
    @pytest.fixture
    def cited(self, db):
        with time_machine.travel(dt.datetime(2025, 3, 4, 10, 30, tzinfo=dt.UTC), tick=False):
            monument = MonumentFactory(name_en="Stalin bust {Penza} & 100% #1")
        return monument

    @pytest.fixture
    def cite_page(self, client, cited):
        with time_machine.travel(dt.datetime(2026, 1, 2, 12, 0, tzinfo=dt.UTC), tick=False):
            return html(page(client, cited))

    def test_plain_text_names_the_record_version_url_and_access_date(self, cite_page, cited):
        plain = cite_page.select_one("#cite-text").get_text()
        assert f"(record {cited.public_id})" in plain
        assert "Version of 2025-03-04T10:30:00Z" in plain
        assert f"http://127.0.0.1:8000/en/monuments/{cited.public_id}/{cited.slug}/" in plain
        assert "(accessed 2026-01-02)" in plain

    def test_bibtex_escapes_special_characters_and_has_the_dates(self, cite_page, cited):
        bibtex = cite_page.select_one("#cite-bibtex").get_text()
        assert bibtex.startswith(f"@misc{{stalin-monument-registry-{cited.public_id},")
        assert r"title        = {{Stalin bust \{Penza\} \& 100\% \#1}}," in bibtex
        assert "urldate      = {2026-01-02}," in bibtex
        assert "version of 2025-03-04T10:30:00Z" in bibtex
        assert bibtex.count("{") - bibtex.count(r"\{") == bibtex.count("}") - bibtex.count(r"\}")

    def test_csl_json_is_valid_json_with_version_issued_and_accessed(self, cite_page, cited):
        (item,) = json.loads(cite_page.select_one("#cite-csl").get_text())
        assert item["title"] == cited.name_en
        assert item["version"] == "2025-03-04T10:30:00Z"
        assert item["issued"] == {"date-parts": [[2025, 3, 4]]}
        assert item["accessed"] == {"date-parts": [[2026, 1, 2]]}
        assert item["URL"].endswith(f"/en/monuments/{cited.public_id}/{cited.slug}/")
        assert item["author"] == [{"literal": "Stalin Monument Registry"}]


class TestAddresses:
    def test_the_slug_is_optional_and_added_by_a_permanent_redirect(self, client, record):
        response = client.get(f"/en/monuments/{record.public_id}/")
        assert response.status_code == 301
        assert response["Location"] == record.get_absolute_url()

    def test_a_wrong_slug_is_corrected_keeping_the_query(self, client, record):
        response = client.get(f"/en/monuments/{record.public_id}/old-name/?utm=x")
        assert response.status_code == 301
        assert response["Location"] == record.get_absolute_url() + "?utm=x"

    def test_an_unknown_number_is_not_found(self, client):
        assert client.get("/en/monuments/987654/").status_code == 404

    @pytest.mark.parametrize("state", [State.DRAFT, State.IN_REVIEW, State.RETIRED])
    def test_unpublished_records_are_not_found(self, client, state):
        monument = MonumentFactory(state=state)
        assert client.get(monument.get_absolute_url()).status_code == 404
        assert client.get(f"/en/monuments/{monument.public_id}/").status_code == 404

    def test_a_merged_duplicate_redirects_permanently_to_the_record_kept(self, client):
        kept = MonumentFactory()
        merged = MonumentFactory(state=State.RETIRED, duplicate_of=kept)
        for url in (merged.get_absolute_url(), f"/en/monuments/{merged.public_id}/"):
            response = client.get(url)
            assert response.status_code == 301
            assert response["Location"] == kept.get_absolute_url()

    def test_a_chain_of_merges_leads_to_the_last_record(self, client):
        kept = MonumentFactory()
        middle = MonumentFactory(state=State.RETIRED, duplicate_of=kept)
        first = MonumentFactory(state=State.RETIRED, duplicate_of=middle)
        assert client.get(first.get_absolute_url())["Location"] == kept.get_absolute_url()

    def test_a_duplicate_of_an_unpublished_record_is_not_found(self, client):
        kept = MonumentFactory(state=State.DRAFT)
        merged = MonumentFactory(state=State.RETIRED, duplicate_of=kept)
        assert client.get(merged.get_absolute_url()).status_code == 404


class TestInRussian:
    def test_names_descriptions_and_labels_are_russian(self, client, record):
        content = text(page(client, record, "ru"))
        assert "Бюст И. В. Сталина у обкома КПРФ в Пензе" in content
        assert "Бронзовый бюст, установленный партией." in content
        assert "Пензенская область" in content
        assert "Источники" in content
        assert "Как сослаться на запись" in content

    def test_an_untranslated_description_is_shown_in_english_and_marked_so(self, client):
        monument = MonumentFactory(description_en="Only in English.", description_ru="")
        page_html = html(page(client, monument, "ru"))
        description = page_html.select_one("#description-heading").find_next("div")
        assert description["lang"] == "en"
        assert "Only in English." in description.get_text()


def test_the_record_is_the_same_one_in_the_database(record):
    # The fixture really built what the tests read: guards against a silently empty record.
    assert Monument.objects.published().get(pk=record.pk).installed_year == 2011
