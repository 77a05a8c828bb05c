"""Comparing the registry with a published study: which records it counts, and the counts side
by side for the same filters."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from registry import asof, stats
from registry.choices import State
from registry.filters import filterset_for
from registry.models import DatasetEntry
from tests.factories import (
    DatasetEntryFactory,
    DatasetFactory,
    MonumentFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db


def public_ids(**params) -> set[int]:
    filterset = filterset_for(params)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("public_id", flat=True))


@pytest.fixture
def study():
    """A study counting two of three Vologda records, one Moscow record and a retired one."""
    dataset = DatasetFactory(title="Stalin monuments since 1995", slug="study-2025")
    vologda = [MonumentFactory(region=region("RU-VLG")) for _ in range(3)]
    moscow = MonumentFactory(region=region("RU-MOW"))
    retired = MonumentFactory(region=region("RU-VLG"), state=State.RETIRED)
    for monument in [*vologda[:2], moscow, retired]:
        DatasetEntryFactory(dataset=dataset, monument=monument)
    return {"dataset": dataset, "vologda": vologda, "moscow": moscow, "retired": retired}


class TestEntries:
    def test_a_study_counts_a_monument_once(self, study):
        with pytest.raises(IntegrityError), transaction.atomic():
            DatasetEntry.objects.create(dataset=study["dataset"], monument=study["moscow"],
                                        row_id="99")

    def test_a_row_identifier_is_unique_within_a_study(self, study):
        row = study["dataset"].entries.first().row_id
        with pytest.raises(IntegrityError), transaction.atomic():
            DatasetEntryFactory(dataset=study["dataset"], row_id=row)

    def test_rows_without_an_identifier_are_allowed_several_times(self, study):
        DatasetEntryFactory(dataset=study["dataset"], row_id="")
        DatasetEntryFactory(dataset=study["dataset"], row_id="")

    def test_a_slug_is_made_from_the_title(self):
        assert DatasetFactory(title="Мониторинг памятников Сталину").slug.startswith("monitoring")

    def test_entries_keep_their_history(self, study):
        entry = study["dataset"].entries.first()
        entry.note = "The study dates it to 2016."
        entry.save()
        assert entry.history.count() == 2


class TestFilters:
    def test_dataset_lists_the_records_the_study_counts(self, study):
        expected = {m.public_id for m in [*study["vologda"][:2], study["moscow"]]}
        assert public_ids(dataset="study-2025") == expected

    def test_not_in_dataset_lists_the_records_the_study_lacks(self, study):
        assert public_ids(not_in_dataset="study-2025") == {study["vologda"][2].public_id}

    def test_dataset_combines_with_the_other_filters(self, study):
        assert public_ids(dataset="study-2025", region="RU-MOW") == {study["moscow"].public_id}

    def test_an_unknown_dataset_is_an_error_naming_the_parameter(self):
        filterset = filterset_for({"dataset": "no-such-study"})
        assert not filterset.is_valid()
        assert "no-such-study" in str(filterset.errors["dataset"])

    def test_as_of_a_day_the_entries_of_that_day_count(self, study):
        later = MonumentFactory(region=region("RU-VLG"))
        with time_machine.travel(dt.datetime(2030, 1, 1, tzinfo=dt.UTC), tick=False):
            DatasetEntryFactory(dataset=study["dataset"], monument=later)
        today = asof.today().isoformat()
        assert later.public_id not in public_ids(dataset="study-2025", as_of=today)
        assert later.public_id in public_ids(not_in_dataset="study-2025", as_of=today)


class TestComparison:
    def test_counts_side_by_side_for_the_same_filters(self, study):
        filterset = filterset_for({"region": "RU-VLG"})
        comparison = stats.compare_with_dataset(filterset.qs, study["dataset"])
        assert comparison.registry == 3
        assert comparison.in_both == 2
        assert comparison.only_in_registry == 1
        # The Moscow record is outside the filters; the retired one is not public.
        assert comparison.only_in_dataset == 2
        assert comparison.dataset_total == 4

    def test_the_studys_extra_entries_can_be_listed(self, study):
        filterset = filterset_for({"region": "RU-VLG"})
        entries = stats.entries_only_in_dataset(filterset.qs, study["dataset"])
        assert {entry.monument_id for entry in entries} == {study["moscow"].pk,
                                                            study["retired"].pk}

    def test_the_comparison_works_as_of_a_day(self, study):
        filterset = filterset_for({"as_of": asof.today().isoformat()})
        comparison = stats.compare_with_dataset(filterset.qs, study["dataset"])
        assert (comparison.registry, comparison.in_both, comparison.only_in_dataset) == (4, 3, 1)


class TestCurators:
    def test_curators_may_record_what_a_study_counts(self, client):
        curator = UserFactory(username="curator", is_staff=True)
        curator.groups.add(Group.objects.get(name="curator"))
        assert curator.has_perm("registry.add_datasetentry")
        assert not curator.has_perm("registry.delete_dataset")
        client.force_login(curator)
        assert client.get("/admin/registry/dataset/add/").status_code == 200
        assert client.get("/admin/registry/datasetentry/").status_code == 200

    def test_releases_are_read_only_in_the_admin(self, admin_client):
        assert admin_client.get("/admin/registry/release/add/").status_code == 403
