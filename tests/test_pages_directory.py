"""Actor, region and source pages, and the about / methodology page."""

import pytest

from registry import stats
from registry.choices import ActorCategory, Role, SourceKind, State
from registry.models import ActorRole, Citation, Monument
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, region
from tests.pagetools import html, result_count, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def party(db):
    """The KPRF with two regional committees, one with a district branch below it."""
    kprf = ActorFactory(slug="kprf", name_en="Communist Party of the Russian Federation",
                        name_ru="КПРФ")
    penza = ActorFactory(slug="kprf-penza-obkom", name_en="KPRF Penza regional committee",
                         name_ru="Пензенский обком КПРФ", parent=kprf)
    kirov = ActorFactory(slug="kprf-kirov-obkom", name_en="KPRF Kirov regional committee",
                         parent=kprf)
    district = ActorFactory(slug="kprf-podosinovsky", name_en="KPRF Podosinovsky branch",
                            parent=kirov)
    return {"kprf": kprf, "penza": penza, "kirov": kirov, "district": district}


@pytest.fixture
def party_records(party):
    return {
        "penza_2011": MonumentFactory(name_en="Penza bust", sponsor=party["penza"],
                                      region=region("RU-PNZ"), installed="2011"),
        "penza_2020": MonumentFactory(name_en="Penza statue", sponsor=party["penza"],
                                      region=region("RU-PNZ"), installed="2020",
                                      status="removed"),
        "demyanovo": MonumentFactory(name_en="Demyanovo monument", sponsor=party["district"],
                                     region=region("RU-KIR"), installed="2020-05-09"),
        "federal": MonumentFactory(name_en="Party bust", sponsor=party["kprf"],
                                   installed="2015"),
        "draft": MonumentFactory(name_en="Draft Penza plaque", sponsor=party["penza"],
                                 state=State.DRAFT),
        "other": MonumentFactory(name_en="Business bust",
                                 sponsor__category=ActorCategory.BUSINESS),
    }


def names(response) -> set[str]:
    return {link.text for link in html(response).select(".results h3 a")}


class TestActorPages:
    def test_a_regional_committee_lists_its_records_and_counts_with_its_parent(
        self, client, party, party_records
    ):
        response = client.get("/en/actors/kprf-penza-obkom/")
        assert response.status_code == 200
        page = html(response)
        assert names(response) == {"Penza bust", "Penza statue"}
        assert int(page.select_one("#actor-total").text) == 2
        parent = page.select_one("#actor-parent")
        assert parent["href"] == "/en/actors/kprf/"
        assert "Communist Party of the Russian Federation" in parent.text
        statuses = {row.th.text: int(row.td.text) for row in page.select("#status-table tbody tr")}
        assert statuses == {"Standing": 1, "Removed": 1}
        roles = {row.th.text: int(row.td.text) for row in page.select("#roles-table tbody tr")}
        assert roles == {"Sponsor": 2}

    def test_the_party_includes_every_committee_and_branch(self, client, party, party_records):
        response = client.get("/en/actors/kprf/")
        page = html(response)
        assert names(response) == {"Penza bust", "Penza statue", "Demyanovo monument",
                                   "Party bust"}
        assert int(page.select_one("#actor-total").text) == 4
        branches = {row.th.text: int(row.td.text)
                    for row in page.select("#branches-table tbody tr")}
        # The Kirov committee counts its district branch's monument.
        assert branches == {"KPRF Penza regional committee": 2,
                            "KPRF Kirov regional committee": 1}

    def test_each_count_on_an_actor_page_is_the_actor_filter(self, client, party, party_records):
        for slug in ("kprf", "kprf-penza-obkom", "kprf-kirov-obkom", "kprf-podosinovsky"):
            page = html(client.get(f"/en/actors/{slug}/"))
            total = page.select_one("#actor-total")
            assert result_count(client.get(total["href"])) == int(total.text)
            for link in page.select("#branches-table a[href*='?'], #status-table a"):
                assert result_count(client.get(link["href"])) == int(link.text), link["href"]

    def test_roles_other_than_sponsor_are_shown(self, client, party):
        sculptor = ActorFactory(slug="sculptor", name_en="A Sculptor", kind="person",
                                category=ActorCategory.INDIVIDUAL)
        monument = MonumentFactory(name_en="Sculpted bust")
        ActorRole.objects.create(monument=monument, actor=sculptor, role=Role.SCULPTOR)
        page = html(client.get("/en/actors/sculptor/"))
        assert "Sculptor (A Sculptor)" in " ".join(page.select_one(".results").text.split())

    def test_an_actor_of_unpublished_records_only_is_not_found(self, client):
        hidden = ActorFactory(slug="only-drafts")
        MonumentFactory(sponsor=hidden, state=State.IN_REVIEW)
        assert client.get("/en/actors/only-drafts/").status_code == 404
        assert client.get("/en/actors/nobody-at-all/").status_code == 404

    def test_the_actor_list_groups_by_category_with_counts_including_branches(
        self, client, party, party_records
    ):
        page = html(client.get("/en/actors/"))
        kprf_section = page.select_one("#category-kprf").find_parent("section")
        counts = {row.th.text: int(row.select("td")[-1].text)
                  for row in kprf_section.select("tbody tr")}
        assert counts["Communist Party of the Russian Federation"] == 4
        assert counts["KPRF Kirov regional committee"] == 1
        assert counts["KPRF Podosinovsky branch"] == 1
        assert page.select_one("#category-business") is not None

    def test_the_actor_counts_are_the_counting_module(self, party, party_records):
        ids = [actor.pk for actor in party.values()]
        counts = stats.count_by_actor_tree(Monument.objects.published(), ids)
        assert counts == {party["kprf"].pk: 4, party["penza"].pk: 2, party["kirov"].pk: 1,
                          party["district"].pk: 1}


class TestRegionPages:
    def test_a_region_lists_its_records_with_counts(self, client, party_records):
        response = client.get("/en/regions/RU-PNZ/")
        assert response.status_code == 200
        page = html(response)
        assert "Penza Oblast" in page.h1.text
        assert names(response) == {"Penza bust", "Penza statue"}
        assert int(page.select_one("#region-total").text) == 2
        for link in page.select("#sponsor-table a, #status-table a, #region-total"):
            assert result_count(client.get(link["href"])) == int(link.text)

    def test_a_region_without_records_says_so(self, client):
        response = client.get("/en/regions/RU-SAK/")
        assert response.status_code == 200
        assert "0 published records in this region." in text(response)

    def test_an_unknown_region_is_not_found(self, client):
        assert client.get("/en/regions/XX-ZZ/").status_code == 404

    def test_a_lower_case_code_redirects_to_the_written_one(self, client):
        response = client.get("/en/regions/ru-pnz/")
        assert response.status_code == 301
        assert response["Location"] == "/en/regions/RU-PNZ/"

    def test_the_region_list_shows_regions_with_records_by_country(self, client, party_records):
        MonumentFactory(country="UA", controlled_by="RU", region=region("UA-43"))
        page = html(client.get("/en/regions/"))
        assert page.select_one("#country-RU") and page.select_one("#country-UA")
        rows = {row.th.text: int(row.select("td")[-1].text) for row in page.select("tbody tr")}
        assert rows["Penza Oblast"] == 2
        assert rows["Autonomous Republic of Crimea"] == 1
        assert "Sakhalin Oblast" not in rows


class TestSourcePages:
    @pytest.fixture
    def cited(self, db):
        shared = SourceFactory(title="Где стоят памятники Сталину", outlet="Novaya Gazeta",
                               kind=SourceKind.NEWS)
        mirror = SourceFactory(title="Перепечатка", outlet="Aggregator", derivative=True)
        first = MonumentFactory(name_en="First cited", cited=False)
        second = MonumentFactory(name_en="Second cited", cited=False)
        draft = MonumentFactory(name_en="Draft cited", state=State.DRAFT, cited=False)
        for monument in (first, second, draft):
            Citation.objects.create(monument=monument, source=shared, quote=f"О {monument}")
        Citation.objects.create(monument=first, source=shared, claim="date", quote="Второй раз")
        Citation.objects.create(monument=second, source=mirror, quote="Зеркало")
        only_draft = SourceFactory(title="Только черновик")
        Citation.objects.create(monument=draft, source=only_draft, quote="Скрыто")
        return {"shared": shared, "mirror": mirror, "only_draft": only_draft}

    def test_the_bibliography_lists_each_source_with_the_records_citing_it(self, client, cited):
        page = html(client.get("/en/sources/"))
        entries = {entry.select_one(".source__title").text.strip(): entry
                   for entry in page.select("ol.sources > li")}
        assert set(entries) == {"Где стоят памятники Сталину", "Перепечатка"}
        citing = [link.text for link in entries["Где стоят памятники Сталину"].select(
            "p:last-child a")]
        assert citing == ["First cited", "Second cited"]  # once each, drafts left out
        assert "weaker evidence" in entries["Перепечатка"].text

    def test_a_source_page_shows_each_citing_record_with_its_quote(self, client, cited):
        response = client.get(f"/en/sources/{cited['shared'].pk}/")
        assert response.status_code == 200
        content = text(response)
        assert "First cited" in content and "Второй раз" in content
        assert "Draft cited" not in content

    def test_a_source_cited_only_by_unpublished_records_is_not_found(self, client, cited):
        assert client.get(f"/en/sources/{cited['only_draft'].pk}/").status_code == 404


class TestAbout:
    def test_explains_inclusion_newness_counting_citing_corrections_and_licence(self, client):
        page = html(client.get("/en/about/"))
        for anchor in ("inclusion", "new", "counting", "published-counts", "cite", "correction",
                       "licence"):
            assert page.select_one(f"#{anchor}"), anchor
        content = text(client.get("/en/about/"))
        for phrase in ("first sponsor", "earliest “installed” or “unveiled” event",
                       "origin=new,soviet_replica", "CC BY 4.0"):
            assert phrase in content, phrase

    def test_cites_the_published_counts(self, client):
        content = text(client.get("/en/about/"))
        for phrase in ("213", "Arkhipova and Lapshin", "Re: Russia", "1 September 2025",
                       "Eurasia Daily Monitor", "110", "95", "Можем объяснить", "Sever.Realii",
                       "Memorial (June 2020)", "The Moscow Times , 23 December 2024"):
            assert phrase in content, phrase

    def test_shows_the_registry_own_count_with_its_link(self, client):
        MonumentFactory(installed="2019")
        MonumentFactory(installed="1990")
        link = html(client.get("/en/about/")).select_one("#about-new-count")
        assert int(link.text) == 1
        assert result_count(client.get(link["href"])) == 1

    def test_is_written_in_russian_too(self, client):
        content = text(client.get("/ru/about/"))
        assert "Что считается новым памятником" in content
        assert "Архипова и Лапшин" in content

    def test_shows_where_to_send_corrections_when_configured(self, client, settings):
        settings.CORRECTIONS_URL = "mailto:corrections@example.org"
        link = html(client.get("/en/about/")).select_one("#correction ~ p a")
        assert link["href"] == "mailto:corrections@example.org"
        assert link.text == "corrections@example.org"
