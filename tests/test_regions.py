"""The regions preloaded by migration: real ISO 3166-2 codes with both names."""

import pycountry
import pytest

from registry.models import Region

pytestmark = pytest.mark.django_db


def test_every_federal_subject_of_russia_and_region_of_ukraine_is_preloaded():
    for country in ("RU", "UA"):
        expected = {sub.code for sub in pycountry.subdivisions.get(country_code=country)}
        assert expected <= set(Region.objects.filter(country=country)
                               .values_list("code", flat=True))


def test_every_preloaded_code_is_a_real_iso_3166_2_code_with_both_names():
    for region in Region.objects.all():
        assert pycountry.subdivisions.get(code=region.code) is not None, region.code
        assert region.country == region.code[:2]
        assert region.name_en and region.name_ru
