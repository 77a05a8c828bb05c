"""Duplicate detection: similar names in one settlement, or points within 200 m."""

from decimal import Decimal

import pytest

from registry.choices import State
from registry.duplicates import candidate_pairs, candidates_for
from registry.workflow import CURATOR, REVIEWER
from tests.factories import MonumentFactory, user_with_role
from tests.forms import form_data

pytestmark = pytest.mark.django_db

# About 100 m and about 300 m north of the first point, in degrees of latitude.
NEAR, FAR = Decimal("0.0009"), Decimal("0.0027")


def bust(name_en: str, settlement: str = "Nikolsk", name_ru: str = "", **fields):
    return MonumentFactory(name_en=name_en, name_ru=name_ru, settlement_en=settlement,
                           settlement_ru=fields.pop("settlement_ru", ""),
                           state=fields.pop("state", State.DRAFT), **fields)


def point(monument, latitude: Decimal, longitude: Decimal = Decimal("45.456700")):
    monument.latitude, monument.longitude = latitude, longitude
    monument.save()
    return monument


def test_a_near_identical_name_in_the_same_settlement_is_a_candidate():
    first = bust("Stalin bust, Nikolsk", name_ru="Бюст Сталина в Никольске")
    second = bust("Stalin bust in Nikolsk", name_ru="Бюст И. В. Сталина в Никольске")
    [candidate] = candidates_for(first)
    assert candidate.monument == second
    assert candidate.similarity >= 0.5
    assert candidate.reason.startswith("similar name in the same settlement")


def test_the_russian_names_alone_can_make_a_candidate():
    first = bust("Monument in the park", name_ru="Бюст Сталина в Никольске")
    bust("Bust near school No. 2", name_ru="Бюст Сталина, Никольск")
    assert len(candidates_for(first)) == 1


def test_settlements_are_compared_without_case_in_either_language():
    first = bust("Stalin bust, Nikolsk", settlement="Nikolsk")
    bust("Stalin bust, Nikolsk", settlement="NIKOLSK")
    assert len(candidates_for(first)) == 1


@pytest.mark.parametrize(("name", "settlement"), [
    ("Memorial plaque at the railway station", "Nikolsk"),  # same place, another monument
    ("Stalin bust, Nikolsk", "Vologda"),  # same name, another town
])
def test_a_different_name_or_another_settlement_is_not_a_candidate(name, settlement):
    first = bust("Stalin bust, Nikolsk")
    bust(name, settlement=settlement)
    assert candidates_for(first) == []


def test_the_same_settlement_name_in_another_region_is_not_the_same_place():
    from tests.factories import region

    first = bust("Stalin bust, Nikolsk")
    bust("Stalin bust, Nikolsk", region=region("RU-PNZ"))
    assert candidates_for(first) == []


def test_a_point_100_m_away_is_a_candidate_whatever_its_name():
    first = point(bust("Stalin bust, Nikolsk"), Decimal("59.533900"))
    second = point(bust("Memorial plaque", settlement="Elsewhere"), Decimal("59.533900") + NEAR)
    [candidate] = candidates_for(first)
    assert candidate.monument == second
    assert 95 <= candidate.distance_m <= 105
    assert candidate.reason == f"{round(candidate.distance_m)} m apart"


def test_a_point_300_m_away_is_not_a_candidate():
    first = point(bust("Stalin bust, Nikolsk"), Decimal("59.533900"))
    point(bust("Memorial plaque", settlement="Elsewhere"), Decimal("59.533900") + FAR)
    assert candidates_for(first) == []


def test_east_west_distances_are_measured_at_the_latitude():
    # At 60° north a degree of longitude is half as long: 0.0034° is 189 m, 0.0040° is 223 m.
    first = point(bust("A", settlement="X"), Decimal("60"), Decimal("30"))
    point(bust("B", settlement="Y"), Decimal("60"), Decimal("30.0034"))
    point(bust("C", settlement="Z"), Decimal("60"), Decimal("30.0040"))
    assert [c.monument.name_en for c in candidates_for(first)] == ["B"]


def test_merged_and_retired_records_are_never_candidates():
    first = bust("Stalin bust, Nikolsk")
    bust("Stalin bust, Nikolsk", state=State.RETIRED)
    bust("Stalin bust, Nikolsk", state=State.RETIRED, duplicate_of=first)
    assert candidates_for(first) == []


def test_the_report_lists_each_pair_once_with_its_reason():
    a = point(bust("Stalin bust, Nikolsk"), Decimal("59.533900"))
    b = point(bust("Stalin bust in Nikolsk"), Decimal("59.533900") + NEAR)
    c = bust("Bust of Stalin, Bor", settlement="Bor")
    d = bust("Bust of Stalin in Bor", settlement="Bor")
    bust("Unrelated monument", settlement="Bor")
    pairs = {(p.first.pk, p.second.pk): p.reason for p in candidate_pairs()}
    assert set(pairs) == {(a.pk, b.pk), (c.pk, d.pk)}
    assert "similar name" in pairs[(a.pk, b.pk)] and "m apart" in pairs[(a.pk, b.pk)]
    assert pairs[(c.pk, d.pk)].startswith("similar name")


def test_the_report_agrees_with_the_one_record_check(real_records):
    from registry.models import Monument

    nikolsk = Monument.objects.get(public_id=37)
    bust(nikolsk.name_en + " (copy)", settlement=nikolsk.settlement_en, region=nikolsk.region)
    point(bust("Somewhere", settlement="Mirny"), Decimal("62.536111"), Decimal("113.975556"))
    point(Monument.objects.get(public_id=3), Decimal("62.536111") + NEAR, Decimal("113.975556"))
    from_pairs = {(p.first.pk, p.second.pk) for p in candidate_pairs()}
    from_records = {
        tuple(sorted((monument.pk, candidate.monument.pk)))
        for monument in Monument.objects.all() for candidate in candidates_for(monument)
    }
    assert from_pairs == from_records
    assert len(from_pairs) >= 2


def test_the_report_needs_a_constant_number_of_queries(django_assert_max_num_queries):
    for number in range(10):
        bust(f"Stalin bust number {number}")
    with django_assert_max_num_queries(2):
        assert len(candidate_pairs()) > 0


# --- In the admin ---------------------------------------------------------------------------


def test_saving_a_likely_duplicate_warns_with_links_to_the_candidates(client):
    existing = bust("Stalin bust, Nikolsk", state=State.PUBLISHED)
    client.force_login(user_with_role(CURATOR))
    page = client.get("/admin/registry/monument/add/")
    data = form_data(page.content.decode(), "monument_form")
    data.update(name_en="Stalin bust in Nikolsk", settlement_en="Nikolsk", country="RU",
                region=str(existing.region_id))
    response = client.post("/admin/registry/monument/add/", data, follow=True)
    html = response.content.decode()
    assert "This may be a duplicate of:" in html
    assert f'href="/admin/registry/monument/{existing.pk}/change/"' in html


def test_the_change_form_lists_possible_duplicates(client):
    first = bust("Stalin bust, Nikolsk")
    second = bust("Stalin bust in Nikolsk")
    client.force_login(user_with_role(CURATOR))
    html = client.get(f"/admin/registry/monument/{first.pk}/change/").content.decode()
    assert f'<a href="/admin/registry/monument/{second.pk}/change/">' in html


def test_the_report_page_links_pairs_to_a_merge_for_reviewers_only(client):
    first, second = bust("Stalin bust, Nikolsk"), bust("Stalin bust in Nikolsk")
    merge_link = f"/admin/registry/monument/merge/?ids={first.pk},{second.pk}"
    client.force_login(user_with_role(REVIEWER))
    html = client.get("/admin/registry/monument/duplicates/").content.decode()
    assert "1 pair." in html and merge_link in html
    client.force_login(user_with_role(CURATOR, username="c2"))
    html = client.get("/admin/registry/monument/duplicates/").content.decode()
    assert "1 pair." in html and merge_link not in html
