"""Loose ends of cases not filed and of cases with several parties: the case file of a case not filed is named
未立案_<party>_卷宗 (masked, file-name safe), never " 卷宗"; ``clocks --json`` gives null for its number as ``cases
list`` does; a warning decided on the spot shows 警告 in the case list; and the editor of a sheet printing each
party's rows hides the first party's fields that it does not print."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.helpers import run_json
from tests.test_party_case10 import COMPANY, FACTS, with_employee
from workstation import procedure
from workstation.documents.casefile import case_file_name, print_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.records import Party
from workstation.store import get_case, save_party

PLACE = "佛山市南海区桂城街道南海大道北281号"


def _registered(db, data_dir, case):
    """``case`` (one whose filing was declined: a case file is made of it) with its 案件来源登记表 issued, a
    document to bind though the case was never filed, and its 卷宗封面 issued with the 立案日期 written in (drawn from
    a case not filed, the cover has none)."""
    issue_document(db, data_dir, get_case(db, case.id), find_form("case_source_register"),
                   {"source": "投诉", "received_on": "2026-02-10", "summary": FACTS})
    issue_document(db, data_dir, get_case(db, case.id), find_form("file_cover"),
                   {"filed_on": "2026-02-12"})
    return get_case(db, case.id)


# ---- 1. the case file of a case not filed ------------------------------------------------------------------------

def test_the_case_file_of_a_case_not_filed_is_named_after_its_party_masked_and_safe_as_a_file_name(
        db, data_dir, make_case):
    case = _registered(db, data_dir, make_case(status="not_filed", lead_received_on="2026-02-10"))
    name = case_file_name(db, case)
    assert name == "未立案_佛山市南海区誉嘉房地产代理有限公司_卷宗"
    assert PdfReader(io.BytesIO(print_case_file(db, data_dir, case).data)).metadata.title == name
    # a party named after a phone number: masked, its stars and a slash not left for a file name
    person = get_case(db, case.id).party_ids[0]
    save_party(db, Party(name="号码13812345678的使用人/张某", kind="person", id=person))
    assert case_file_name(db, get_case(db, case.id)) == "未立案_号码138＊＊＊＊5678的使用人张某_卷宗"


def test_a_filed_case_file_keeps_its_number_and_several_parties_read_first_and_others(db, data_dir, make_case):
    filed = make_case(status="investigating", filed_on="2026-02-20")
    assert filed.case_number and case_file_name(db, filed) == f"{filed.case_number} 卷宗"
    pending, _company, _employee = with_employee(db, make_case())
    assert case_file_name(db, pending) == f"未立案_{COMPANY}等_卷宗"


@pytest.mark.gui
def test_saving_the_case_file_of_a_case_not_filed_offers_its_party_name(db, data_dir, make_case, prompts, qtbot,
                                                                        monkeypatch):
    from ui.case_documents import CaseDocuments

    case = _registered(db, data_dir, make_case(status="not_filed", lead_received_on="2026-02-10"))
    section = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(section)
    offered = []
    monkeypatch.setattr(prompts, "save_file", lambda parent, title, name, filters: offered.append(name))
    section.save_case_file()
    assert offered == ["未立案_佛山市南海区誉嘉房地产代理有限公司_卷宗.pdf"]


# ---- 1. clocks --json: null for a case not filed ---------------------------------------------------------------

def test_the_clocks_of_a_case_not_filed_give_null_for_its_number_as_the_case_list_does(db, data_dir, make_case,
                                                                                      capsys):
    pending = make_case(lead_received_on="2026-03-02")
    filed = make_case(status="investigating", filed_on="2026-03-02", lead_received_on="2026-02-20")
    db.conn.close()
    clocks = run_json(capsys, "--data-dir", data_dir, "clocks", "--as-of", "2026-03-10")
    numbers = {c["case_number"] for c in clocks if c["case_id"] == pending.id}
    assert numbers == {None}
    assert {c["case_number"] for c in clocks if c["case_id"] == filed.id} == {filed.case_number}
    assert all("case_number" in c for c in clocks)
    listed = run_json(capsys, "--data-dir", data_dir, "cases", "list")
    assert [c["case_number"] for c in listed if c["id"] == pending.id] == [None]


# ---- 2. a warning decided on the spot in the case list ---------------------------------------------------------

def _on_the_spot(db, data_dir, make_case, fine=""):
    from tests.test_simple_procedure_m029 import fresh_serial  # a pre-printed 编号 is used once

    case = make_case()
    issue_document(db, data_dir, case, find_form("on_the_spot_decision"),
                   {"serial_no": fresh_serial(db), "fine_fen": fine, "warning": not fine,
                    "decided_at": "2026-03-10 09:30", "party_address": PLACE, "place": PLACE, "facts": FACTS})
    return procedure.apply(db, case.id, "decide_on_the_spot")


def test_a_warning_decided_on_the_spot_is_found_with_the_decisions_in_one_query(db, data_dir, make_case):
    from workstation.penalty_terms import cases_warned_only

    warned = _on_the_spot(db, data_dir, make_case)
    fined = _on_the_spot(db, data_dir, make_case, fine="200")
    waiting = make_case()
    issue_document(db, data_dir, waiting, find_form("on_the_spot_decision"),
                   {"serial_no": "No.0012399", "fine_fen": "", "warning": True, "decided_at": "2026-03-10 09:30",
                    "party_address": PLACE, "place": PLACE, "facts": FACTS})
    assert (warned.status, warned.fine_fen, fined.fine_fen) == ("served", 0, 20_000)
    # the one issued but not yet recorded as decided on the spot is not a penalty decided
    assert cases_warned_only(db, [warned.id, fined.id, waiting.id]) == {warned.id}


@pytest.mark.gui
def test_the_case_list_shows_a_warning_decided_on_the_spot_as_a_warning(db, data_dir, make_case, qtbot):
    from PySide6.QtCore import QModelIndex

    from ui.case_model import PENALTY_COLUMN, CaseTableModel
    from workstation.i18n import _ as translated
    from workstation.store import CaseFilter

    warned = _on_the_spot(db, data_dir, make_case)
    fined = _on_the_spot(db, data_dir, make_case, fine="200")
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    shown = {model.case_id(row): model.data(model.index(row, PENALTY_COLUMN))
             for row in range(model.rowCount())}
    assert shown.get(warned.id) == translated("warning")
    assert shown.get(fined.id) == "¥200.00"


# ---- 3. the editor of a sheet printing each party's rows -------------------------------------------------------

def test_the_one_party_fields_are_those_printed_only_in_the_one_party_rows():
    from workstation.formkit.party_rows import one_party_fields

    filing = one_party_fields(find_form("filing_approval"))
    assert {"party_name", "licence_name", "party_code", "party_address", "legal_rep", "party_phone"} <= set(filing)
    assert "cause" not in filing and "party_rows" not in filing and "facts" not in filing
    closing = one_party_fields(find_form("closing_approval"))
    assert {"party_name", "fine_fen", "paid_fen", "receipt_no", "decision_number"} <= set(closing)
    assert "filed_on" not in closing  # printed with several parties too
    assert set(one_party_fields(find_form("case_source_register"))) >= {"party_name", "party_code", "party_phone"}
    assert one_party_fields(find_form("penalty_decision")) == ()


@pytest.mark.gui
@pytest.mark.parametrize("form_id", ["filing_approval", "case_source_register", "closing_approval"])
def test_with_two_parties_the_editor_hides_the_first_partys_fields_and_says_where_they_are(
        db, make_case, opened, form_id, english):
    case, _company, _employee = with_employee(db, make_case(status="investigating", filed_on="2026-02-20",
                                                            facts=FACTS))
    editor = opened(db, form_id, get_case(db, case.id))
    editor.show()
    assert editor.values["party_rows"]  # the sheet prints each party's rows
    for name in ("party_name", "party_code"):
        assert not editor.fields[name].widget.isVisible(), name
    from workstation.formkit.party_rows import one_party_fields

    hidden = set(one_party_fields(find_form(form_id)))
    assert [n for n, field in editor.fields.items() if n not in hidden and not field.widget.isVisible()] == []
    assert editor.fields["party_rows"].widget.isVisible()
    if form_id == "closing_approval":
        assert not editor.fields["fine_fen"].widget.isVisible() and editor.fields["filed_on"].widget.isVisible()
    from PySide6.QtWidgets import QLabel

    notes = [label.text() for label in editor.findChildren(QLabel, "one_party_note") if label.isVisible()]
    assert notes and all(note.startswith("Several parties: see “各当事人") for note in notes)
    # the values are kept as they were: the draft and the issued values hold them
    assert editor.current_values()["party_name"] == COMPANY


@pytest.mark.gui
def test_with_one_party_the_editor_shows_the_partys_fields_as_before(db, make_case, opened):
    from PySide6.QtWidgets import QLabel

    case = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    editor = opened(db, "filing_approval", case)
    editor.show()
    assert not editor.values["party_rows"]
    assert all(editor.fields[name].widget.isVisible() for name in ("party_name", "party_code", "party_address"))
    assert editor.findChildren(QLabel, "one_party_note") == []
