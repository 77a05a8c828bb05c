"""The browse page (/<lang>/monuments/): search, every filter, sorting, pagination, the filter
state in the URL, download links, and clear messages for wrong values."""

import datetime as dt

import pytest
import time_machine

from registry.choices import ActorCategory, Form, Origin, Setting, Status
from tests.factories import ActorFactory, MonumentFactory, region
from tests.pagetools import html, query, result_count, result_names, text

pytestmark = pytest.mark.django_db

BROWSE = "/en/monuments/"


def browse(client, **params):
    response = client.get(BROWSE, params)
    assert response.status_code == 200, text(response)
    return response


@pytest.fixture
def novosibirsk(db):
    return MonumentFactory(
        name_en="Stalin bust at the KPRF regional committee, Novosibirsk",
        name_ru="Бюст И. В. Сталина во дворе обкома КПРФ",
        settlement_en="Novosibirsk", settlement_ru="Новосибирск", region=region("RU-NVS"),
        installed="2019-05-09",
    )


@pytest.fixture
def oryol(db):
    return MonumentFactory(
        name_en="Stalin monument, Oryol", name_ru="Памятник Сталину в Орле",
        settlement_en="Oryol", settlement_ru="Орёл", region=region("RU-ORL"),
        description_ru="Памятник Сталину установили коммунисты.", installed="2010",
    )


def test_browse_lists_every_published_record_with_the_count(client):
    MonumentFactory.create_batch(3)
    response = browse(client)
    assert result_count(response) == 3
    assert len(result_names(response)) == 3


def test_a_record_row_shows_place_date_form_status_and_sponsor_linked_to_its_actor(client):
    sponsor = ActorFactory(name_en="KPRF Vologda committee")
    monument = MonumentFactory(name_en="Bust in Vologda", installed="2019-05-09",
                               sponsor=sponsor)
    page = html(browse(client))
    row = page.select_one(".result")
    assert row.select_one(".result__name a")["href"] == monument.get_absolute_url()
    row_text = " ".join(row.get_text(" ").split())
    assert "Vologda, Vologda Oblast" in row_text
    assert "9 May 2019" in row_text
    assert "Bust" in row_text and "Standing" in row_text
    assert row.find("a", string="KPRF Vologda committee")["href"] == sponsor.get_absolute_url()


class TestSearch:
    @pytest.mark.parametrize("words", ["Novosibirsk", "Новосибирск", "NOVOSIBIRSK",
                                       "новосибирск", "Novosibrisk"])
    def test_finds_the_novosibirsk_bust_in_latin_cyrillic_any_case_and_with_a_typo(
        self, client, novosibirsk, oryol, words
    ):
        assert result_names(browse(client, q=words)) == [novosibirsk.name_en]

    def test_a_russian_word_form_finds_its_other_forms(self, client, novosibirsk, oryol):
        # "сталину" (dative) finds "Сталина" (genitive) and "Сталину".
        assert set(result_names(browse(client, q="сталину"))) == {novosibirsk.name_en,
                                                                   oryol.name_en}

    @pytest.mark.parametrize("words", ["Орёл", "Орел", "орел"])
    def test_yo_and_ye_are_the_same_letter(self, client, novosibirsk, oryol, words):
        assert result_names(browse(client, q=words)) == [oryol.name_en]

    def test_search_also_reads_descriptions(self, client, novosibirsk, oryol):
        assert result_names(browse(client, q="коммунисты")) == [oryol.name_en]

    def test_search_keeps_the_other_filters(self, client, novosibirsk, oryol):
        assert result_count(browse(client, q="сталину", region="RU-ORL")) == 1

    def test_nothing_found_says_so(self, client, novosibirsk):
        response = browse(client, q="Vladivostok")
        assert result_count(response) == 0
        assert "No published record matches these filters." in text(response)


class TestFilters:
    """Each filter of MonumentFilterSet, through the page, with the API's parameter names."""

    def test_region_takes_one_or_several_codes(self, client, novosibirsk, oryol):
        MonumentFactory(region=region("RU-VLG"))
        assert result_names(browse(client, region="RU-ORL")) == [oryol.name_en]
        assert result_count(browse(client, region="RU-ORL,RU-NVS")) == 2
        assert result_count(client.get(f"{BROWSE}?region=RU-ORL&region=RU-NVS")) == 2

    def test_sponsor_category(self, client):
        kprf = MonumentFactory(sponsor__category=ActorCategory.KPRF)
        MonumentFactory(sponsor__category=ActorCategory.BUSINESS)
        assert result_names(browse(client, sponsor_category="kprf")) == [kprf.name_en]
        assert result_count(browse(client, sponsor_category="kprf,business")) == 2

    @pytest.mark.parametrize(("name", "wanted", "other"), [
        ("form", Form.STATUE, Form.BUST),
        ("status", Status.REMOVED, Status.STANDING),
        ("setting", Setting.PARTY_OFFICE, Setting.PUBLIC_SPACE),
        ("origin", Origin.SOVIET_RESTORATION, Origin.NEW),
    ])
    def test_vocabulary_filters(self, client, name, wanted, other):
        match = MonumentFactory(**{name: wanted})
        MonumentFactory(**{name: other})
        assert result_names(browse(client, **{name: wanted})) == [match.name_en]

    def test_settlement_matches_part_of_the_name_in_either_language(self, client, oryol,
                                                                     novosibirsk):
        assert result_names(browse(client, settlement="Орё")) == [oryol.name_en]
        assert result_names(browse(client, settlement="novosib")) == [novosibirsk.name_en]

    def test_country_and_controlled_by(self, client):
        crimea = MonumentFactory(country="UA", controlled_by="RU", region=region("UA-43"))
        MonumentFactory()
        assert result_names(browse(client, country="UA")) == [crimea.name_en]
        assert result_names(browse(client, controlled_by="RU")) == [crimea.name_en]

    def test_actor_includes_the_branches_of_an_organisation(self, client):
        party = ActorFactory(slug="kprf", name_en="KPRF")
        committee = ActorFactory(slug="kprf-penza", parent=party)
        by_committee = MonumentFactory(sponsor=committee)
        by_party = MonumentFactory(sponsor=party)
        MonumentFactory()
        assert set(result_names(browse(client, actor="kprf"))) == {by_committee.name_en,
                                                                     by_party.name_en}
        assert result_names(browse(client, actor="kprf-penza")) == [by_committee.name_en]

    def test_years_of_first_installation(self, client):
        early = MonumentFactory(installed="2005")
        late = MonumentFactory(installed="2021-06")
        assert result_names(browse(client, year_min=2010)) == [late.name_en]
        assert result_names(browse(client, year_max=2010)) == [early.name_en]
        assert result_count(browse(client, year_min=2005, year_max=2021)) == 2

    def test_installation_dates(self, client):
        early = MonumentFactory(installed="2019-05-09")
        late = MonumentFactory(installed="2019-11-07")
        assert result_names(browse(client, installed_after="2019-06-01")) == [late.name_en]
        assert result_names(browse(client, installed_before="2019-06-01")) == [early.name_en]

    def test_places_with_coordinates_a_bounding_box_and_a_radius(self, client):
        vologda = MonumentFactory(latitude="59.220000", longitude="39.890000",
                                  coordinate_precision="exact")
        penza = MonumentFactory(latitude="53.200000", longitude="45.000000",
                                coordinate_precision="exact")
        nowhere = MonumentFactory()
        assert set(result_names(browse(client, has_coordinates="true"))) == {
            vologda.name_en, penza.name_en}
        assert result_names(browse(client, has_coordinates="false")) == [nowhere.name_en]
        assert result_names(browse(client, bbox="38,58,41,60")) == [vologda.name_en]
        assert result_names(browse(client, near="53.2,45.01", radius_km="5")) == [penza.name_en]

    def test_updated_since(self, client):
        with time_machine.travel(dt.datetime(2024, 1, 1, tzinfo=dt.UTC)):
            MonumentFactory()
        recent = MonumentFactory()
        assert result_names(browse(client, updated_since="2025-01-01T00:00:00Z")) == [
            recent.name_en]


class TestOrdering:
    def test_newest_first_by_default_with_undated_records_last(self, client):
        undated = MonumentFactory(name_en="Undated", installed=False)
        old = MonumentFactory(name_en="Old", installed="2001")
        new = MonumentFactory(name_en="New", installed="2024-02-01")
        assert result_names(browse(client)) == [new.name_en, old.name_en, undated.name_en]

    @pytest.mark.parametrize(("ordering", "expected"), [
        ("name", ["Alpha", "Beta", "Gamma"]),
        ("-name", ["Gamma", "Beta", "Alpha"]),
        ("installed", ["Beta", "Gamma", "Alpha"]),
        ("-installed", ["Alpha", "Gamma", "Beta"]),
    ])
    def test_sorting_by_name_or_date(self, client, ordering, expected):
        MonumentFactory(name_en="Gamma", installed="2010")
        MonumentFactory(name_en="Alpha", installed="2020")
        MonumentFactory(name_en="Beta", installed="2000")
        assert result_names(browse(client, ordering=ordering)) == expected

    def test_search_results_come_by_relevance(self, client):
        MonumentFactory(name_en="Stalin bust", description_en="Near the Novosibirsk road.")
        best = MonumentFactory(name_en="Stalin bust, Novosibirsk", settlement_en="Novosibirsk")
        assert result_names(browse(client, q="Novosibirsk"))[0] == best.name_en

    def test_the_sort_control_shows_the_current_order(self, client):
        MonumentFactory()
        page = html(browse(client, ordering="-name"))
        assert page.select_one("#id_ordering option[selected]")["value"] == "-name"


class TestPagination:
    @pytest.fixture
    def fifty_one(self, db):
        return MonumentFactory.create_batch(51, cited=False, sponsor=False)

    def test_fifty_records_a_page_and_the_rest_on_the_next(self, client, fifty_one):
        first = browse(client)
        assert result_count(first) == 51
        assert len(result_names(first)) == 50
        second = browse(client, page=2)
        assert len(result_names(second)) == 1
        assert html(second).select_one(".results")["start"] == "51"

    def test_page_links_keep_the_filters(self, client, fifty_one):
        page = html(browse(client, region="RU-VLG", ordering="name"))
        following = page.select_one(".pagination a[rel=next]")["href"]
        assert query(following) == {"region": ["RU-VLG"], "ordering": ["name"], "page": ["2"]}

    def test_a_page_past_the_end_says_how_many_pages_there_are(self, client, fifty_one):
        response = client.get(BROWSE, {"page": 3})
        assert response.status_code == 404
        assert "There is no page 3: these results fill 2 page(s)." in text(response)

    @pytest.mark.parametrize("page", ["0", "-1", "two", "1.5"])
    def test_a_malformed_page_number_is_a_clear_error(self, client, fifty_one, page):
        response = client.get(BROWSE, {"page": page})
        assert response.status_code == 400
        assert "“page” must be a whole number of 1 or more" in text(response)

    def test_no_records_is_one_empty_page_not_an_error(self, client):
        assert result_count(browse(client)) == 0


class TestWrongValues:
    @pytest.mark.parametrize(("params", "field", "message"), [
        ({"region": "XX-YY"}, "Region", "Unknown region code(s): XX-YY"),
        ({"form": "obelisk"}, "Form", "Unknown value(s): obelisk"),
        ({"sponsor_category": "aliens"}, "Sponsor category", "Unknown value(s): aliens"),
        ({"year_min": "nineteen"}, "First installed from (year)", "Enter a whole number"),
        ({"year_max": "1800"}, "First installed to (year)", "greater than or equal to 1900"),
        ({"installed_after": "2019-13-45"}, "First installed on or after", "Enter a valid date"),
        ({"bbox": "1,2,3"}, "Bounding box", "Expected minlon,minlat,maxlon,maxlat"),
        ({"near": "95,10"}, "Near", "lat must be between -90 and 90"),
        ({"has_coordinates": "maybe"}, "Has coordinates", "Select a valid choice"),
        ({"ordering": "price"}, "Order by", "Select a valid choice"),
        ({"actor": "nobody"}, "Actor", "Unknown actor(s): nobody"),
        ({"country": "XX"}, "Country", "Unknown value(s): XX"),
        ({"updated_since": "yesterday"}, "Updated since", "Enter a valid date/time"),
    ])
    def test_are_named_on_the_page_with_the_reason(self, client, params, field, message):
        MonumentFactory()
        response = client.get(BROWSE, params)
        assert response.status_code == 400
        alert = " ".join(html(response).select_one("#filter-errors").get_text(" ").split())
        assert field in alert
        assert message in alert
        assert "records match" not in text(response)

    def test_the_wrong_field_is_marked_and_keeps_its_value(self, client):
        page = html(client.get(BROWSE, {"year_min": "nineteen", "region": "RU-VLG"}))
        field = page.select_one("#id_year_min")
        assert field["aria-invalid"] == "true"
        assert field["value"] == "nineteen"

    @pytest.mark.parametrize("junk", ["%00", "' OR 1=1 --", "𝕊𝕥𝕒𝕝𝕚𝕟", "a" * 5000, ",,,", "\\"])
    def test_junk_in_any_parameter_is_never_a_server_error(self, client, junk):
        MonumentFactory()
        for name in ("q", "region", "form", "year_min", "bbox", "near", "radius_km", "actor",
                     "settlement", "ordering", "page", "installed_before", "updated_since"):
            assert client.get(BROWSE, {name: junk}).status_code in {200, 302, 400, 404}


class TestFilterState:
    def test_the_form_holds_every_value_of_the_url(self, client, novosibirsk):
        page = html(browse(client, q="bust", region="RU-NVS", sponsor_category="kprf,business",
                           origin="new", year_min="2000", bbox="30,50,90,60"))
        assert page.select_one("#id_q")["value"] == "bust"
        assert page.select_one("#id_region option[selected]")["value"] == "RU-NVS"
        assert page.select_one("#id_sponsor_category_kprf").has_attr("checked")
        assert page.select_one("#id_sponsor_category_business").has_attr("checked")
        assert not page.select_one("#id_sponsor_category_individual").has_attr("checked")
        assert page.select_one("#id_origin_new").has_attr("checked")
        assert page.select_one("#id_year_min")["value"] == "2000"
        assert page.select_one("#id_bbox")["value"] == "30,50,90,60"

    def test_every_control_has_a_label(self, client):
        page = html(browse(client))
        form = page.select_one("form.filters")
        for control in form.select("input, select"):
            assert form.select_one(f'label[for="{control["id"]}"]'), control

    def test_the_empty_fields_a_form_submits_are_dropped_from_the_url(self, client):
        response = client.get(f"{BROWSE}?q=&region=RU-VLG&form=&year_min=")
        assert response.status_code == 302
        assert response["Location"] == f"{BROWSE}?region=RU-VLG"

    def test_download_links_carry_exactly_the_current_filters(self, client, novosibirsk):
        params = {"q": "bust", "region": "RU-NVS", "sponsor_category": "kprf",
                  "ordering": "name"}
        page = html(browse(client, page=1, **params))
        csv_link = page.find("a", string="CSV")["href"]
        geojson_link = page.find("a", string="GeoJSON")["href"]
        assert csv_link.startswith("/en/monuments/download.csv?")
        assert geojson_link.startswith("/en/monuments/download.geojson?")
        expected = {name: [value] for name, value in params.items()}
        assert query(csv_link) == expected
        assert query(geojson_link) == expected
