"""Backup and restore: export the whole registry, rebuild an empty database from it, and lose
nothing: a second export is byte for byte the first, and every list, count and record reads
the same."""

import datetime as dt
import hashlib
import json

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection

from registry import backup, stats
from registry.choices import ActorCategory, EventKind, Role, State
from registry.filters import filterset_for
from registry.models import Actor, ActorRole, Event, Monument
from registry.models.monuments import PUBLIC_ID_SEQUENCE
from registry.releases import monument_record, release_make
from tests.factories import (
    ActorFactory,
    DatasetEntryFactory,
    DatasetFactory,
    MonumentFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db

JAN, MAR, JUN = (dt.datetime(2025, month, 10, 12, 30, 15, 123456, tzinfo=dt.UTC)
                 for month in (1, 3, 6))


@pytest.fixture(autouse=True)
def _urls_and_releases(settings, tmp_path):
    settings.RELEASES_ROOT = tmp_path / "releases"


def as_user(instance, user):
    instance._history_user = user
    instance.updated_by = user if hasattr(instance, "updated_by") else None
    instance.save()


@pytest.fixture
def populated():
    """Records in every state, several versions each, by named curators, on several days."""
    curator = UserFactory(username="olga", first_name="Olga", last_name="Curatorova",
                          is_staff=True)
    curator.groups.add(Group.objects.get(name="curator"))
    reviewer = UserFactory(username="ivan", first_name="Ivan", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="reviewer"))
    party = ActorFactory(name_en="KPRF", category=ActorCategory.KPRF)
    committee = ActorFactory(name_en="KPRF Vologda committee", parent=party)
    with time_machine.travel(JAN, tick=False):
        bust = MonumentFactory(name_en="Bust in Vologda", region=region("RU-VLG"),
                               sponsor=committee, created_by=curator, latitude="59.220000",
                               longitude="39.890000", height_m="2.50",
                               description_ru="Бюст Сталина у здания обкома КПРФ.")
        statue = MonumentFactory(name_en="Statue in Berdsk", region=region("RU-NVS"),
                                 installed="2020~", sponsor__category=ActorCategory.COSSACK)
        draft = MonumentFactory(state=State.DRAFT, name_en="Unchecked report", region=None,
                                curator_notes="Needs a second source.")
        doomed = MonumentFactory(name_en="Entered twice")
    with time_machine.travel(MAR, tick=False):
        bust.name_en = "Bust of Stalin in Vologda"
        as_user(bust, curator)
        statue.state = State.RETIRED
        as_user(statue, reviewer)
        draft.duplicate_of = bust
        as_user(draft, curator)
        removal = Event.objects.create(monument=bust, kind=EventKind.VANDALISED, date="2025-02")
        removal.actors.add(party)
        Event.objects.filter(monument=statue).first().delete()
        ActorRole.objects.create(monument=bust, actor=party, role=Role.FUNDER, position=1)
        doomed.delete()
    with time_machine.travel(JUN, tick=False):
        study = DatasetFactory(title="Re: Russia 2025", slug="re-russia-2025")
        DatasetEntryFactory(dataset=study, monument=bust, row_id="17", note="dated 2019")
        release_make(user=reviewer)
    return {"bust": bust, "statue": statue, "draft": draft, "doomed": doomed}


def reads() -> dict:
    """What the pages and the API would show: lists, counts, as-of counts and full records."""
    def ids(**params):
        filterset = filterset_for(params)
        assert filterset.is_valid(), filterset.errors
        return [m.public_id for m in filterset.qs.order_by("public_id")]

    everything = Monument.objects.order_by("public_id").for_detail()
    user_model = get_user_model()
    return {
        "lists": [ids(), ids(region="RU-VLG"), ids(q="Vologda"), ids(dataset="re-russia-2025"),
                  ids(actor="kprf"), ids(as_of="2025-01-10"), ids(as_of="2025-03-10")],
        "counts": [stats.count_by(filterset_for(params).qs, [dimension])
                   for params in ({}, {"as_of": "2025-01-10"})
                   for dimension in ("year", "sponsor_category", "actor", "region")],
        "records": [{**monument_record(m), "state": m.state, "notes": m.curator_notes,
                     "duplicate_of": m.duplicate_of_id,
                     "created_by": m.created_by and m.created_by.username}
                    for m in everything],
        "history": [(h.public_id, h.name_en, h.history_type, h.history_date,
                     h.history_user and h.history_user.username)
                    for h in Monument.history.order_by("history_id")],
        "users": sorted((u.username, u.first_name, u.last_name, u.is_staff, u.is_active,
                         tuple(sorted(g.name for g in u.groups.all())))
                        for u in user_model.objects.all()),
    }


def responses() -> dict[str, bytes]:
    """Every public page and API response a reader would compare, as bytes."""
    from django.core.cache import cache
    from django.test import Client

    cache.clear()  # numbers are cached by records version; read them afresh
    client = Client()
    published = Monument.objects.published().order_by("public_id")
    urls = ["/en/", "/en/monuments/", "/ru/monuments/?region=RU-VLG", "/en/stats/",
            "/en/map/data.geojson", "/en/actors/", "/en/regions/", "/en/sources/",
            "/en/monuments/download.csv", "/api/v1/monuments/?page_size=1000",
            "/api/v1/monuments/?format=csv", "/api/v1/stats/?group_by=year,sponsor_category",
            "/api/v1/actors/", "/api/v1/sources/",
            *[m.get_absolute_url() for m in published],
            *[f"/api/v1/monuments/{m.public_id}/" for m in published]]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = (b"".join(response.streaming_content) if response.streaming
                        else response.content)
    return answers


def wipe() -> None:
    """Empty the database the way a new one is: migrated, with its regions and groups."""
    tables = [model._meta.db_table for model in backup.registry_models()]
    with connection.cursor() as cursor:
        # Deferred foreign-key checks pending in the test's transaction must run first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(tables)}, auth_user RESTART IDENTITY CASCADE")
        cursor.execute(f"SELECT setval('{PUBLIC_ID_SEQUENCE}', 1, false)")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def files(directory) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


class TestRoundTrip:
    def test_export_import_export_gives_the_same_bytes_and_the_same_registry(self, populated,
                                                                             tmp_path):
        before, pages = reads(), responses()
        backup.registry_export(tmp_path / "first")
        wipe()
        assert Monument.objects.count() == 0
        backup.registry_import(tmp_path / "first")
        backup.registry_export(tmp_path / "second")
        assert files(tmp_path / "first") == files(tmp_path / "second")
        assert reads() == before
        assert responses() == pages

    def test_every_history_version_comes_back_with_its_user_and_time(self, populated, tmp_path):
        versions = Monument.history.count()
        backup.registry_export(tmp_path / "b")
        wipe()
        backup.registry_import(tmp_path / "b")
        assert Monument.history.count() == versions
        renamed = Monument.history.get(name_en="Bust of Stalin in Vologda", history_type="~",
                                       history_user__username="olga")
        assert renamed.history_date == MAR

    def test_public_identifiers_are_kept_and_never_reused(self, populated, tmp_path):
        highest = populated["doomed"].public_id  # deleted before the backup
        backup.registry_export(tmp_path / "b")
        wipe()
        backup.registry_import(tmp_path / "b")
        assert Monument.objects.get(pk=populated["bust"].pk).public_id == populated[
            "bust"].public_id
        assert MonumentFactory().public_id > highest
        assert ActorFactory().pk > 0  # primary key sequences follow the restored rows

    def test_restored_accounts_keep_attribution_but_no_password(self, populated, tmp_path):
        backup.registry_export(tmp_path / "b")
        text = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "b").iterdir())
        assert "password" not in text and "md5$" not in text and "@example.org" not in text
        wipe()
        backup.registry_import(tmp_path / "b")
        olga = get_user_model().objects.get(username="olga")
        assert (olga.first_name, olga.last_name, olga.is_staff) == ("Olga", "Curatorova", True)
        assert list(olga.groups.values_list("name", flat=True)) == ["curator"]
        assert not olga.has_usable_password()


class TestFormat:
    def test_the_manifest_lists_every_table_with_rows_and_checksums(self, populated, tmp_path):
        manifest = backup.registry_export(tmp_path / "b")
        names = {table["name"] for table in manifest["tables"]}
        assert {"registry.monument", "registry.historicalmonument", "registry.event_actors",
                "registry.historicalevent_actors", "registry.dataset", "registry.release",
                "auth.user", "registry.region"} <= names
        monuments = next(t for t in manifest["tables"] if t["name"] == "registry.monument")
        assert monuments["rows"] == 3
        assert json.loads((tmp_path / "b" / "manifest.json").read_text())["format_version"] == 1

    def test_users_and_regions_are_referred_to_by_name_and_code(self, populated, tmp_path):
        backup.registry_export(tmp_path / "b")
        rows = [json.loads(line) for line in
                (tmp_path / "b" / "registry.historicalmonument.jsonl").open(encoding="utf-8")]
        assert {"olga", "ivan"} <= {row["history_user"] for row in rows}
        assert "RU-VLG" in {row["region"] for row in rows}

    def test_two_exports_of_the_same_data_are_identical(self, populated, tmp_path):
        backup.registry_export(tmp_path / "one")
        backup.registry_export(tmp_path / "two")
        assert files(tmp_path / "one") == files(tmp_path / "two")


class TestRefusals:
    def test_a_database_with_records_is_refused(self, populated, tmp_path):
        backup.registry_export(tmp_path / "b")
        with pytest.raises(backup.BackupError, match="already holds"):
            backup.registry_import(tmp_path / "b")

    def test_a_changed_file_is_refused_before_anything_is_written(self, populated, tmp_path):
        backup.registry_export(tmp_path / "b")
        path = tmp_path / "b" / "registry.event.jsonl"
        path.write_text(path.read_text(encoding="utf-8").replace("2019", "2018"),
                        encoding="utf-8")
        wipe()
        with pytest.raises(backup.BackupError, match="checksum"):
            backup.registry_import(tmp_path / "b")

    def test_a_failing_row_leaves_the_database_as_it_was(self, populated, tmp_path):
        backup.registry_export(tmp_path / "b")
        manifest_path = tmp_path / "b" / "manifest.json"
        manifest = json.loads(manifest_path.read_text())
        table = next(t for t in manifest["tables"] if t["name"] == "registry.source")
        path = tmp_path / "b" / table["file"]
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join([*lines, lines[0]]), encoding="utf-8")  # a duplicate key
        table["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        manifest_path.write_text(json.dumps(manifest))
        wipe()
        with pytest.raises(IntegrityError):
            backup.registry_import(tmp_path / "b")
        assert Monument.objects.count() == 0
        assert Monument.history.count() == 0
        assert get_user_model().objects.count() == 0

    def test_an_export_never_writes_into_a_folder_with_files(self, tmp_path):
        (tmp_path / "b").mkdir()
        (tmp_path / "b" / "keep.txt").write_text("mine")
        with pytest.raises(backup.BackupError, match="not empty"):
            backup.registry_export(tmp_path / "b")

    def test_the_commands_report_and_refuse_in_words(self, populated, tmp_path, capsys):
        call_command("export_registry", str(tmp_path / "b"))
        assert "Backup written" in capsys.readouterr().out
        with pytest.raises(CommandError, match="Nothing was imported"):
            call_command("import_registry", str(tmp_path / "b"))
        wipe()
        call_command("import_registry", str(tmp_path / "b"))
        assert "Registry restored" in capsys.readouterr().out


def test_the_real_records_survive_a_round_trip(real_records, tmp_path):
    DatasetEntryFactory(dataset=DatasetFactory(slug="re-russia-2025"),
                        monument=Monument.objects.published().first())
    if not Actor.objects.filter(slug="kprf").exists():
        ActorFactory(name_en="KPRF")
    before, pages = reads(), responses()
    assert len(before["records"]) > 10
    backup.registry_export(tmp_path / "first")
    wipe()
    backup.registry_import(tmp_path / "first")
    backup.registry_export(tmp_path / "second")
    assert files(tmp_path / "first") == files(tmp_path / "second")
    assert reads() == before
    assert responses() == pages
