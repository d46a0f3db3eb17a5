"""Helpers the core shares since the review of the day's change: the agency a town office numbers under, the
refusal of a new number block before anything else is written, and a share as the tables print it."""

from __future__ import annotations

import base64

import pytest

from tests.helpers import beijing_year
from workstation.documents.number_blocks import add_block, check_new_block
from workstation.documents.numbering import numbering_owner
from workstation.errors import WorkstationError
from workstation.evaluation import share
from workstation.station import trust_station
from workstation.store import agency_by_code

YEAR = beijing_year()


def test_a_town_office_numbers_under_its_district_bureau_and_an_unknown_agency_under_none(db):
    bureau, office = agency_by_code(db, "440605"), agency_by_code(db, "440605011")
    assert numbering_owner(db, office.id) == bureau.id
    assert numbering_owner(db, bureau.id) == bureau.id
    assert numbering_owner(db, "no-such-agency") is None


def test_a_new_block_overlapping_one_held_is_refused_by_the_check_with_nothing_written(db, english):
    key = base64.b64encode(bytes(32)).decode("ascii")
    other = trust_station(db, {"id": "laptop-2", "name": "桂城所笔记本", "agency_code": "", "sign_key": key,
                               "box_key": key, "fingerprint": "0000 0000 0000 0000 0000"})
    add_block(db, agency_code="440605", type_code="处", year=YEAR, first=100, last=199, station_id=other.id)
    blocks = db.execute("SELECT COUNT(*) FROM number_blocks").fetchone()[0]
    check_new_block(db, agency_code="440605", type_code="处", year=YEAR, first=200, last=299)  # free: no refusal
    with pytest.raises(WorkstationError, match="overlaps the block 100–199 of station 桂城所笔记本"):
        check_new_block(db, agency_code="440605", type_code="处", year=YEAR, first=150, last=250)
    assert db.execute("SELECT COUNT(*) FROM number_blocks").fetchone()[0] == blocks


def test_a_share_rounds_half_up_and_reads_a_dash_without_a_total():
    assert share(1, 16) == "6.3%"
    assert share(0, 0) == "—"
