"""A case sent to another agency with a 案件移送函 and terminated (移送其他机关, ``stats.TRANSFERRED_OUT_CASE``) stays
counted apart when its letter is corrected after the termination (更正, ``docs issue --supersedes``): the correction
replaces a letter issued before the step, at the station and at headquarters, which imports the bundle (session 75
audit hq_lifecycle2), the lead's letter corrected in its case as well. A letter dated after the termination still
does not take the case away, nor does a correction once the letter it corrects is voided."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import figures, run, run_json, send_bundle

CASE = "佛南市监立〔2026〕9号"  # the Nanhai station's demo case under investigation
SHUNDE = "佛山市顺德区市场监督管理局"
LETTER = {"receiver": SHUNDE, "reason": "当事人住所及违法行为发生地均在顺德区，不属于本局管辖。",
          "contact_person": "张三", "issued_on": "2026-11-20"}


def _ok(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def _issue(capsys, data: Path, tmp_path: Path, name: str, values: dict, *more) -> str:
    """Issue a 案件移送函 in the case with ``values``: its 文号."""
    (tmp_path / f"{name}.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    issued = run_json(capsys, "--data-dir", data, "docs", "issue", CASE, "--form", "case_transfer_letter", "--values",
                      tmp_path / f"{name}.json", "-o", tmp_path / f"{name}.pdf", *more)
    return issued["number"]


def _cases(capsys, data: Path) -> tuple[int, int, int]:
    """(案件总数, 移送其他机关, 南海区's cases) as `stats` shows them."""
    cases = figures(capsys, data)["cases"]
    return cases["total"], cases["transferred_out"], cases["by_district"]["南海区"]


def test_a_transfer_letter_corrected_after_the_termination_keeps_the_case_sent(station_and_hq_dirs, tmp_path, capsys):
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    total, out, nanhai = _cases(capsys, station)
    first = _issue(capsys, station, tmp_path, "l1", LETTER)
    _ok(capsys, "--data-dir", station, "cases", "transition", CASE, "terminate", "--date", "2026-11-21")
    sent = (total - 1, out + 1, nanhai - 1)
    assert _cases(capsys, station) == sent
    # the reason corrected (更正), the letter dated as before: the correction issued after the termination
    corrected = _issue(capsys, station, tmp_path, "l2", {**LETTER, "reason": LETTER["reason"] + "（更正）"},
                       "--supersedes", first)
    assert corrected != first
    assert _cases(capsys, station) == sent
    send_bundle(capsys, dirs, "s1.bundle")
    assert _cases(capsys, hq) == sent
    assert figures(capsys, hq) == figures(capsys, station)
    # corrected again, now bearing the day of the correction (after the termination): still the letter sent before it
    _issue(capsys, station, tmp_path, "l3", {**LETTER, "issued_on": "2026-11-25"}, "--supersedes", corrected)
    assert _cases(capsys, station) == sent
    send_bundle(capsys, dirs, "s2.bundle")
    assert _cases(capsys, hq) == sent
    # closed since: counted apart still
    _ok(capsys, "--data-dir", station, "cases", "transition", CASE, "close")
    assert _cases(capsys, station) == sent


def test_a_letter_dated_after_the_termination_does_not_take_the_case_away(station_and_hq_dirs, tmp_path, capsys):
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    before = _cases(capsys, station)
    _ok(capsys, "--data-dir", station, "cases", "transition", CASE, "terminate", "--date", "2026-11-10", "--reason",
        "违法事实不能成立")
    first = _issue(capsys, station, tmp_path, "l1", LETTER)  # dated 2026-11-20, after the termination
    assert _cases(capsys, station) == before
    # nor its correction, dated as it or back to the day of the termination: it corrects a letter sent after the step
    _issue(capsys, station, tmp_path, "l2", {**LETTER, "issued_on": "2026-11-10"}, "--supersedes", first)
    assert _cases(capsys, station) == before
    send_bundle(capsys, dirs, "s1.bundle")
    assert _cases(capsys, hq) == before


def test_a_letter_issued_first_but_dated_after_the_termination_does_not_count(station_and_hq_dirs, tmp_path, capsys):
    # the letter entered first, the termination recorded after it but dated before the letter's own date: the case
    # ended before the letter went, as the letter's date says (the deadlines read that date too)
    dirs = station_and_hq_dirs
    station = dirs / "station"
    before = _cases(capsys, station)
    _issue(capsys, station, tmp_path, "l1", LETTER)
    _ok(capsys, "--data-dir", station, "cases", "transition", CASE, "terminate", "--date", "2026-11-19")
    assert _cases(capsys, station) == before


def test_a_voided_original_no_longer_takes_the_case_away(station_and_hq_dirs, tmp_path, capsys):
    # letter A issued before the termination, B corrects it after, then A voided: B corrects a letter that no longer
    # stands, so no letter sent before the termination is left and the case counts among the cases again
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    before = _cases(capsys, station)
    first = _issue(capsys, station, tmp_path, "l1", LETTER)
    _ok(capsys, "--data-dir", station, "cases", "transition", CASE, "terminate", "--date", "2026-11-21")
    _issue(capsys, station, tmp_path, "l2", {**LETTER, "reason": LETTER["reason"] + "（更正）"}, "--supersedes", first)
    sent = (before[0] - 1, before[1] + 1, before[2] - 1)
    assert _cases(capsys, station) == sent
    send_bundle(capsys, dirs, "s1.bundle")
    assert _cases(capsys, hq) == sent
    _ok(capsys, "--data-dir", station, "docs", "void", first, "--reason", "误开")
    assert _cases(capsys, station) == before
    send_bundle(capsys, dirs, "s2.bundle")
    assert _cases(capsys, hq) == before
    assert figures(capsys, hq) == figures(capsys, station)


def test_a_correction_in_the_case_of_its_leads_letter_keeps_the_case_sent(station_and_hq_dirs, tmp_path, capsys):
    # the letter issued on the lead, its case filed from the lead and terminated, the letter corrected in the case
    # (a correction is issued in the case of the lead's document: ``issuing.superseded_refusal``) after the
    # termination: the case went with the lead's letter, at the station and at headquarters
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    added = run_json(capsys, "--data-dir", station, "leads", "add", "--source", "12345", "--received",
                     "2026-11-18T09:00", "--description", "顺德区某楼盘销售人员反复来电推销", "--party",
                     "佛山市顺德区某置业顾问有限公司")
    lead = added["id"]
    case = run_json(capsys, "--data-dir", station, "leads", "decide", lead, "--file")
    before = _cases(capsys, station)
    (tmp_path / "lead.json").write_text(json.dumps(LETTER, ensure_ascii=False), encoding="utf-8")
    letter = run_json(capsys, "--data-dir", station, "docs", "issue", lead, "--form", "case_transfer_letter",
                      "--values", tmp_path / "lead.json", "-o", tmp_path / "lead.pdf")["number"]
    assert _cases(capsys, station) == before
    # the letter recorded the case 不予立案 (its referral): that step undone, the case is filed after all
    _ok(capsys, "--data-dir", station, "cases", "transition", case["case_id"], "undo", "--reason", "仍由本局立案")
    _ok(capsys, "--data-dir", station, "cases", "transition", case["case_id"], "file", "--date", "2026-11-20",
        "--officer", "霍国栋", "--officer", "罗建华")
    _ok(capsys, "--data-dir", station, "cases", "transition", case["case_id"], "terminate", "--date", "2026-11-21")
    sent = (before[0], before[1] + 1, before[2])  # never among the cases: filed, then sent away
    assert _cases(capsys, station) == sent
    # the lead's letter corrected in the case, after the termination
    (tmp_path / "corrected.json").write_text(json.dumps({**LETTER, "reason": LETTER["reason"] + "（更正）"},
                                                        ensure_ascii=False), encoding="utf-8")
    corrected = run_json(capsys, "--data-dir", station, "docs", "issue", case["case_id"], "--form",
                         "case_transfer_letter", "--values", tmp_path / "corrected.json", "-o",
                         tmp_path / "corrected.pdf", "--supersedes", letter)["number"]
    assert corrected != letter
    assert _cases(capsys, station) == sent
    send_bundle(capsys, dirs, "s1.bundle")
    assert _cases(capsys, hq) == sent
    assert figures(capsys, hq) == figures(capsys, station)
