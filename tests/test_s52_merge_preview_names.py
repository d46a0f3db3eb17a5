# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The merge preview of headquarters' hand-out reads as the officer reads the leads page and the case editor: a
lead or a case headquarters gave to another district bureau shows its agency (办案机关) by name, a lead's party
(被投诉当事人) by its name and the case opened for it by the case's name, a case's new officers by their names —
never an id. And a lead's history reads by its label: a first assignment made after the lead's verification period
(T1) had ended (``assigned_late``) as the officer reads it, not by its stored kind."""

from __future__ import annotations

import re

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import (  # noqa: F401
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)
from tests.test_s47_bundle_reassign import _lead_at_nanhai, _reassign_to_shunde
from tests.test_s52_handout_reassign import (
    NANHAI,
    NANHAI_CASE,
    SHUNDE,
    _handout,
    _move_case_to_shunde,
    _nanhai_case_at_headquarters,
)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _agency(data_dir, code: str) -> tuple[str, str]:
    """(id, name) of the agency ``code`` as ``data_dir`` holds it."""
    db = open_db(data_dir)
    try:
        return tuple(db.execute("SELECT id, name FROM agencies WHERE code = ?", [code]).fetchone())
    finally:
        db.conn.close()


def _preview(data_dir, bundle, qtbot) -> list[tuple[str, list[str]]]:
    """Every row of the merge preview's tree as the officer sees it (display texts and tooltips, column by column),
    each with the rows above it: [(table › record › field, [texts])]."""
    from PySide6.QtCore import QModelIndex, Qt

    from ui.bundle_dialogs import MergePreviewDialog
    from ui.bundle_tasks import plan_task

    preview = plan_task(data_dir, str(bundle), progress=None, cancel=None)
    try:
        dialog = MergePreviewDialog(preview.plan, bundle.name, None,
                                    from_headquarters=preview.bundle.from_headquarters)
        qtbot.addWidget(dialog)
        model = dialog.tree.model()
        rows: list[tuple[str, list[str]]] = []

        def walk(parent, path: str) -> None:
            for row in range(model.rowCount(parent)):
                cells = [model.index(row, column, parent) for column in range(model.columnCount())]
                texts = [cell.data() or "" for cell in cells]
                tips = [cell.data(Qt.ItemDataRole.ToolTipRole) or "" for cell in cells]
                at = f"{path} › {texts[0]}" if path else texts[0]
                rows.append((at, texts + tips))
                walk(cells[0], at)

        walk(QModelIndex(), "")
        return rows
    finally:
        preview.close()


def _field(rows, table: str, field: str) -> tuple[str, str, str]:
    """(the value here, in the bundle, last shared) of the one field ``field`` of a record of ``table``."""
    (found,) = [texts for at, texts in rows if at.startswith(table + " — ") and at.endswith(" › " + field)]
    return found[2], found[3], found[4]


def _no_ids(rows) -> None:
    shown = [(at, text) for at, texts in rows for text in [at, *texts] if UUID.search(text)]
    assert shown == []


def test_a_lead_reassigned_by_headquarters_reads_by_its_agencies_in_the_preview(capsys, dirs, qtbot, chinese):
    lead = _lead_at_nanhai(capsys, dirs)
    _reassign_to_shunde(capsys, dirs, lead)
    _handout(capsys, dirs, "h2.bundle")
    rows = _preview(dirs / "nanhai", dirs / "h2.bundle", qtbot)
    (_nanhai, nanhai), (_shunde, shunde) = _agency(dirs / "nanhai", NANHAI), _agency(dirs / "nanhai", SHUNDE)
    assert _field(rows, "线索", "办案机关") == (nanhai, shunde, nanhai)
    assert "市场监督管理局" in shunde
    assert any(at.startswith("线索处理经过 — ") and at.endswith(" › 改派 2026-03-05") for at, _texts in rows)
    _no_ids(rows)


def test_a_case_given_to_another_bureau_reads_by_its_agencies_and_officers_in_the_preview(capsys, dirs, qtbot,
                                                                                          chinese):
    _nanhai_case_at_headquarters(capsys, dirs)
    _move_case_to_shunde(dirs / "hq")
    _handout(capsys, dirs, "h1.bundle")
    rows = _preview(dirs / "nanhai", dirs / "h1.bundle", qtbot)
    (_nanhai, nanhai), (_shunde, shunde) = _agency(dirs / "nanhai", NANHAI), _agency(dirs / "nanhai", SHUNDE)
    assert _field(rows, "案件", "办案机关") == (nanhai, shunde, nanhai)
    assert _field(rows, "案件", "办案人员")[1] == "赵一、钱二"  # officers the bundle brings, by their names
    _no_ids(rows)


def test_a_lead_s_party_and_the_case_opened_for_it_read_by_name_in_the_preview(capsys, dirs, qtbot, chinese):
    _nanhai_case_at_headquarters(capsys, dirs)
    lead = _lead_at_nanhai(capsys, dirs)
    db = open_db(dirs / "hq")
    try:
        ((party_id, party),) = db.execute("SELECT id, name FROM parties").fetchall()
    finally:
        db.conn.close()
    # headquarters names the party complained of, and re-assigns the lead; meanwhile Nanhai opens a case for it
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "edit", lead, "--party", party_id)
    _reassign_to_shunde(capsys, dirs, lead)
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--file", "--party", party)
    _handout(capsys, dirs, "h2.bundle")
    rows = _preview(dirs / "nanhai", dirs / "h2.bundle", qtbot)
    assert _field(rows, "线索", "被投诉当事人")[1] == party
    case_here = _field(rows, "线索", "据此立案的案件")[0]
    assert "信息咨询有限公司" in case_here and case_here != "（空）"  # the case not filed yet: by its party and cause
    assert _field(rows, "线索", "办案机关")[:2] == (_agency(dirs / "nanhai", NANHAI)[1],
                                                 _agency(dirs / "nanhai", SHUNDE)[1])
    _no_ids(rows)


def test_a_first_assignment_after_the_verification_period_reads_by_its_label(capsys, dirs, qtbot, english):
    # in English: its Chinese label (核查期限届满后交办) is the catalogue's to add
    take_headquarters_card(capsys, dirs, "nanhai")
    lead = run_json(capsys, "--data-dir", dirs / "hq", "leads", "add", "--source", "report", "--received",
                    "2026-03-02 10:00", "--description", "有人冒充售楼处连续发送垃圾短信")["id"]
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", NANHAI, "--date", "2026-04-30")
    _handout(capsys, dirs, "h1.bundle")
    rows = _preview(dirs / "nanhai", dirs / "h1.bundle", qtbot)
    (history,) = [at for at, _texts in rows if at.startswith("Lead history — ") and at.count(" › ") == 1]
    assert history.endswith(" › Assigned after its verification period ended 2026-04-30"), history
    assert not any("assigned_late" in text for at, texts in rows for text in [at, *texts])
    _no_ids(rows)


def test_each_kind_of_a_lead_s_history_reads_by_its_label(english):
    from workstation import leads_workflow
    from workstation.bundle.conflict_text import show_value
    from workstation.bundle.merge import _label

    kinds = {leads_workflow.REASSIGNED, leads_workflow.NOT_FILING_WITHDRAWN, leads_workflow.REFERRAL_WITHDRAWN,
             leads_workflow.REPORTER_TOLD_CORRECTED, leads_workflow.REPORTER_TOLD_CLEARED,
             leads_workflow.ASSIGNED_LATE}
    said = {kind: _label("lead_history", {"kind": kind, "on_date": "2026-04-30"}) for kind in kinds}
    assert said[leads_workflow.ASSIGNED_LATE] == "Assigned after its verification period ended 2026-04-30"
    assert all(kind not in text and text.endswith(" 2026-04-30") for kind, text in said.items())
    assert show_value("kind", leads_workflow.ASSIGNED_LATE, {}, "lead_history") == \
        "Assigned after its verification period ended"


def test_an_interview_s_lead_an_evidence_item_s_case_and_a_history_s_agency_read_by_name(capsys, dirs, chinese):
    from types import SimpleNamespace

    from workstation.bundle.conflict_text import record_names, show_value

    lead = _lead_at_nanhai(capsys, dirs)
    agency_id, agency = _agency(dirs / "nanhai", NANHAI)
    db = open_db(dirs / "nanhai")
    try:
        case_id = db.execute("SELECT id FROM cases WHERE case_number = ?", [NANHAI_CASE]).fetchone()[0]
        said = [SimpleNamespace(table="evidence", field="case_id", local=case_id, incoming=None),
                SimpleNamespace(table="lead_history", field="to_agency_id", local=None, incoming=agency_id),
                SimpleNamespace(table="interviews", field="lead_id", local=None, incoming=lead)]
        names = record_names(db, said)
    finally:
        db.conn.close()
    assert show_value("case_id", case_id, names, "evidence") == NANHAI_CASE
    assert show_value("to_agency_id", agency_id, names, "lead_history") == agency
    assert show_value("lead_id", lead, names, "interviews") == "有人冒充售楼处连续发送垃圾短信"
