"""Dates as printed in several languages become ISO dates; what is not a date stays None."""

from __future__ import annotations

import pytest

from palmyra_archive.core.ingest.dates import find_date, parse_date


@pytest.mark.parametrize("printed, iso", [
    ("31 mars 2016", "2016-03-31"), ("28 mars 2016", "2016-03-28"), ("Dec 13, 2016", "2016-12-13"),
    ("30 Dec 2016", "2016-12-30"), ("March 3rd, 2017", "2017-03-03"), ("1er avril 2017", "2017-04-01"),
    ("12 Marzo 2017", "2017-03-12"), ("3 de mayo de 2017", "2017-05-03"), ("2017-04-09", "2017-04-09"),
    ("5 Ekim 2016", "2016-10-05"), ("3. März 2017", "2017-03-03"), ("5 октября 2016", "2016-10-05"),
])
def test_parse_date(printed, iso):
    assert parse_date(printed) == iso


@pytest.mark.parametrize("printed", ["", "Palmyra", "31 Bogus 2016", "2017-02-30", "the 2016 offensive"])
def test_not_dates(printed):
    assert parse_date(printed) is None


def test_find_date_reports_offsets_in_the_text():
    line = "by Aram Mirzaei on 30 Dec 2016 1 Comment"
    found = find_date(line)
    assert (found.iso, found.as_printed) == ("2016-12-30", "30 Dec 2016")
    assert line[found.start:found.end] == "30 Dec 2016"


def test_find_date_skips_numbers_that_are_not_dates():
    assert find_date("On December 10, world media reported 4,000 fighters") is None
    assert find_date("took thirteen days from May 13 to May 26 2015").iso == "2015-05-26"
