"""Releases: dated, immutable, verifiable copies of the published data, and what changed
between two of them."""

import csv
import datetime as dt
import hashlib
import io
import json
import stat

import pandas
import pytest
import time_machine
import yaml
from django.core.management import call_command

from registry import exports
from registry.choices import State
from registry.models import Release
from registry.releases import (
    COLUMN_TYPES,
    FILES,
    diff_releases,
    release_folder,
    release_make,
    verify_release,
)
from registry.workflow import monument_transition
from tests.factories import MonumentFactory, UserFactory, region

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2026, 1, 15, 9, tzinfo=dt.UTC)

#: Top-level keys Citation File Format 1.2.0 allows, and those it requires.
CFF_KEYS = {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
            "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
            "references", "repository", "repository-artifact", "repository-code", "title",
            "type", "url", "version"}
CFF_REQUIRED = {"authors", "cff-version", "message", "title"}


@pytest.fixture(autouse=True)
def releases_root(settings, tmp_path):
    settings.RELEASES_ROOT = tmp_path / "releases"
    settings.SITE_URL = "https://registry.example.org"
    return settings.RELEASES_ROOT


@pytest.fixture
def records():
    published = [MonumentFactory(region=region("RU-VLG"), installed=str(year))
                 for year in (2015, 2019, 2019)]
    draft = MonumentFactory(state=State.DRAFT, name_en="A draft nobody may see",
                            curator_notes="Secret curator note")
    published[0].curator_notes = "Another secret note"
    published[0].save()
    return {"published": published, "draft": draft}


def make(at: dt.datetime = DAY) -> Release:
    with time_machine.travel(at, tick=False):
        return release_make()


def read(release: Release, name: str) -> str:
    return (release_folder(release) / name).read_text(encoding="utf-8")


def snapshot(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


class TestContents:
    def test_a_release_holds_every_published_record_and_nothing_else(self, records):
        release = make()
        expected = {m.public_id for m in records["published"]}
        rows = list(csv.DictReader(io.StringIO(read(release, "monuments.csv"))))
        assert {int(row["public_id"]) for row in rows} == expected
        document = json.loads(read(release, "monuments.json"))
        assert {record["public_id"] for record in document["monuments"]} == expected
        for name in FILES:
            assert "draft nobody" not in read(release, name)
            assert "secret" not in read(release, name).lower()
        assert release.monument_count == 3

    def test_json_records_carry_events_roles_with_actors_and_citations_with_sources(self,
                                                                                    records):
        release = make()
        record = json.loads(read(release, "monuments.json"))["monuments"][0]
        assert record["events"][0]["kind"] == "unveiled"
        assert record["roles"][0]["actor"]["category"] == "kprf"
        assert record["citations"][0]["quote"] == "Памятник Сталину открыли."
        assert record["citations"][0]["source"]["url"].startswith("https://")
        assert record["region"]["code"] == "RU-VLG"

    def test_the_csv_reads_as_a_table_and_the_geojson_as_a_feature_collection(self, records):
        release = make()
        table = pandas.read_csv(release_folder(release) / "monuments.csv")
        assert len(table) == 3
        geojson = json.loads(read(release, "monuments.geojson"))
        assert geojson["type"] == "FeatureCollection"

    def test_the_data_dictionary_gives_every_column_a_type_and_a_meaning(self, records):
        assert set(COLUMN_TYPES) == {column.name for column in exports.CSV_COLUMNS}
        release = make()
        package = json.loads(read(release, "datapackage.json"))
        fields = package["resources"][0]["schema"]["fields"]
        header = read(release, "monuments.csv").splitlines()[0].split(",")
        assert [f["name"] for f in fields] == header
        assert all(f["type"] and f["description"] for f in fields)
        dictionary = read(release, "DATA-DICTIONARY.md")
        assert all(f"| `{name}` |" in dictionary for name in header)

    def test_the_citation_file_is_citation_file_format_1_2_0(self, records):
        release = make()
        cff = yaml.safe_load(read(release, "CITATION.cff"))
        assert CFF_REQUIRED <= set(cff) <= CFF_KEYS
        assert cff["cff-version"] == "1.2.0"
        assert cff["version"] == release.version == "2026-01-15"
        assert str(cff["date-released"]) == "2026-01-15"
        assert all(author.get("name") for author in cff["authors"])

    def test_the_readme_states_the_counts(self, records):
        release = make()
        text = read(release, "README.md")
        assert "3 records" in text
        assert "| 2019 | 2 |" in text
        assert "| kprf | 3 |" in text
        assert release.counts["new_by_year"] == {"2015": 1, "2019": 2}


class TestImmutability:
    def test_the_checksums_verify(self, records):
        release = make()
        folder = release_folder(release)
        for line in read(release, "SHA256SUMS").splitlines():
            digest, name = line.split("  ")
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
        assert sorted(line.split("  ")[1] for line in
                      read(release, "SHA256SUMS").splitlines()) == sorted(FILES)
        assert verify_release(release).ok

    def test_a_changed_file_fails_verification(self, records):
        release = make()
        path = release_folder(release) / "monuments.csv"
        path.chmod(stat.S_IWUSR | stat.S_IRUSR)
        path.write_text("tampered", encoding="utf-8")
        result = verify_release(release)
        assert not result.ok
        assert result.problems == ["monuments.csv does not match its checksum."]

    def test_files_are_read_only(self, records):
        release = make()
        for path in release_folder(release).iterdir():
            assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)

    def test_a_second_release_leaves_the_first_byte_for_byte_unchanged(self, records):
        first = make()
        before = snapshot(release_folder(first))
        MonumentFactory(region=region("RU-NVS"))
        second = make(DAY + dt.timedelta(hours=3))
        assert second.version == "2026-01-15.2"
        assert snapshot(release_folder(first)) == before
        assert verify_release(first).ok and verify_release(second).ok
        assert second.monument_count == first.monument_count + 1

    def test_a_folder_already_there_is_never_written_to(self, records, releases_root):
        (releases_root / "2026-01-15").mkdir(parents=True)
        (releases_root / "2026-01-15" / "note.txt").write_text("mine", encoding="utf-8")
        release = make()
        assert release.version == "2026-01-15.2"
        assert [p.name for p in (releases_root / "2026-01-15").iterdir()] == ["note.txt"]

    def test_the_command_makes_a_release(self, records, capsys):
        with time_machine.travel(DAY, tick=False):
            call_command("make_release")
        assert "Release 2026-01-15: 3 published records" in capsys.readouterr().out
        assert Release.objects.get().version == "2026-01-15"


class TestDiff:
    def test_the_diff_lists_records_added_changed_and_no_longer_published(self, records):
        first = make()
        _unchanged, moved, retired = records["published"]
        added = MonumentFactory(name_en="Added later")
        moved.region = region("RU-NVS")
        moved.save()
        monument_transition(monument=retired, name="retire",
                            user=UserFactory(username="boss", is_superuser=True))
        second = make(DAY + dt.timedelta(days=30))
        diff = diff_releases(first.version, second.version)
        assert [r["public_id"] for r in diff.added] == [added.public_id]
        assert [(r["public_id"], r["fields"]) for r in diff.changed] == [
            (moved.public_id, ["region"])]
        assert [(r["public_id"], r["state_now"]) for r in diff.removed] == [
            (retired.public_id, "retired")]

    def test_the_diff_command_prints_the_changes(self, records, capsys):
        first = make()
        MonumentFactory(name_en="Added later")
        second = make(DAY + dt.timedelta(days=1))
        call_command("diff_releases", first.version, second.version)
        out = capsys.readouterr().out
        assert "1 added, 0 changed, 0 no longer published" in out
        assert "Added later" in out


class TestPages:
    def test_the_releases_page_lists_releases_with_download_links(self, records, client):
        release = make()
        page = client.get("/en/releases/")
        assert page.status_code == 200
        html = page.content.decode()
        assert release.version in html
        assert f'href="/en/releases/{release.version}/monuments.csv"' in html

    def test_a_release_file_downloads_exactly_as_written(self, records, client):
        release = make()
        response = client.get(f"/en/releases/{release.version}/monuments.csv")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == (
            release_folder(release) / "monuments.csv").read_bytes()
        assert "immutable" in response["Cache-Control"]

    @pytest.mark.parametrize("name", ["..%2F..%2Fsettings.py", "../../etc/passwd", "secret.txt",
                                      "%2Fetc%2Fpasswd"])
    def test_no_other_file_can_be_reached(self, records, client, name, releases_root):
        release = make()
        (release_folder(release).parent / "secret.txt").write_text("x", encoding="utf-8")
        assert client.get(f"/en/releases/{release.version}/{name}").status_code == 404

    def test_an_unknown_release_is_not_found(self, client):
        assert client.get("/en/releases/2020-01-01/README.md").status_code == 404


def test_a_release_of_the_real_records_verifies_and_counts_them(real_records):
    release = make()
    assert verify_release(release).ok
    published = release.monument_count
    assert published > 0
    document = json.loads(read(release, "monuments.json"))
    assert len(document["monuments"]) == published
    assert all(record["citations"] for record in document["monuments"])


class TestApi:
    def test_the_api_lists_releases_newest_first_with_download_links(self, records, client):
        first = make()
        second = make(DAY + dt.timedelta(days=1))
        response = client.get("/api/v1/releases/")
        assert response.status_code == 200
        versions = [row["version"] for row in response.json()["results"]]
        assert versions == [second.version, first.version]
        files = {entry["name"]: entry for entry in response.json()["results"][1]["files"]}
        assert {"monuments.csv", "monuments.geojson", "monuments.json", "CITATION.cff",
                "SHA256SUMS"} <= set(files)
        download = client.get(files["monuments.csv"]["url"])
        body = b"".join(download.streaming_content)
        assert hashlib.sha256(body).hexdigest() == files["monuments.csv"]["sha256"]

    def test_one_release_by_version_and_an_unknown_one_is_a_json_404(self, records, client):
        release = make()
        detail = client.get(f"/api/v1/releases/{release.version}/")
        assert detail.json()["manifest_sha256"] == release.manifest_sha256
        missing = client.get("/api/v1/releases/1999-01-01/")
        assert missing.status_code == 404
        assert missing.json()["status"] == 404
