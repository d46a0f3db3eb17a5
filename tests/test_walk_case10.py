"""A case walked through the window by an officer new to it (session 10): a 行政处罚告知书 whose proposed fine gives
the party the right to a hearing is not issued without telling the party of that right, and issuing a document
of a type that takes no 文号 (笔录, 审批表) neither asks about one nor reports one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from tests.helpers import filed_from_lead, numbers_taken, pdf_text, undecided_lead
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, document_pdf, issue_document
from workstation.errors import WorkstationError
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case

pytestmark = pytest.mark.gui

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"


def button(section, name: str) -> QPushButton:
    return next(b for b in section.findChildren(QPushButton) if b.objectName().startswith(name))


def editor_of(window, workspace, form_id: str):
    """The document editor the officer opens with Write… in the case's documents section."""
    section = workspace.documents
    section.form_choice.setCurrentIndex(section.form_choice.findData(form_id))
    button(section, "write").click()
    return window.editors[-1]


@pytest.mark.parametrize(("kind", "fine", "limit"), [("company", "100000", "¥100,000.00"),
                                                     ("person", "10000", "¥10,000.00")])
def test_a_notice_proposing_a_fine_that_gives_a_hearing_must_tell_of_the_right(db, data_dir, make_case, english,
                                                                               kind, fine, limit):
    case = make_case(status="under_review", filed_on="2026-03-02")
    if kind == "person":
        person = save_party(db, Party(name="李某", kind="person", id_number="11010519491231002X",
                                      address="佛山市南海区桂城街道1号"))
        case = update_case(db, replace(get_case(db, case.id), party_ids=[person.id]))
    form, taken = find_form("pre_penalty_notice"), numbers_taken(db)
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, get_case(db, case.id), form,
                       {"facts": FACTS, "fine_fen": fine, "hearing_required": False})
    assert str(refused.value) == (
        f"The penalty proposed (a fine of {limit}) reaches the hearing amount for this party (≥ {limit}): "
        "the notice must tell the party of its right to request a hearing (Penalty Law arts. 44, 63, 64). Tick "
        "“告知听证权利”, or propose a penalty below that amount.")
    assert case_documents(db, case.id) == [] and numbers_taken(db) == taken  # nothing issued, no number taken

    issued = issue_document(db, data_dir, get_case(db, case.id), form,
                            {"facts": FACTS, "fine_fen": fine, "hearing_required": True})
    assert "要求听证" in pdf_text(document_pdf(db, data_dir, issued.id))


def test_confiscated_gains_at_the_hearing_amount_need_the_hearing_paragraph_too(db, data_dir, make_case, english):
    case = make_case(status="under_review", filed_on="2026-03-02")
    form = find_form("pre_penalty_notice")
    with pytest.raises(WorkstationError, match="reaches the hearing amount"):
        issue_document(db, data_dir, case, form, {"facts": FACTS, "fine_fen": "5000", "confiscated_fen": "100000",
                                                  "hearing_required": False})
    # below the amounts a notice without the paragraph is right
    issued = issue_document(db, data_dir, case, form, {"facts": FACTS, "fine_fen": "99999.99",
                                                       "hearing_required": False})
    assert issued.number.startswith("佛南市监告")


def test_the_officer_typing_the_fine_into_the_notice_is_told_to_tick_the_hearing_right(make_window, db, make_case,
                                                                                      prompts, english):
    case = make_case(status="under_review", filed_on="2026-03-02")
    window = make_window(db)
    ed = editor_of(window, window.open_case(case.id), "pre_penalty_notice")
    assert ed.fields["hearing_required"].value() is False  # the case records no fine yet
    ed.set_field("facts", FACTS)
    ed.set_field("fine_fen", "150000")
    assert ed.fields["hearing_required"].value() is True  # the fine reaches the hearing amount: ticked
    ed.set_field("hearing_required", False)  # unticked by hand
    prompts.confirm_answer = True
    taken = numbers_taken(db)
    ed.issue()
    assert len(prompts.errors) == 1 and "Tick “告知听证权利”" in prompts.errors[0]
    assert "(a fine of ¥150,000.00)" in prompts.errors[0] and "¥0.00" not in prompts.errors[0]
    assert ed.document is None and numbers_taken(db) == taken and case_documents(db, case.id) == []

    ed.set_field("hearing_required", True)
    ed.issue()
    assert len(prompts.errors) == 1 and ed.document is not None
    assert ed.document.number.startswith("佛南市监告") and ed.document.values["hearing_required"] is True


def test_issuing_a_document_without_a_number_neither_asks_about_nor_reports_one(make_window, db, make_case,
                                                                               prompts, english):
    case = make_case(facts=FACTS)
    filed_from_lead(db, case)  # its 案件来源 the lead's: nothing to choose in an editor
    window = make_window(db)
    section = window.open_case(case.id).documents
    section.form_choice.setCurrentIndex(section.form_choice.findData("filing_approval"))
    prompts.confirm_answer = True
    button(section, "issue").click()
    assert prompts.errors == []
    assert prompts.confirmations == ["Issue 立案审批表? It is kept as it stands (this document type has no 文号) and "
                                     "cannot be edited afterwards."]
    assert prompts.infos == ["立案审批表 issued."]
    document = case_documents(db, case.id)[-1]
    assert document.number is None

    section = window.workspaces[case.id].documents
    assert section.select_document(document.id)
    button(section, "open_document").click()
    banner = window.editors[-1].banner.text()
    assert banner.startswith("Issued on ") and "(no 文号 for this document type)" in banner
    assert "None" not in banner and "—" not in banner


def test_a_numbered_document_still_asks_about_its_number(make_window, db, make_case, prompts, english):
    case = make_case(status="under_review", filed_on="2026-03-02")
    window = make_window(db)
    ed = editor_of(window, window.open_case(case.id), "pre_penalty_notice")
    ed.set_field("facts", FACTS)
    ed.set_field("warning", True)  # the penalty proposed: never the form's default
    prompts.confirm_answer = True
    ed.issue()
    # the number it takes, then what it says, as the documents list asks (tests/test_doc_case_defaults.py)
    assert prompts.confirmations == [f"Issue 行政处罚告知书? It takes the next 文号, {ed.document.number}, and cannot be "
                                     "edited afterwards.\n\nCheck what it says:\n当事人：佛山市南海区誉嘉房地产代理有限公司"
                                     "\n警告：yes"]
    assert ed.document.number in ed.banner.text() and ed.banner.text().startswith(f"Issued {ed.document.number} on")


@pytest.mark.parametrize(("hearing", "said"), [(False, "当事人明确表示放弃陈述、申辩的权利。"),
                                               (True, "当事人明确表示放弃陈述、申辩和要求听证的权利。")])
def test_the_decision_says_the_party_waived_its_rights_not_that_the_period_ran_out(db, data_dir, make_case, hearing,
                                                                                   said):
    from workstation import procedure

    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS,
                     fine_fen=15_000_000 if hearing else 3_000_000)
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"), {"issued_on": "2026-03-02"})
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    # the party signs its waiver the day the notice is served; the decision follows the next day, long before the
    # five working days of its period would have run
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-02", reason="当事人书面声明放弃")
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                              {"decided_on": "2026-03-03", "party_address": ADDRESS})
    text = pdf_text(document_pdf(db, data_dir, decision.id))
    assert said in text
    assert "在法定期限内未提出" not in text


def test_a_decision_after_the_period_ran_out_still_says_so(db, data_dir, make_case):
    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS,
                     fine_fen=3_000_000)
    decision = issue_document(db, data_dir, case, find_form("penalty_decision"),
                              {"decided_on": "2026-03-20", "party_address": ADDRESS})
    text = pdf_text(document_pdf(db, data_dir, decision.id))
    assert "当事人在法定期限内未提出陈述、申辩意见。" in text and "放弃" not in text


def test_the_timeline_names_the_lead_a_case_came_from_by_its_receipt_not_its_uuid(make_window, demo_db, prompts,
                                                                                   english):
    # the demo's first lead from the consumer council its bureau did not file, as it stood before its decision
    lead_id, received, source, code = demo_db.execute(
        "SELECT l.id, l.received_at, l.source, a.code FROM leads l JOIN agencies a ON a.id = l.agency_id "
        "WHERE l.status = 'not_filed' AND l.source = 'consumer_council' ORDER BY l.received_at LIMIT 1").fetchone()
    undecided_lead(demo_db, lead_id, agency_code=code, assigned_on=received[:10])
    window = make_window(demo_db)
    window.navigation.setCurrentRow(1)
    page = window.leads_page
    page.select(lead_id)
    prompts.confirm_answer = True  # 立案 asks first
    page.buttons["file"].click()
    workspace = window.case_tabs.currentWidget()
    created = next(line for line in (workspace.timeline.item(i).text() for i in range(workspace.timeline.count()))
                   if "Case recorded as" in line)
    assert f"From the lead received on {received[:10]} (Referred by the consumer council)" in created
    assert lead_id not in created and lead_id[:8] not in created


def test_a_case_named_after_a_number_shows_it_masked_in_the_list_and_the_workspace(make_window, demo_db, prompts):
    lead_id = demo_db.execute("SELECT id FROM leads WHERE status = 'assigned' AND businesses = '' AND target_name = '' "
                              "AND target_phone LIKE '1%' ORDER BY received_at LIMIT 1").fetchone()[0]
    window = make_window(demo_db)
    window.navigation.setCurrentRow(1)
    window.leads_page.select(lead_id)
    prompts.confirm_answer = True  # 立案 asks first
    window.leads_page.buttons["file"].click()
    workspace = window.case_tabs.currentWidget()
    case = workspace.case
    full = case.cause.split("号码")[1][:11]
    assert full.isdigit() and len(full) == 11  # the lead is about a mobile number, and the case is named after it
    shown = full[:3] + "****" + full[-4:]

    title = workspace.findChild(QLabel, "case_title").text()
    party = workspace.findChild(QLabel, f"party_{case.party_ids[0]}")
    assert shown in title and full not in title
    assert shown in party.text() and full not in party.text()
    model = window.case_list.model
    row = next(r for r in range(model.rowCount()) if model.case_id(r) == case.id)
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        texts = " ".join(str(model.index(row, c).data(role) or "") for c in range(model.columnCount()))
        assert shown in texts and full not in texts

    audited = demo_db.execute("SELECT COUNT(*) FROM audit WHERE action = 'reveal'").fetchone()[0]
    workspace.findChild(QPushButton, f"reveal_party_{case.party_ids[0]}").click()  # shown whole on purpose, audited
    assert full in party.text()
    assert demo_db.execute("SELECT COUNT(*) FROM audit WHERE action = 'reveal'").fetchone()[0] > audited
