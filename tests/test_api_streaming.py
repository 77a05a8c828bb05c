"""Exports stream in constant memory: 20,000 records as CSV and as GeoJSON through the API
without the process growing by 50 MB (the measured growth is in docs/api.md)."""

import gc
import time
import tracemalloc

import psutil
import pytest

from registry.choices import ActorCategory, DatePrecision, Role, State
from registry.models import Actor, ActorRole, Citation, Monument, Source
from tests.api_support import API, api_settings  # noqa: F401
from tests.factories import region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]

RECORDS = 20_000
LIMIT_MB = 50


@pytest.fixture
def many_records() -> None:
    """20,000 published records, each with a sponsor and a cited source (bulk-created)."""
    vologda = region("RU-VLG")
    actors = Actor.objects.bulk_create(
        Actor(slug=f"bulk-actor-{n}", name_en=f"Bulk actor {n}", category=ActorCategory.KPRF)
        for n in range(100))
    sources = Source.objects.bulk_create(
        Source(title=f"Bulk report {n}", url=f"https://news.example.org/bulk-{n}")
        for n in range(200))
    monuments = Monument.objects.bulk_create(
        (Monument(slug=f"bulk-{n}", name_en=f"Bulk bust {n}", name_ru=f"Бюст {n}",
                  form="bust", status="standing", region=vologda, settlement_en="Vologda",
                  latitude=50 + n / RECORDS, longitude=40 + n / RECORDS,
                  installed_year=2000 + n % 25, installed_precision=DatePrecision.YEAR,
                  state=State.PUBLISHED, is_synthetic=True)
         for n in range(RECORDS)), batch_size=2000)
    ActorRole.objects.bulk_create(
        (ActorRole(monument=m, actor=actors[n % 100], role=Role.SPONSOR)
         for n, m in enumerate(monuments)), batch_size=5000)
    Citation.objects.bulk_create(
        (Citation(monument=m, source=sources[n % 200], quote="…")
         for n, m in enumerate(monuments)), batch_size=5000)


def consume(response) -> tuple[int, int, float, float]:
    """Read the streamed body as a client would, keeping nothing of it.

    Returns the number of chunks and of line breaks, the growth of the process's resident
    memory while reading (MB), and the peak of Python allocations made while reading (MB,
    tracemalloc): memory freed earlier in the process can hide growth from the first number,
    not from the second.
    """
    gc.collect()
    process = psutil.Process()
    baseline = peak = process.memory_info().rss
    chunks = lines = 0
    tracemalloc.start()
    try:
        for chunk in response.streaming_content:
            chunks += 1
            lines += chunk.count(b"\n")
            if chunks % 500 == 0:
                peak = max(peak, process.memory_info().rss)
        allocated = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    peak = max(peak, process.memory_info().rss)
    return chunks, lines, (peak - baseline) / 2**20, allocated / 2**20


def test_exporting_20000_records_grows_memory_by_less_than_50_mb(client, many_records):
    for export in ("csv", "geojson"):
        start = time.perf_counter()
        response = client.get(API + "monuments/", {"format": export})
        assert response.streaming
        chunks, lines, growth_mb, allocated_mb = consume(response)
        print(f"\n{export}: {RECORDS} records, {chunks} chunks, resident memory growth "
              f"{growth_mb:.1f} MB, peak Python allocations {allocated_mb:.1f} MB, "
              f"{time.perf_counter() - start:.1f} s")
        if export == "csv":
            assert lines == RECORDS + 1  # the header and a line per record
        else:
            assert chunks == RECORDS + 2  # the collection's head and tail, a chunk per feature
        assert growth_mb < LIMIT_MB
        assert allocated_mb < LIMIT_MB
