"""A test run that crosses midnight of 31 December in Beijing keeps the year it began in (``conftest``'s
``_the_year_the_run_began_in``): the modules that read ``YEAR = beijing_year()`` when collected compare it with the
文号 and case numbers the program takes, which a run started at 15:50 UTC on New Year's Eve took in the new year."""

import datetime as dt

from tests.helpers import beijing_year, keep_the_runs_year, move_program_clock
from workstation import records
from workstation.documents.numbering import next_number
from workstation.store import agency_id_for_code

BEIJING = dt.timezone(dt.timedelta(hours=8))


def test_a_run_that_crossed_into_the_new_year_numbers_in_the_year_it_began_in(db, monkeypatch, request):
    assert "_the_year_the_run_began_in" in request.fixturenames  # every test of the run is guarded so
    move_program_clock(monkeypatch, dt.datetime(2027, 1, 1, 0, 5, tzinfo=BEIJING))  # five minutes into 2027
    assert next_number(db, agency_id_for_code("440605"), "处") == "佛南市监处〔2027〕1号"
    keep_the_runs_year(monkeypatch, 2026)  # the run began on 31 December 2026
    assert records.today() == "2026-12-31" and beijing_year() == 2026
    assert records.now().startswith("2026-12-31T23:00:00")
    assert next_number(db, agency_id_for_code("440605"), "处") == "佛南市监处〔2026〕1号"


def test_the_kept_clock_runs_and_a_run_in_its_own_year_is_left_alone(monkeypatch):
    before = records.now()
    keep_the_runs_year(monkeypatch, beijing_year())  # still the year the run began in: nothing moved
    assert records.now() >= before and records.now()[:4] == before[:4]
    keep_the_runs_year(monkeypatch, beijing_year() - 1)
    first = records.now()
    assert first.startswith(f"{beijing_year()}-12-31T23:")
    assert max(records.now() for _ in range(10_000)) > first  # it runs: the times recorded still follow each other
