"""Downloads of the browse results: CSV a researcher opens with pandas, GeoJSON (RFC 7946)."""

import io
import json
import math

import pandas
import pytest

from registry.choices import State
from registry.exports import CSV_COLUMNS
from tests.factories import MonumentFactory, region
from tests.pagetools import streamed

pytestmark = pytest.mark.django_db

CSV_URL = "/en/monuments/download.csv"
GEOJSON_URL = "/en/monuments/download.geojson"


@pytest.fixture
def records(db):
    return {
        "vologda": MonumentFactory(name_ru="Памятник Сталину в Вологде", name_en="Vologda statue",
                                   settlement_ru="Вологда", latitude="59.220000",
                                   longitude="39.890000", coordinate_precision="exact"),
        "penza": MonumentFactory(name_ru="Бюст Сталина «Вождь» — Пенза, ёлка",
                                 name_en="Penza bust, \"quoted\", with a comma",
                                 region=region("RU-PNZ"), settlement_ru="Пенза",
                                 latitude="53.200000", longitude="45.000000",
                                 coordinate_precision="exact"),
        "nowhere": MonumentFactory(name_en="Without coordinates", region=region("RU-PNZ")),
        "draft": MonumentFactory(name_en="Draft record", state=State.DRAFT,
                                 latitude="55.000000", longitude="37.000000"),
    }


def read_csv(response) -> pandas.DataFrame:
    return pandas.read_csv(io.BytesIO(streamed(response)), dtype=str, keep_default_na=False)


class TestCSV:
    def test_opens_with_pandas_with_the_documented_columns(self, client, records):
        response = client.get(CSV_URL)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        frame = read_csv(response)
        assert list(frame.columns) == [column.name for column in CSV_COLUMNS]
        assert len(frame) == 3

    def test_cyrillic_quotes_and_commas_survive(self, client, records):
        frame = read_csv(client.get(CSV_URL)).set_index("public_id")
        penza = frame.loc[str(records["penza"].public_id)]
        assert penza["name_ru"] == "Бюст Сталина «Вождь» — Пенза, ёлка"
        assert penza["name_en"] == 'Penza bust, "quoted", with a comma'
        assert penza["settlement_ru"] == "Пенза"
        assert penza["region_ru"] == "Пензенская область"

    def test_holds_exactly_the_filtered_records(self, client, records):
        frame = read_csv(client.get(CSV_URL, {"region": "RU-PNZ"}))
        assert set(frame["name_en"]) == {records["penza"].name_en, records["nowhere"].name_en}

    def test_is_an_attachment_with_a_file_name(self, client, records):
        disposition = client.get(CSV_URL)["Content-Disposition"]
        assert disposition.startswith('attachment; filename="stalin-monuments-')
        assert disposition.endswith('.csv"')

    def test_wrong_filters_are_a_plain_400_naming_the_field(self, client, records):
        response = client.get(CSV_URL, {"region": "XX-YY"})
        assert response.status_code == 400
        assert "region: Unknown region code(s): XX-YY" in response.content.decode()


class TestGeoJSON:
    @pytest.fixture
    def collection(self, client, records):
        response = client.get(GEOJSON_URL)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        return json.loads(streamed(response))

    def test_is_an_rfc_7946_feature_collection(self, collection):
        assert collection["type"] == "FeatureCollection"
        assert "crs" not in collection  # RFC 7946 drops named coordinate systems: WGS 84 only
        for feature in collection["features"]:
            assert feature["type"] == "Feature"
            assert isinstance(feature["properties"], dict)
            assert feature["geometry"]["type"] == "Point"
            longitude, latitude = feature["geometry"]["coordinates"]
            assert all(isinstance(number, float) and math.isfinite(number)
                       for number in (longitude, latitude))
            assert -180 <= longitude <= 180 and -90 <= latitude <= 90

    def test_has_one_feature_per_published_record_with_coordinates(self, collection, records):
        ids = sorted(feature["id"] for feature in collection["features"])
        assert ids == sorted([records["vologda"].public_id, records["penza"].public_id])

    def test_puts_longitude_first(self, collection, records):
        feature = next(feature for feature in collection["features"]
                       if feature["id"] == records["vologda"].public_id)
        assert feature["geometry"]["coordinates"] == [39.89, 59.22]
        assert feature["properties"]["name_ru"] == "Памятник Сталину в Вологде"

    def test_follows_the_filters(self, client, records):
        response = client.get(GEOJSON_URL, {"region": "RU-PNZ"})
        ids = [feature["id"] for feature in json.loads(streamed(response))["features"]]
        assert ids == [records["penza"].public_id]

    def test_wrong_filters_are_a_json_400(self, client, records):
        response = client.get(GEOJSON_URL, {"bbox": "1,2"})
        assert response.status_code == 400
        assert "bbox" in response.json()["errors"]
