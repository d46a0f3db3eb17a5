# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters after the role became explicit: an installation the old guess took for headquarters is told how to set
its role (never made headquarters on a guess); a frozen report period whose live figures moved since a late bundle
says so while it prints as sent; the report's text says the amount as its tables round it."""

from __future__ import annotations

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    decided,
    dirs,
    edit_case,
    export,
    import_,
    take_headquarters_card,
    template,
)
from workstation.bundle.writer import unencrypted_note

MARCH = "2026年3月"


def _as_before_roles(capsys, dirs):
    """Headquarters as it was set up before roles existed: no role file; it trusts both stations (it names no
    headquarters) and it merged Nanhai's bundle."""
    (dirs / "hq" / "role.json").unlink()
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")


# 1. an installation once taken for headquarters -----------------------------------------------------------------

def test_an_installation_once_taken_for_headquarters_stays_a_station_and_is_told_how_to_set_its_role(
        capsys, dirs, english):
    _as_before_roles(capsys, dirs)
    assert run_json(capsys, "--data-dir", dirs / "hq", "station", "role")["role"] == "station"  # no guess
    shown = run_json(capsys, "--data-dir", dirs / "hq", "station")
    assert shown["role"]["explicit"] is False
    assert "station role headquarters" in shown["role_hint"] and "bundles of 1 station" in shown["role_hint"]
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "station")
    assert code == 0 and "role_hint" not in out
    assert err.count("\n") == 1 and err.startswith("Note: No role is set here") and "`station role headquarters`" in err
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle")
    assert code == 0 and out.startswith(f"{dirs / 'h1.bundle'} written. The bundle holds ")
    # the role hint, after the note that the bundle is not encrypted (unencrypted_note)
    # (to a pipe, the export also says when it starts and that it finished: CLI progress lines, not notes)
    lines = err.splitlines()
    assert lines[0].startswith("Writing the bundle ") and lines[1].endswith("export finished.")
    assert len(lines) == 4 and lines[2].startswith("Note: ") and "`station role headquarters`" in lines[3]
    assert "station role headquarters" in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o",
                                                   dirs / "h2.bundle")["role_hint"]
    # once the role is set (either way), nothing more is said
    run_json(capsys, "--data-dir", dirs / "hq", "station", "role", "headquarters")
    assert run_json(capsys, "--data-dir", dirs / "hq", "station")["role_hint"] is None
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h3.bundle",
                          "--for", "南海区局", "--plain")
    # a hand-out written --plain: only that it is not encrypted, without advice to set a headquarters' key (it is
    # headquarters)
    assert code == 0 and err.splitlines()[2:] == ["Note: " + unencrypted_note(advice=False)]


def test_a_fresh_laptop_or_a_station_that_took_headquarters_card_is_told_nothing(capsys, dirs, english):
    # a fresh laptop
    assert run_json(capsys, "--data-dir", dirs / "nanhai", "station")["role_hint"] is None
    code, _out, err = run(capsys, "--data-dir", dirs / "nanhai", "station")
    assert code == 0 and err == ""
    # a station that only trusted headquarters' card
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "trust", dirs / "hq.card")
    assert run_json(capsys, "--data-dir", dirs / "nanhai", "station")["role_hint"] is None
    # a station naming headquarters, having taken its hand-out
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    import_(capsys, dirs, "h1.bundle", at="shunde")
    assert run_json(capsys, "--data-dir", dirs / "shunde", "station")["role_hint"] is None
    assert export(capsys, dirs, "shunde", "s2.bundle")["role_hint"] is None
    # headquarters with its role set
    assert run_json(capsys, "--data-dir", dirs / "hq", "station")["role_hint"] is None


@pytest.mark.gui
def test_the_exchange_page_offers_to_make_an_installation_once_taken_for_headquarters_headquarters(
        qtbot, prompts, capsys, dirs):
    from ui.exchange_page import ExchangePage, role_notice
    from ui.task_runner import ImmediateRunner
    from workstation.station_role import installation_role

    _as_before_roles(capsys, dirs)
    db = open_db(dirs / "hq")
    page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
    qtbot.addWidget(page)
    assert not page.role_notice_box.isHidden() and page.role_notice.text() == role_notice(1)
    prompts.confirm_answer = False  # asked, and declined: nothing changes
    page.buttons["make_headquarters"].click()
    assert len(prompts.confirmations) == 1 and not installation_role(db, dirs / "hq").explicit
    assert not page.role_notice_box.isHidden()
    prompts.confirm_answer = True
    page.buttons["make_headquarters"].click()
    assert installation_role(db, dirs / "hq").headquarters
    assert page.role_notice_box.isHidden() and "2" in page.hq_status.text()  # headquarters for its two stations
    db.conn.close()
    # a fresh laptop shows no such notice
    laptop = open_db(dirs / "shunde")
    page = ExchangePage(laptop, dirs / "shunde", prompts, ImmediateRunner())
    qtbot.addWidget(page)
    assert page.role_notice_box.isHidden() and page.role_notice.text() == ""
    laptop.conn.close()


# 2. a frozen period whose live figures moved ---------------------------------------------------------------------

def _frozen_march_then_a_late_bundle(capsys, dirs) -> dict:
    """Headquarters merges Shunde's case (filed 2 March, ¥5,000, 300 records), freezes March, reprints it; then
    Nanhai's bundle with its own March case (the same figures) arrives. Returns the reprint made before. Both cases
    are 已决定, so that their fines count."""
    for station in STATIONS:
        decided(dirs / station, STATIONS[station][2])
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "report", "campaign", "-o", dirs / "sent.pdf", "--from",
             "2026-03-01", "--to", "2026-03-31", "--freeze", MARCH)
    before = run_json(capsys, "--data-dir", dirs / "hq", "report", "campaign", "-o", dirs / "again.pdf",
                      "--period", MARCH)
    assert before["live"]["differs"] is False and before["live"]["changes"] == []
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    return before


def test_a_frozen_period_reprints_as_sent_and_says_how_its_live_figures_moved_since(capsys, dirs, english):
    before = _frozen_march_then_a_late_bundle(capsys, dirs)
    after = run_json(capsys, "--data-dir", dirs / "hq", "report", "campaign", "-o", dirs / "late.pdf",
                     "--period", MARCH)
    assert after["sha256"] == before["sha256"]  # the reprint is the report sent
    assert (dirs / "late.pdf").read_bytes() == (dirs / "again.pdf").read_bytes()
    live = after["live"]
    assert live["differs"] is True
    assert (live["cases"], live["records"], live["penalties_total_fen"]) == (
        {"frozen": 1, "live": 2}, {"frozen": 300, "live": 600}, {"frozen": 500_000, "live": 1_000_000})
    assert live["tables"] == ["正文", "表1 各领域案件情况", "表2 各辖区案件情况", "表3 各单位工作情况（考评）",
                              "表4 各月办案情况"]
    changed = {(c["table"], c["row"], c["figure"]): (c["frozen"], c["live"]) for c in live["changes"]}
    assert changed[("表2 各辖区案件情况", "南海区", "案件数（件）")] == (0, 1)
    assert changed[("表2 各辖区案件情况", "南海区", "罚没金额")] == (0, 500_000)
    assert not any(row == "顺德区" for _table, row, _figure in changed)  # Shunde's figures did not move
    assert changed[("表4 各月办案情况", "2026年3月", "案件数（件）")] == (1, 2)
    # the text says it too, after the line saying the file was written
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "report", "campaign", "-o", dirs / "late2.pdf",
                          "--period", MARCH)
    lines = out.splitlines()
    assert code == 0 and lines[0].endswith("late2.pdf written.")
    assert lines[1].startswith(f"The live figures of report period {MARCH} now differ from the frozen ones")
    # the difference in the unit of the larger figure (万元)
    assert "cases: 1 → 2 (+1)" in lines[1] and "fines and confiscations: 5000元 → 1.00万元 (+0.50万元)" in lines[1]
    assert "表2 各辖区案件情况·南海区·案件数（件）：0→1（+1）" in out


@pytest.mark.gui
def test_the_report_dialog_says_when_a_frozen_period_s_live_figures_moved(qtbot, prompts, capsys, dirs, english):
    from ui.report_dialog import CampaignReportDialog

    _frozen_march_then_a_late_bundle(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "report", "campaign", "-o", dirs / "all.pdf", "--freeze", "全部")
    db = open_db(dirs / "hq")
    dialog = CampaignReportDialog(db, prompts, (None, None, None), "全部")
    qtbot.addWidget(dialog)
    assert dialog.drift.isHidden()  # the period on the page is chosen: nothing to say
    dialog.frozen.setChecked(True)
    dialog.frozen_list.setCurrentIndex(dialog.frozen_list.findData(MARCH))
    assert not dialog.drift.isHidden()
    text = dialog.drift.text()
    assert f"report period {MARCH} now differ" in text and "cases: 1 → 2 (+1)" in text
    assert "表2 各辖区案件情况·南海区·案件数（件）：0→1（+1）" in dialog.drift.text()
    dialog.frozen_list.setCurrentIndex(dialog.frozen_list.findData("全部"))  # frozen after the late bundle
    assert dialog.drift.isHidden()
    dialog.path.setText(str(dirs / "again.pdf"))
    assert dialog.request()["period_label"] == "全部"  # printed from the frozen figures all the same
    db.conn.close()


# 3. the text says the amount as the tables round it ----------------------------------------------------------------

def test_the_report_text_says_the_amount_its_tables_print(dirs):
    from workstation.reports import report_data
    from workstation.reports.document import tables
    from workstation.store import find_case

    decided(dirs / "shunde", "佛顺市监立〔2026〕501号")  # a fine counts from the decision on
    edit_case(dirs / "shunde", "佛顺市监立〔2026〕501号", fine_fen=11_690_000)  # ¥116,900
    db = open_db(dirs / "shunde")
    assert find_case(db, "佛顺市监立〔2026〕501号").fine_fen == 11_690_000
    data = report_data(db)
    db.conn.close()
    assert "罚没金额11.69万元。" in data["text"][1]  # it said 11.7万元
    districts = next(rows for caption, _head, rows, *_rest in tables(data) if caption.startswith("表2"))
    assert districts[-1][0] == "合计" and districts[-1][3] == "11.69"
