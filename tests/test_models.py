"""The data model: what the database guarantees, and what is derived rather than typed."""

import pytest
from django.db import IntegrityError, transaction

from registry.choices import ActorCategory, DatePrecision, EventKind, Role, State
from registry.models import Actor, ActorRole, Event, Monument
from tests.factories import ActorFactory, EventFactory, MonumentFactory, region

pytestmark = pytest.mark.django_db


def update_fails(**values) -> bool:
    monument = MonumentFactory()
    try:
        with transaction.atomic():
            Monument.objects.filter(pk=monument.pk).update(**values)
    except IntegrityError:
        return True
    return False


class TestDatabaseConstraints:
    @pytest.mark.parametrize("values", [
        {"latitude": 91, "longitude": 30},
        {"latitude": -90.5, "longitude": 30},
        {"latitude": 55, "longitude": 180.5},
        {"latitude": 55, "longitude": None},
    ])
    def test_bad_coordinates_are_rejected_by_the_database(self, values):
        assert update_fails(**values)

    def test_good_coordinates_are_accepted(self):
        assert not update_fails(latitude=62.536111, longitude=113.961111)

    @pytest.mark.parametrize("year", [1899, 2101, 3019])
    def test_impossible_installation_years_are_rejected_by_the_database(self, year):
        assert update_fails(installed_year=year)

    def test_impossible_event_dates_are_rejected_by_the_database(self):
        event = EventFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.filter(pk=event.pk).update(date_earliest="1850-01-01",
                                                     date_latest="1850-12-31")

    def test_a_published_monument_must_have_a_region(self):
        assert update_fails(region=None)
        draft = MonumentFactory(state=State.DRAFT, region=None)
        assert draft.region is None

    def test_public_identifiers_and_slugs_are_unique(self):
        first, second = MonumentFactory(), MonumentFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Monument.objects.filter(pk=second.pk).update(public_id=first.public_id)
        with pytest.raises(IntegrityError), transaction.atomic():
            Monument.objects.filter(pk=second.pk).update(slug=first.slug)

    @pytest.mark.parametrize("values", [
        {"country": "ru"}, {"controlled_by": "ru"}, {"wikidata_id": "4115189"},
        {"osm_id": "node/abc"}, {"height_m": 0},
    ])
    def test_malformed_identifiers_are_rejected_by_the_database(self, values):
        assert update_fails(**values)

    def test_a_monument_cannot_duplicate_itself(self):
        monument = MonumentFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            Monument.objects.filter(pk=monument.pk).update(duplicate_of=monument)


class TestPublicIdentifiers:
    def test_each_monument_gets_the_next_public_identifier(self):
        first, second = MonumentFactory(), MonumentFactory()
        assert second.public_id > first.public_id

    def test_identifiers_of_deleted_records_are_never_reused(self):
        doomed = MonumentFactory()
        number = doomed.public_id
        doomed.delete()
        assert MonumentFactory().public_id > number

    def test_slugs_transliterate_russian_names_and_stay_unique(self):
        first = MonumentFactory(name_en="", name_ru="Бюст Сталина в Нюрбе")
        second = MonumentFactory(name_en="", name_ru="Бюст Сталина в Нюрбе")
        assert first.slug == "byust-stalina-v-nyurbe"
        assert second.slug == "byust-stalina-v-nyurbe-2"


class TestFirstInstallation:
    def test_is_derived_from_the_earliest_installation_event(self):
        monument = MonumentFactory(installed="2011-07-15")
        monument.refresh_from_db()
        assert str(monument.installed_earliest) == "2011-07-15"
        assert monument.installed_year == 2011
        assert monument.installed_precision == DatePrecision.DAY

    @pytest.mark.parametrize("kind", [EventKind.RELOCATED, EventKind.REINSTALLED,
                                      EventKind.RESTORED])
    def test_a_relocation_or_reinstallation_does_not_make_a_monument_new_again(self, kind):
        monument = MonumentFactory(installed="2011-07-15")
        Event.objects.create(monument=monument, kind=kind, date="2015")
        monument.refresh_from_db()
        assert monument.installed_year == 2011

    def test_an_earlier_installation_event_added_later_wins(self):
        monument = MonumentFactory(installed="2019")
        Event.objects.create(monument=monument, kind=EventKind.INSTALLED, date="2005-05-08")
        monument.refresh_from_db()
        assert monument.installed_year == 2005

    def test_deleting_the_installation_event_clears_it(self):
        monument = MonumentFactory(installed="2019")
        monument.events.all().delete()
        monument.refresh_from_db()
        assert monument.installed_year is None
        assert monument.installed_precision == DatePrecision.UNKNOWN

    @pytest.mark.parametrize(("edtf", "year", "precision"), [
        ("2019-05", 2019, DatePrecision.MONTH),
        ("2019~", 2019, DatePrecision.APPROXIMATE),
        ("201X", None, DatePrecision.DECADE),
        ("", None, DatePrecision.UNKNOWN),
    ])
    def test_is_counted_by_year_only_when_known_to_the_year(self, edtf, year, precision):
        monument = MonumentFactory(installed=edtf or False)
        if not edtf:
            Event.objects.create(monument=monument, kind=EventKind.INSTALLED, date="")
        monument.refresh_from_db()
        assert monument.installed_year == year
        assert monument.installed_precision == precision

    def test_a_malformed_edtf_date_is_a_validation_error(self):
        from django.core.exceptions import ValidationError

        event = Event(monument=MonumentFactory(), kind=EventKind.INSTALLED, date="2019-13-45")
        with pytest.raises(ValidationError) as error:
            event.full_clean()
        assert "date" in error.value.message_dict


class TestSponsorCategory:
    def test_is_the_category_of_the_first_sponsor(self):
        monument = MonumentFactory(sponsor__category=ActorCategory.BUSINESS)
        ActorRole.objects.create(monument=monument, actor=ActorFactory(), role=Role.SPONSOR,
                                 position=5)
        monument.refresh_from_db()
        assert monument.sponsor_category == ActorCategory.BUSINESS

    def test_is_unknown_without_a_sponsor(self):
        monument = MonumentFactory(sponsor=False)
        assert monument.sponsor_category == ActorCategory.UNKNOWN

    def test_follows_a_change_of_the_actors_category(self):
        actor = ActorFactory(category=ActorCategory.KPRF)
        monument = MonumentFactory(sponsor=actor)
        actor.category = ActorCategory.INDIVIDUAL
        actor.save()
        monument.refresh_from_db()
        assert monument.sponsor_category == ActorCategory.INDIVIDUAL


class TestActors:
    def test_a_regional_committee_belongs_to_its_party(self):
        party = ActorFactory(name_en="KPRF")
        committee = ActorFactory(name_en="KPRF Penza committee", parent=party)
        cell = ActorFactory(name_en="KPRF Penza city cell", parent=committee)
        other = ActorFactory()
        assert set(Actor.objects.with_descendants(party)) == {party, committee, cell}
        assert other not in Actor.objects.with_descendants(party)


class TestQuerySets:
    def test_published_excludes_drafts_in_review_and_retired_records(self):
        published = MonumentFactory()
        for state in (State.DRAFT, State.IN_REVIEW, State.RETIRED):
            MonumentFactory(state=state)
        assert list(Monument.objects.published()) == [published]

    def test_for_detail_reads_a_monument_in_a_fixed_number_of_queries(
        self, django_assert_num_queries
    ):
        monument = MonumentFactory(region=region("RU-PNZ"))
        with django_assert_num_queries(6):
            record = Monument.objects.for_detail().get(pk=monument.pk)
            assert [c.source.title for c in record.citations.all()]
            assert [r.actor.name_en for r in record.roles.all()]
            assert [e.kind for e in record.events.all()]


class TestHistoryOfDerivedFields:
    def test_a_change_of_first_installation_is_a_new_version_of_the_record(self):
        monument = MonumentFactory(installed="2019")
        Event.objects.create(monument=monument, kind=EventKind.INSTALLED, date="2005")
        latest = monument.history.first()
        assert latest.installed_year == 2005
        assert [v.installed_year for v in monument.history.all()][:2] == [2005, 2019]

    def test_a_refresh_that_changes_nothing_writes_no_version(self):
        from registry import derived

        monument = MonumentFactory()
        versions = monument.history.count()
        derived.refresh([monument.pk])
        assert monument.history.count() == versions
