"""The registry as of a past day: exactly the records published then, with the values of then.

One history is written on controlled dates (time frozen), then read back as of each day through
the FilterSet and the counting module, the way the pages and the API read it.
"""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.http import QueryDict

from registry import asof, exports, stats
from registry.choices import ActorCategory, EventKind, Role, State
from registry.filters import AsOfMonumentFilterSet, MonumentFilterSet, filterset_for
from registry.models import ActorRole, Event, Monument
from registry.workflow import monument_transition
from tests.factories import ActorFactory, MonumentFactory, UserFactory, region

pytestmark = pytest.mark.django_db

JAN, FEB, MAR, APR = (dt.date(2025, 1, 10), dt.date(2025, 2, 10), dt.date(2025, 3, 10),
                      dt.date(2025, 4, 10))


def at(day: dt.date, hour: int = 12):
    """Freeze time at `hour` o'clock UTC of `day`."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC),
                               tick=False)


def params(**values) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        query[name] = str(value)
    return query


def records(**values) -> dict[int, Monument]:
    """The public records for these query parameters, by public id, as list rows."""
    filterset = filterset_for(params(**values))
    assert filterset.is_valid(), filterset.errors
    queryset = filterset.qs
    rows = queryset.for_list() if asof.is_as_of(queryset) else queryset
    return {monument.public_id: monument for monument in rows}


def counts(dimension: str, **values) -> dict:
    filterset = filterset_for(params(**values))
    assert filterset.is_valid(), filterset.errors
    return {row[dimension]: row["count"] for row in stats.count_by(filterset.qs, [dimension])}


@pytest.fixture
def history():
    """Four days in the life of the registry.

    10 Jan: Vologda bust (installed 2019, KPRF) published; Novosibirsk statue drafted.
    10 Feb: the statue published; the bust's region corrected to Novosibirsk Oblast.
    10 Mar: the bust's first installation corrected to 2018; the statue retired; a Moscow plaque
            published.
    10 Apr: the bust's sponsor corrected to a business; the plaque renamed.
    """
    reviewer = UserFactory(username="reviewer", is_staff=True, is_superuser=True)
    kprf = ActorFactory(name_en="KPRF Vologda committee", category=ActorCategory.KPRF)
    with at(JAN):
        bust = MonumentFactory(name_en="Bust of Stalin in Vologda", region=region("RU-VLG"),
                               installed="2019-05-09", sponsor=kprf)
        statue = MonumentFactory(name_en="Statue of Stalin in Berdsk", region=region("RU-NVS"),
                                 installed="2020", state=State.DRAFT,
                                 sponsor__category=ActorCategory.COSSACK)
    with at(FEB):
        statue.state = State.IN_REVIEW
        statue.save()
        monument_transition(monument=statue, name="publish", user=reviewer)
        bust.region = region("RU-NVS")
        bust.save()
    with at(MAR):
        event = Event.objects.get(monument=bust, kind=EventKind.UNVEILED)
        event.date = "2018"
        event.save()
        monument_transition(monument=Monument.objects.get(pk=statue.pk), name="retire",
                            user=reviewer)
        plaque = MonumentFactory(name_en="Plaque with Stalin in Moscow", region=region("RU-MOW"),
                                 installed="2021-12-21", form="plaque_portrait",
                                 sponsor__category=ActorCategory.INDIVIDUAL)
    with at(APR):
        business = ActorFactory(name_en="Stalin Cafe LLC", category=ActorCategory.BUSINESS)
        ActorRole.objects.create(monument=bust, actor=business, role=Role.SPONSOR, position=0)
        ActorRole.objects.get(monument=bust, actor=kprf).delete()
        plaque.name_en = "Portrait plaque of Stalin, Moscow"
        plaque.save()
    return {"bust": Monument.objects.get(pk=bust.pk), "statue": statue, "plaque": plaque,
            "kprf": kprf, "business": business}


class TestRecordsAsOfADay:
    def test_before_the_first_record_the_registry_is_empty(self, history):
        assert records(as_of="2025-01-09") == {}

    def test_a_record_is_present_from_the_day_it_was_published(self, history):
        bust, statue = history["bust"], history["statue"]
        assert set(records(as_of=JAN)) == {bust.public_id}
        assert set(records(as_of=FEB)) == {bust.public_id, statue.public_id}

    def test_a_retired_record_is_absent_from_the_day_it_was_retired(self, history):
        bust, statue, plaque = history["bust"], history["statue"], history["plaque"]
        assert statue.public_id in records(as_of=FEB)
        assert set(records(as_of=MAR)) == {bust.public_id, plaque.public_id}
        assert set(records()) == {bust.public_id, plaque.public_id}

    def test_field_values_are_those_of_the_day(self, history):
        bust = history["bust"].public_id
        assert records(as_of=JAN)[bust].region.code == "RU-VLG"
        assert records(as_of=FEB)[bust].region.code == "RU-NVS"
        assert records(as_of=FEB)[bust].installed_year == 2019
        assert records(as_of=MAR)[bust].installed_year == 2018
        assert records(as_of=MAR)[bust].installed_precision == "year"

    def test_sponsors_and_sponsor_category_are_those_of_the_day(self, history):
        bust = history["bust"].public_id
        on_march = records(as_of=MAR)[bust]
        assert on_march.sponsor_category == ActorCategory.KPRF
        assert [role.actor.name_en for role in on_march.sponsor_roles] == [
            "KPRF Vologda committee"]
        on_april = records(as_of=APR)[bust]
        assert on_april.sponsor_category == ActorCategory.BUSINESS
        assert [role.actor.name_en for role in on_april.sponsor_roles] == ["Stalin Cafe LLC"]

    def test_list_rows_are_monuments_with_the_values_of_the_day(self, history):
        plaque = records(as_of=MAR)[history["plaque"].public_id]
        assert isinstance(plaque, Monument)
        assert plaque.name_en == "Plaque with Stalin in Moscow"
        assert plaque.slug == history["plaque"].slug

    def test_the_end_of_the_day_is_midnight_utc(self, history):
        with at(dt.date(2025, 5, 1), hour=23):
            MonumentFactory(name_en="Late-night record")
        assert "Late-night record" not in {m.name_en for m in records(as_of="2025-04-30")
                                           .values()}
        assert "Late-night record" in {m.name_en for m in records(as_of="2025-05-01").values()}


class TestFiltersAsOfADay:
    def test_region_filters_on_the_region_of_the_day(self, history):
        bust = history["bust"].public_id
        assert set(records(as_of=JAN, region="RU-VLG")) == {bust}
        assert set(records(as_of=FEB, region="RU-VLG")) == set()
        assert bust in records(as_of=FEB, region="RU-NVS")

    def test_year_filters_on_the_first_installation_of_the_day(self, history):
        bust = history["bust"].public_id
        assert set(records(as_of=FEB, year_min=2019, year_max=2019)) == {bust}
        assert set(records(as_of=MAR, year_min=2019, year_max=2019)) == set()
        assert set(records(as_of=MAR, installed_before="2018-12-31")) == {bust}

    def test_sponsor_category_and_actor_filter_on_the_sponsors_of_the_day(self, history):
        bust = history["bust"].public_id
        assert set(records(as_of=MAR, sponsor_category="kprf")) == {bust}
        assert set(records(as_of=APR, sponsor_category="kprf")) == set()
        assert set(records(as_of=MAR, actor=history["kprf"].slug)) == {bust}
        assert set(records(as_of=APR, actor=history["kprf"].slug)) == set()
        assert set(records(as_of=APR, actor=history["business"].slug)) == {bust}

    def test_search_finds_the_names_of_the_day(self, history):
        plaque = history["plaque"].public_id
        assert set(records(as_of=MAR, q="plaque")) == {plaque}
        assert set(records(as_of=MAR, q="portrait")) == set()
        assert set(records(as_of=APR, q="portrait")) == {plaque}
        bust = history["bust"].public_id
        assert set(records(as_of=JAN, q="Вологодская")) == {bust}
        assert set(records(as_of=MAR, q="Вологодская")) == set()
        assert set(records(as_of=MAR, q="Новосибирская")) == {bust}
        assert set(records(as_of=MAR, q="KPRF committee")) == {bust}
        assert set(records(as_of=APR, q="KPRF committee")) == set()

    def test_the_as_of_filterset_has_the_same_parameters(self):
        assert set(AsOfMonumentFilterSet.base_filters) == set(MonumentFilterSet.base_filters)


class TestCountsAsOfADay:
    def test_counts_by_year_region_and_sponsor_are_those_of_the_day(self, history):
        assert counts("year", as_of=FEB) == {2019: 1, 2020: 1}
        assert counts("year", as_of=MAR) == {2018: 1, 2021: 1}
        assert counts("region", as_of=JAN) == {"RU-VLG": 1}
        assert counts("region", as_of=FEB) == {"RU-NVS": 2}
        assert counts("sponsor_category", as_of=FEB) == {"kprf": 1, "cossack": 1}
        assert counts("sponsor_category", as_of=APR) == {"business": 1, "individual": 1}

    def test_counts_by_actor_use_the_first_sponsor_of_the_day(self, history):
        kprf, business = history["kprf"].slug, history["business"].slug
        assert counts("actor", as_of=MAR)[kprf] == 1
        assert business not in counts("actor", as_of=MAR)
        assert counts("actor", as_of=APR)[business] == 1
        assert kprf not in counts("actor", as_of=APR)

    def test_a_count_as_of_a_day_does_not_change_after_later_edits(self, history):
        before = counts("region", as_of=FEB, origin="new,soviet_replica")
        with at(dt.date(2025, 6, 1)):
            MonumentFactory(region=region("RU-NVS"))
            bust = history["bust"]
            bust.region = region("RU-KDA")
            bust.save()
            monument_transition(monument=bust, name="retire",
                                user=UserFactory(username="boss", is_superuser=True))
        assert counts("region", as_of=FEB, origin="new,soviet_replica") == before
        assert counts("region") == {"RU-MOW": 1, "RU-NVS": 1}

    def test_a_deleted_record_still_counts_on_the_days_it_was_published(self, history):
        with at(dt.date(2025, 6, 1)):
            Monument.objects.get(pk=history["plaque"].pk).delete()
        assert history["plaque"].public_id in records(as_of=MAR)
        assert history["plaque"].public_id not in records()


class TestAsOfParameter:
    @pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "2025-02-30", "10.01.2025"])
    def test_a_malformed_day_is_a_form_error_naming_as_of(self, value):
        filterset = filterset_for(params(as_of=value))
        assert not filterset.is_valid()
        assert list(filterset.errors) == ["as_of"]

    def test_a_future_day_is_a_form_error(self):
        tomorrow = asof.today() + dt.timedelta(days=1)
        filterset = filterset_for(params(as_of=tomorrow))
        assert not filterset.is_valid()
        assert "future" in str(filterset.errors["as_of"])

    def test_today_is_allowed(self):
        filterset = filterset_for(params(as_of=asof.today()))
        assert filterset.is_valid()
        assert filterset.as_of_date == asof.today()

    def test_without_as_of_the_filterset_reads_todays_records(self):
        filterset = filterset_for(params(region="RU-VLG"))
        assert type(filterset) is MonumentFilterSet
        assert filterset.as_of_date is None

    def test_as_of_over_todays_records_is_refused_rather_than_answered_wrongly(self):
        from django.core.exceptions import ImproperlyConfigured

        filterset = MonumentFilterSet(params(as_of="2025-01-10"),
                                      queryset=Monument.objects.published())
        with pytest.raises(ImproperlyConfigured):
            list(filterset.qs)

    def test_the_number_of_queries_does_not_grow_with_the_page(self, history,
                                                               django_assert_max_num_queries):
        with at(APR):
            for _ in range(10):
                MonumentFactory()
        filterset = filterset_for(params(as_of=APR))
        with django_assert_max_num_queries(4):
            rows = list(filterset.qs.for_list()[:20])
        assert len(rows) == 12


class TestExportsAsOfADay:
    def test_the_csv_of_a_past_day_has_the_values_and_sponsors_of_that_day(
        self, history, settings, django_assert_max_num_queries
    ):
        filterset = filterset_for(params(as_of=MAR))
        with django_assert_max_num_queries(6):
            text = "".join(exports.csv_lines(filterset.qs))
        rows = {int(row["public_id"]): row for row in csv.DictReader(io.StringIO(text))}
        assert set(rows) == {history["bust"].public_id, history["plaque"].public_id}
        bust = rows[history["bust"].public_id]
        assert (bust["region_code"], bust["installed_year"], bust["sponsors"]) == (
            "RU-NVS", "2018", "KPRF Vologda committee")
        assert bust["source_count"] == "1"
        text = "".join(exports.csv_lines(filterset_for(params(as_of=APR)).qs))
        assert "Stalin Cafe LLC" in text and "KPRF Vologda committee" not in text
