"""Dates with their uncertainty: plain dates are read directly and agree with the EDTF parser."""

import datetime as dt

import pytest

from registry.dates import EDTFError, _edtf_date, parse_date_range


@pytest.mark.parametrize("value", [
    "1995", "2019", "2019-05", "2019-02", "2020-02", "2000-02", "2019-12-31", "2024-02-29",
    "2019-05-09", "1900-01-01",
])
def test_a_plain_date_reads_as_the_edtf_parser_reads_it(value):
    assert parse_date_range(value) == _edtf_date(value)


@pytest.mark.parametrize("value, earliest, latest, precision", [
    ("2019~", dt.date(2019, 1, 1), dt.date(2019, 12, 31), "approximate"),
    ("2019?", dt.date(2019, 1, 1), dt.date(2019, 12, 31), "approximate"),
    ("201X", dt.date(2010, 1, 1), dt.date(2019, 12, 31), "decade"),
    ("", None, None, "unknown"),
])
def test_other_edtf_forms_keep_their_range_and_precision(value, earliest, latest, precision):
    assert tuple(parse_date_range(value)) == (earliest, latest, precision)


@pytest.mark.parametrize("value", ["2019-13", "2019-02-30", "2019-5-9", "19", "May 2019"])
def test_an_impossible_or_malformed_date_is_an_error(value):
    with pytest.raises(EDTFError):
        parse_date_range(value)


@pytest.mark.parametrize("value", ["1899", "1899-12-31", f"{dt.date.today().year + 2}"])
def test_a_date_outside_the_registrys_years_is_an_error(value):
    with pytest.raises(EDTFError, match="outside the years"):
        parse_date_range(value)
