"""A station's transfer to the police (移送公安) overruled at headquarters: a status conflict settled for the other
station's status (`bundle resolve ID --keep-local`) left the transfer event counted by `stats`, the 通报 and the
threshold list although the case is not 已移送公安; the event stays on the timeline, marked as overruled."""

from __future__ import annotations

import docx
import pytest

from tests.helpers import NANHAI_STATIONS, copy_of, open_db, run_json
from workstation.store import find_case
from workstation.store.cases import case_timeline

CASE = "佛三市监立〔2026〕6号"  # 已告知 in the demo
DECIDED = "佛顺市监立〔2026〕8号"  # 已决定 in the demo


@pytest.fixture(scope="module")
def template(hq_and_two_nanhai_template):
    """``tests.helpers.hq_and_two_nanhai_stations`` with the demo, made once a worker (conftest)."""
    return hq_and_two_nanhai_template(demo=True)


@pytest.fixture
def dirs(template, tmp_path):
    return copy_of(template, tmp_path)


def _settled(capsys, dirs, side: str) -> None:
    """Station a ends the statement period of ``CASE``, station b transfers it to the police; headquarters imports
    both and settles the status conflict with ``side`` (--keep-local: station a's 待决定 merged first)."""
    run_json(capsys, "--data-dir", dirs / "a", "cases", "transition", CASE, "end_statement_period", "--date",
             "2026-12-02")
    run_json(capsys, "--data-dir", dirs / "b", "cases", "transition", CASE, "transfer_to_police", "--date",
             "2026-12-03", "--reason", "涉嫌犯罪")
    for station in NANHAI_STATIONS:
        run_json(capsys, "--data-dir", dirs / station, "bundle", "export", "-o", dirs / f"{station}.bundle")
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / f"{station}.bundle")
    conflicts = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
    assert [(c["record"], c["field"], c["incoming"]) for c in conflicts] == [(CASE, "status", "transferred_police")]
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[0]["id"], side)


def _cases(capsys, place) -> dict:
    return run_json(capsys, "--data-dir", place, "stats")["cases"]


def _timeline(place) -> list[str]:
    db = open_db(place)
    try:
        return [entry.text for entry in case_timeline(db, find_case(db, CASE)) if entry.kind == "transition"]
    finally:
        db.conn.close()


def test_a_transfer_overruled_at_headquarters_is_counted_nowhere_and_shown_as_overruled(dirs, capsys, english):
    _settled(capsys, dirs, "--keep-local")
    cases = _cases(capsys, dirs / "hq")
    assert cases["by_status"].get("transferred_police", 0) == 0
    assert cases["transferred_to_police"] == 0  # was 1: the station's transfer event counted
    report = dirs / "通报.docx"
    run_json(capsys, "--data-dir", dirs / "hq", "report", "campaign", "-o", report)
    text = "\n".join(p.text for p in docx.Document(str(report)).paragraphs)
    assert "本期未向公安机关移送涉嫌犯罪案件" in text and "向公安机关移送涉嫌犯罪案件1件" not in text
    # the station's action stays recorded, said to be overruled
    assert _timeline(dirs / "hq")[-2:] == ["Party notified → Awaiting decision",
                                           "Party notified → Transferred to the police: overruled, the case's status was "
                                           "settled otherwise"]
    # station b, given headquarters' decision, counts it as headquarters does
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "--for", NANHAI_STATIONS["b"], "-o",
             dirs / "hq-b.bundle")
    run_json(capsys, "--data-dir", dirs / "b", "bundle", "import", dirs / "hq-b.bundle")
    assert _cases(capsys, dirs / "b")["transferred_to_police"] == 0


def test_a_transfer_taken_at_headquarters_is_counted_once(dirs, capsys, english):
    _settled(capsys, dirs, "--take-incoming")
    cases = _cases(capsys, dirs / "hq")
    assert (cases["by_status"]["transferred_police"], cases["transferred_to_police"]) == (1, 1)
    assert _timeline(dirs / "hq")[-1] == "Party notified → Transferred to the police"


def test_a_transfer_after_the_decision_is_counted_though_the_case_stays_decided(dirs, capsys):
    run_json(capsys, "--data-dir", dirs / "b", "cases", "transition", DECIDED, "transfer_to_police", "--date",
             "2026-12-03", "--reason", "涉嫌犯罪")
    cases = _cases(capsys, dirs / "b")
    assert cases["by_status"].get("transferred_police", 0) == 0
    assert cases["transferred_to_police"] == 1
