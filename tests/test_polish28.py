"""Small things noticed in one day: HQ's report on a whole calendar year is titled as that year's report, not as a
progress 通报, and says of the leads decided how many were never assigned (a station registered and checked them
itself); a new interview's contact phone follows the agency chosen unless the officer typed one of their own (no
undo step of its own); README's ``clocks --officer`` example names an officer of the demo data and its list of the
bootstrap's Debian packages is the script's; a long message box fits a 1366 × 768 laptop's screen."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import openpyxl
import pytest

from workstation.reports import report_data, write_campaign_report
from workstation.reports.campaign import render_report
from workstation.reports.data import FORMAT, TITLE
from workstation.reports.document import title_text

ROOT = Path(__file__).resolve().parent.parent
YEAR = {"date_from": "2026-01-01", "date_to": "2026-12-31"}


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


# 1. a whole calendar year is the year's report ------------------------------------------------------------------
@pytest.fixture
def year_ended(monkeypatch):
    """The report written after the year has ended (on 5 January 2027): a year not ended is reported up to the day,
    as its progress (test_s50_campaign_report)."""
    monkeypatch.setattr("workstation.reports.data.now", lambda: "2027-01-05T10:00:00+08:00")


def test_a_whole_calendar_years_report_is_titled_and_opened_as_that_years_report(demo_db, tmp_path, year_ended):
    year = report_data(demo_db, **YEAR)
    assert year["title"] == "关于打击侵害消费者个人信息违法行为专项行动2026年度工作情况的通报"
    assert year["opening"].startswith("2026年1月1日至12月31日，")
    assert year["opening"].endswith("现将2026年度工作情况通报如下。")
    # printed in two lines broken where the progress report's title breaks, in the DOCX as in the PDF
    assert title_text(year["title"]) == "关于打击侵害消费者个人信息违法行为\n专项行动2026年度工作情况的通报"
    write_campaign_report(demo_db, tmp_path / "year.docx", "docx", **YEAR)
    text = _docx_text(tmp_path / "year.docx")
    assert "专项行动2026年度工作情况的通报" in text and "工作进展" not in text


@pytest.mark.parametrize(
    "bounds",
    [
        ("2026-01-01", "2026-06-30"),
        ("2026-01-02", "2026-12-31"),
        ("2025-01-01", "2026-12-31"),
        ("2026-01-01", None),
        (None, "2026-12-31"),
    ],
)
def test_any_other_period_keeps_the_progress_reports_title(demo_db, bounds):
    data = report_data(demo_db, *bounds)
    assert data["title"] == TITLE == "关于打击侵害消费者个人信息违法行为专项行动工作进展情况的通报"
    assert data["opening"].endswith("现将工作进展情况通报如下。")
    assert title_text(data["title"]) == "关于打击侵害消费者个人信息违法行为\n专项行动工作进展情况的通报"


# 2. the leads decided that were never assigned ------------------------------------------------------------------
def _lead_checked_at_the_station(db) -> None:
    """A lead 南海区局 registered by hand and decided itself, never assigned (交办) to anyone."""
    from workstation.leads_workflow import decide_lead
    from workstation.records import Lead
    from workstation.store import agency_id_for_code, save_lead

    lead = save_lead(
        db,
        Lead(source="12345", received_at="2026-09-01T09:00:00+08:00", agency_id=agency_id_for_code("440605")),
    ).id
    decide_lead(db, lead, "not_file", on="2026-09-03", reason="未发现违法行为")


def test_the_text_says_how_many_of_the_leads_decided_were_never_assigned(demo_db, tmp_path):
    before = "".join(report_data(demo_db, **YEAR)["text"])
    assert "已交办属地核查31条，已核查办结28条，其中按期办结28条" in before  # the demo's: every lead assigned
    _lead_checked_at_the_station(demo_db)
    data = report_data(demo_db, **YEAR)
    leads = data["stats"]["leads"]
    assert (leads["total"], leads["assigned"], leads["decided"], leads["decided_unassigned"]) == (
        32,
        31,
        29,
        1,
    )
    sentence = "已交办属地核查31条，已核查办结29条（含未经交办、自行登记核查的1条），其中按期办结29条，按期办结率100%"
    assert sentence in "".join(data["text"])
    write_campaign_report(demo_db, tmp_path / "year.docx", "docx", **YEAR)
    assert sentence in _docx_text(tmp_path / "year.docx")
    write_campaign_report(demo_db, tmp_path / "year.xlsx", "xlsx", **YEAR)
    overview = openpyxl.load_workbook(tmp_path / "year.xlsx")["概况"]
    rows = [[cell.value for cell in row] for row in overview.iter_rows(min_row=2, max_col=2)]
    decided = rows.index(["办结线索（条）", 29])
    assert rows[decided + 1] == ["其中未经交办、自行登记核查（条）", 1]


def test_the_pdf_says_it_too(demo_db, tmp_path, year_ended):
    from tests.helpers import pdf_text

    _lead_checked_at_the_station(demo_db)
    write_campaign_report(demo_db, tmp_path / "year.pdf", "pdf", **YEAR)
    text = re.sub(r"\s|—\d+—", "", pdf_text((tmp_path / "year.pdf").read_bytes()))  # without the page numbers
    assert "已核查办结29条（含未经交办、自行登记核查的1条）" in text
    assert "专项行动2026年度工作情况的通报" in text


def test_a_period_frozen_before_format_15_prints_as_it_was_sent(demo_db):
    """Its title, opening and sentence are stored as sent; its workbook keeps the rows it had."""
    assert FORMAT >= 15
    _lead_checked_at_the_station(demo_db)
    old = report_data(demo_db, **YEAR)
    old["format"] = 14
    old["title"] = TITLE
    old["stats"]["leads"].pop("decided_unassigned")
    payload, _pages = render_report(old, "xlsx")
    overview = openpyxl.load_workbook(io.BytesIO(payload))["概况"]
    names = [row[0].value for row in overview.iter_rows(min_row=2, max_col=1)]
    assert "办结线索（条）" in names and not any("未经交办" in (name or "") for name in names)
    assert overview["B2"].value == TITLE
    payload, _pages = render_report(old, "docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(payload)).paragraphs)
    assert "关于打击侵害消费者个人信息违法行为\n专项行动工作进展情况的通报" in text


# 3. a new interview's contact phone follows its agency -----------------------------------------------------------
NANHAI_PHONE, SHUNDE_PHONE = "0757-86200001", "0757-22800002"


@pytest.fixture
def two_agencies_phones(db):
    """(南海区局, 顺德区局): each with an earlier interview whose contact phone a new one of it is offered."""
    from workstation.records import Interview, Party
    from workstation.store import agency_by_code, save_party
    from workstation.store.interviews import save_interview

    party = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))
    agencies = agency_by_code(db, "440605").id, agency_by_code(db, "440606").id
    for agency, phone in zip(agencies, (NANHAI_PHONE, SHUNDE_PHONE), strict=True):
        save_interview(
            db,
            Interview(
                agency_id=agency,
                held_on="2026-11-20",
                subject="约谈",
                party_ids=[party.id],
                contact_phone=phone,
            ),
        )
    return agencies


def _interview_dialog(db, prompts, qtbot, interview=None):
    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(db, prompts, interview)
    qtbot.addWidget(dialog)
    return dialog


def _choose(dialog, agency_id) -> None:
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id))


@pytest.mark.gui
def test_a_new_interviews_phone_follows_the_agency_chosen_and_is_undone_with_it(
    db, prompts, qtbot, two_agencies_phones
):
    nanhai, shunde = two_agencies_phones
    dialog = _interview_dialog(db, prompts, qtbot)
    _choose(dialog, nanhai)
    assert dialog.contact_phone.text() == NANHAI_PHONE
    steps = dialog.undo_stack.count()
    _choose(dialog, shunde)
    assert dialog.contact_phone.text() == SHUNDE_PHONE
    assert dialog.undo_stack.count() == steps + 1  # the agency chosen, with the phone it brought: one step
    dialog.undo_stack.undo()
    assert (dialog.agency.currentData(), dialog.contact_phone.text()) == (nanhai, NANHAI_PHONE)
    dialog.undo_stack.redo()
    assert (dialog.agency.currentData(), dialog.contact_phone.text()) == (shunde, SHUNDE_PHONE)
    dialog.undo_stack.undo()
    _choose(dialog, shunde)  # chosen again after the undo: the phone follows again
    assert dialog.contact_phone.text() == SHUNDE_PHONE
    # a phone the officer typed stays, whatever agency is chosen after it
    dialog.contact_phone.clear()
    qtbot.keyClicks(dialog.contact_phone, "0757-86209999")
    _choose(dialog, nanhai)
    assert dialog.contact_phone.text() == "0757-86209999"
    dialog.undo_stack.undo()  # the agency's step alone
    assert (dialog.agency.currentData(), dialog.contact_phone.text()) == (shunde, "0757-86209999")


# 4. README's clocks example on the demo data --------------------------------------------------------------------
def test_readmes_clocks_example_names_an_officer_of_the_demo_data_handling_its_case(
    capsys, tmp_path, cli_station
):
    import json

    from tests.helpers import run

    example = next(
        line
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if "main.py clocks --json" in line
    )
    officer = re.search(r"--officer (\S+?)\]", example).group(1)
    case = re.search(r"--case (\S+?)\]", example).group(1)
    seed = json.loads((ROOT / "resources" / "demo" / "seed.json").read_text(encoding="utf-8"))
    assert officer in {o["name"] for o in seed["officers"]}
    station = cli_station(tmp_path / "station")
    code, out, err = run(
        capsys,
        "clocks",
        "--data-dir",
        station,
        "--officer",
        officer,
        "--case",
        case,
        "--as-of",
        "2026-12-01",
        "--json",
    )
    assert code == 0, err
    assert case in out  # the example's case is that officer's


# 5. README's Debian packages are the bootstrap's ----------------------------------------------------------------
def test_readme_lists_every_debian_package_the_bootstrap_installs():
    script = (ROOT / ".ci" / "bootstrap").read_text(encoding="utf-8")
    listed = re.search(r"APT_PACKAGES=\(([^)]*)\)", script).group(1).split()
    assert "missing+=(python3-venv)" in script
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    paragraph = readme[readme.index("Both install the Debian packages") :][:1200]
    named = set(re.findall(r"`([^`]+)`", paragraph))
    left_out = [
        p
        for p in [*listed, "python3-venv"]
        if p not in named and not (p.startswith("libxcb-") and "libxcb-*" in named)
    ]
    assert not left_out


# 6. a long message fits a laptop's screen -----------------------------------------------------------------------
LAPTOP_HEIGHT, LAPTOP_WIDTH, TITLE_BAR = 614, 1093, 30  # 1366 × 768 at 125 %, less the taskbar; the title bar
ROW = "第12行：统一社会信用代码91440605MA4UXXXX1B与台账中名为佛山市南海区誉嘉房地产代理有限公司的当事人不一致，请核对后重新导入。"


def _shown(qtbot, show) -> dict:
    """What the message box ``show()`` opens looks like: its size, text, details and whether OK is in view."""
    from PySide6.QtCore import QPoint, QRect, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    seen = {}

    def look():
        box = QApplication.activeModalWidget()
        frame = box.frameGeometry()
        box.move((LAPTOP_WIDTH - frame.width()) // 2, (LAPTOP_HEIGHT - frame.height()) // 2)
        ok = box.findChild(QDialogButtonBox).buttons()[0]
        on_screen = QRect(ok.mapToGlobal(QPoint(0, 0)), ok.size())
        seen.update(
            size=(box.width(), box.height()),
            text=box.text(),
            details=box.detailedText(),
            ok=QRect(0, 0, LAPTOP_WIDTH, LAPTOP_HEIGHT).contains(on_screen),
        )
        box.accept()

    QTimer.singleShot(0, look)
    show()
    return seen


@pytest.mark.gui
@pytest.mark.parametrize("kind", ["error", "info"])
def test_a_long_message_fits_the_laptops_screen_and_says_all_of_it(qtbot, monkeypatch, kind):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from ui.prompts import Prompts

    monkeypatch.setattr(
        QScreen, "availableGeometry", lambda _screen: QRect(0, 0, LAPTOP_WIDTH, LAPTOP_HEIGHT)
    )
    message = ROW * 30  # 2,100 characters
    seen = _shown(qtbot, lambda: getattr(Prompts(), kind)(None, message))
    width, height = seen["size"]
    assert width <= LAPTOP_WIDTH and height + TITLE_BAR <= LAPTOP_HEIGHT and seen["ok"]
    assert (
        seen["text"].startswith(ROW) and seen["text"] + seen["details"] == message
    )  # cut between two sentences
    short = _shown(qtbot, lambda: getattr(Prompts(), kind)(None, ROW * 2))
    assert (short["text"], short["details"]) == (ROW * 2, "")  # a short message as it was: whole, no details


@pytest.mark.gui
def test_a_long_sentence_is_cut_inside_only_when_nothing_shorter_fits(qapp):
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from ui.prompts import long_message

    metrics = QFontMetrics(QApplication.font("QLabel"))
    run_on = ROW.rstrip("。") * 30  # one sentence of 2,000 characters
    opening, rest = long_message(run_on, metrics)
    assert opening.endswith("…") and opening[:-1] + rest == run_on and len(opening) < len(ROW) * 3
    assert long_message(ROW * 2, metrics) is None
