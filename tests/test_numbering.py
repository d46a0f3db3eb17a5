import subprocess
import sys
import time
from pathlib import Path

import pytest

from workstation import audit
from workstation.db.connection import immediate
from workstation.documents.numbering import get_number, next_number, take_number, void_number
from workstation.errors import ValidationError, WorkstationError
from workstation.paths import database_path
from workstation.store import agency_by_code

ROOT = Path(__file__).resolve().parent.parent


def take(db, code="440605", type_code="处", year=2026):
    with immediate(db):
        return take_number(db, agency_by_code(db, code).id, type_code, year)


def test_numbers_run_per_agency_type_and_year_in_the_official_form(db):
    assert next_number(db, agency_by_code(db, "440605").id, "处", 2026) == "佛南市监处〔2026〕1号"
    assert [take(db).number for _ in range(3)] == ["佛南市监处〔2026〕1号", "佛南市监处〔2026〕2号", "佛南市监处〔2026〕3号"]
    assert take(db, type_code="告").number == "佛南市监告〔2026〕1号"
    assert take(db, year=2027).number == "佛南市监处〔2027〕1号"
    assert take(db, code="440606").number == "佛顺市监处〔2026〕1号"


def test_a_town_office_numbers_in_its_district_bureaus_name(db):
    take(db)
    assert take(db, code="440605011").number == "佛南市监处〔2026〕2号"  # 桂城所 acts for 南海区局


def test_a_failed_issue_gives_its_number_back(db):
    with pytest.raises(RuntimeError), immediate(db):
        take_number(db, agency_by_code(db, "440605").id, "处", 2026)
        raise RuntimeError("rendering failed")
    assert take(db).number == "佛南市监处〔2026〕1号"


def test_a_void_number_is_kept_with_its_reason_and_never_given_again(db):
    first = take(db)
    void = void_number(db, first.number, "文书送达前发现当事人名称错误")
    assert (void.status, void.void_reason) == ("void", "文书送达前发现当事人名称错误")
    assert take(db).number == "佛南市监处〔2026〕2号"
    assert get_number(db, first.number).status == "void"
    assert audit.verify(db)["valid"]
    with pytest.raises(WorkstationError):
        void_number(db, first.number, "again")
    with pytest.raises(ValidationError):
        void_number(db, "佛南市监处〔2026〕2号", " ")


@pytest.mark.parametrize("bad", ["", "〔处〕", "处 ", "处1"])
def test_a_type_code_must_be_plain_characters(db, bad):
    with pytest.raises(ValidationError):
        take(db, type_code=bad)


def test_taking_a_number_outside_the_issuing_transaction_is_a_bug(db):
    with pytest.raises(WorkstationError):
        take_number(db, agency_by_code(db, "440605").id, "处", 2026)


WORKER = """
import sys
import time
from workstation.db import open_database
from workstation.db.connection import immediate
from workstation.documents.numbering import take_number
from workstation.store import agency_by_code
db = open_database(sys.argv[1])
agency = agency_by_code(db, "440605").id
while time.time() < float(sys.argv[2]):  # both start taking at the same moment
    time.sleep(0.001)
for _ in range(int(sys.argv[3])):  # each its share, however the lock is handed out between them
    with immediate(db):
        take_number(db, agency, "处", 2026)
db.conn.close()
print(sys.argv[3])
"""


def test_two_processes_issuing_at_once_never_share_a_number(db, data_dir, monkeypatch):
    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", "20000")
    path = str(database_path(data_dir))
    start = str(time.time() + 1.5)  # once both have started
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, path, start, "200"], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    counts = []
    for worker in workers:
        out, errors = worker.communicate(timeout=120)
        assert worker.returncode == 0, errors
        counts.append(int(out))
    assert min(counts) > 0
    serials = [r[0] for r in db.execute("SELECT serial FROM doc_numbers ORDER BY serial")]
    assert serials == list(range(1, sum(counts) + 1))
