"""An issued document prints as it was issued, whatever changed since: its PDF is the file frozen at issue, and its
DOCX copy is composed again from what was stored then — its values (the party, officers, facts and the bureau's
document details as they were) and the agency's name, case number and date it was printed under — never from the
agency renamed, the document details, officers or party edited later. A new draft takes the data as it is now."""

import io
import json
from dataclasses import replace

import docx
import pytest

from tests.helpers import pdf_text
from tests.test_law_guards import APPEARANCE, under_investigation
from workstation.agency_details import acting_agency_id, set_agency_details
from workstation.documents.docx_writer import render_docx
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import ISSUED_AS, document_pdf, get_document, issue_document, issued_docx
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import WorkstationError
from workstation.formkit.values import case_context, document_date
from workstation.store import find_case, get_agency, get_officer, get_party, update_agency
from workstation.store.agencies import save_officer
from workstation.store.parties import save_party

CASE = "佛南市监立〔2026〕1号"  # demo case a 行政处罚决定书 can be issued in
OLD_DETAILS = {"bank": "中国工商银行佛山南海支行", "account_name": "佛山市南海区财政局", "account_number": "2013011111111111111",
               "contact_phone": "0757-86221234", "contact_address": "佛山市南海区桂城街道南海大道北1号"}
NEW_DETAILS = {"bank": "中国农业银行佛山分行", "account_name": "佛山市南海区非税收入专户",
               "account_number": "4405012222222222222", "contact_phone": "0757-86339999",
               "contact_address": "佛山市南海区桂城街道海五路28号"}
RENAMED = "佛山市南海区市场监督管理和知识产权局"
DECISION = {"evidence": "1.当事人营业执照复印件；\n2.询问笔录。"}  # the demo registers no evidence


def docx_text(data: bytes) -> str:
    body = docx.Document(io.BytesIO(data)).element.body
    return "".join(t.text or "" for t in body.iter() if t.tag.endswith("}t")).replace(" ", "")


def _agency_renamed(db, case) -> str:
    """The case's acting agency renamed ``RENAMED``; returns the name it had."""
    agency = get_agency(db, acting_agency_id(db, case.agency_id))
    update_agency(db, replace(agency, name=RENAMED))
    return agency.name


def _party_edited(db, case) -> tuple[str, str]:
    """The case's first party renamed and moved; returns its old name and address."""
    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, name=party.name + "（已更名）", address="佛山市南海区狮山镇新址路9号"))
    return party.name, party.address


def _issued_copy(db, data_dir, document, case, form) -> str:
    """The DOCX text of an issued ``document`` as the window saves it: with what it would print now given, and its
    PDF to check against."""
    context = case_context(db, case)
    return docx_text(issued_docx(get_document(db, document.id), form, agency=str(context["agency.name"]),
                                 case_number=case.case_number, issued_pdf=document_pdf(db, data_dir, document.id)))


def test_an_issued_decision_copies_as_issued_after_the_bureau_its_details_and_the_party_change(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    agency_id = acting_agency_id(demo_db, case.agency_id)
    set_agency_details(demo_db, agency_id, OLD_DETAILS)
    form = find_form("penalty_decision")
    issued = issue_document(demo_db, data_dir, case, form, DECISION)
    old_name = get_agency(demo_db, agency_id).name
    _agency_renamed(demo_db, case)
    set_agency_details(demo_db, agency_id, NEW_DETAILS)
    party_name, party_address = _party_edited(demo_db, case)
    case = find_case(demo_db, CASE)

    for text in (_issued_copy(demo_db, data_dir, issued, case, form), pdf_text(document_pdf(demo_db, data_dir,
                                                                                              issued.id))):
        assert old_name in text and RENAMED not in text
        assert OLD_DETAILS["account_number"] in text and NEW_DETAILS["account_number"] not in text
        assert party_name + "（已更名）" not in text and party_name in text and party_address in text
        assert issued.number in text
    draft = draft_document(demo_db, case, form, DECISION)  # a new draft takes the data as it is now
    for text in (docx_text(render_docx(draft)), pdf_text(render_pdf(draft).data)):
        assert RENAMED in text and NEW_DETAILS["account_number"] in text and party_name + "（已更名）" in text


def test_an_issued_notice_copies_its_contact_details_and_officer_as_issued(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    agency_id = acting_agency_id(demo_db, case.agency_id)
    set_agency_details(demo_db, agency_id, OLD_DETAILS)
    form = find_form("inquiry_notice")
    with under_investigation(demo_db, case) as investigated:  # the summons issued before the case was decided
        issued = issue_document(demo_db, data_dir, investigated, form, APPEARANCE)
    officer = get_officer(demo_db, case.officer_ids[0])
    save_officer(demo_db, replace(officer, name="欧阳明远"))
    old_name = _agency_renamed(demo_db, case)

    text = _issued_copy(demo_db, data_dir, issued, case, form)
    assert officer.name in text and "欧阳明远" not in text
    assert old_name in text and RENAMED not in text
    assert "欧阳明远" in docx_text(render_docx(draft_document(demo_db, case, form, {})))


def test_the_issue_keeps_what_the_document_was_printed_under_beside_its_values(demo_db, data_dir):
    case = find_case(demo_db, CASE)
    form = find_form("penalty_decision")
    issued = issue_document(demo_db, data_dir, case, form, DECISION)
    stored = json.loads(demo_db.execute("SELECT values_json FROM documents WHERE id = ?", [issued.id]).fetchone()[0])
    assert stored[ISSUED_AS] == {"agency": case_context(demo_db, case)["agency.name"], "case_number": case.case_number,
                                 "date": document_date(form, issued.values, issued.issued_at)}  # its 决定日期
    assert ISSUED_AS not in issued.values and issued.issued_as == stored[ISSUED_AS]  # the values are the fields'


def _as_an_earlier_version_issued(db, document_id: str) -> None:
    """The document's row as a version that kept no ``ISSUED_AS`` wrote it (an issued row refuses an UPDATE: its
    immutability triggers are set aside for the moment, and put back)."""
    values = json.loads(db.execute("SELECT values_json FROM documents WHERE id = ?", [document_id]).fetchone()[0])
    values.pop(ISSUED_AS)
    triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents'"
                          ).fetchall()
    with db.atomic():
        for name, _sql in triggers:
            db.execute(f'DROP TRIGGER "{name}"')
        db.execute("UPDATE documents SET values_json = ? WHERE id = ?",
                   [json.dumps(values, ensure_ascii=False, sort_keys=True), document_id])
        for _name, sql in triggers:
            db.execute(sql)


def test_a_document_issued_before_the_agency_was_renamed_by_an_earlier_version_is_refused_as_docx(
        demo_db, data_dir, english):
    case = find_case(demo_db, CASE)
    form = find_form("penalty_decision")
    issued = issue_document(demo_db, data_dir, case, form, DECISION)
    _as_an_earlier_version_issued(demo_db, issued.id)
    assert get_document(demo_db, issued.id).issued_as == {}
    old_name = case_context(demo_db, case)["agency.name"]
    assert old_name in _issued_copy(demo_db, data_dir, issued, case, form)  # nothing changed: its copy is made
    _agency_renamed(demo_db, case)
    with pytest.raises(WorkstationError, match=f"{issued.number}.*earlier version.*{RENAMED}.*Save it as PDF"):
        _issued_copy(demo_db, data_dir, issued, case, form)
    assert old_name in pdf_text(document_pdf(demo_db, data_dir, issued.id))  # its PDF is still as issued


# ---- at headquarters, through a real bundle ----------------------------------------------------------------------

@pytest.fixture
def dirs(station_and_hq_dirs):
    return station_and_hq_dirs


def test_a_decision_merged_at_headquarters_copies_as_the_station_issued_it(capsys, dirs):
    from tests.helpers import open_db, run_json, send_bundle

    station, hq = dirs / "station", dirs / "hq"
    run_json(capsys, "--data-dir", station, "station", "details", "--bank", OLD_DETAILS["bank"], "--account-name",
             OLD_DETAILS["account_name"], "--account-number", OLD_DETAILS["account_number"])
    # headquarters keeps details of its own for the Nanhai bureau (never sent in a bundle)
    run_json(capsys, "--data-dir", hq, "station", "details", "--agency", "440605", "--bank", NEW_DETAILS["bank"],
             "--account-name", NEW_DETAILS["account_name"], "--account-number", NEW_DETAILS["account_number"])
    values = dirs / "decision.json"
    values.write_text(json.dumps(DECISION, ensure_ascii=False), encoding="utf-8")
    issued = run_json(capsys, "--data-dir", station, "docs", "issue", CASE, "--form", "penalty_decision", "--values",
                      values, "-o", dirs / "决定书.pdf")
    send_bundle(capsys, dirs, "s1.bundle")
    db = open_db(hq)
    try:
        case = find_case(db, CASE)
        old_name = _agency_renamed(db, case)  # renamed at headquarters after the merge
        form = find_form("penalty_decision")
        for text in (_issued_copy(db, hq, get_document(db, issued["id"]), case, form),
                     pdf_text(document_pdf(db, hq, issued["id"]))):
            assert issued["number"] in text and old_name in text and RENAMED not in text
            assert OLD_DETAILS["account_number"] in text and NEW_DETAILS["account_number"] not in text
        text = docx_text(render_docx(draft_document(db, find_case(db, CASE), form, DECISION)))
        assert RENAMED in text and NEW_DETAILS["account_number"] in text  # a draft there takes headquarters' own
    finally:
        db.conn.close()


def test_an_issued_record_copies_the_case_number_it_was_issued_under_after_the_case_is_renumbered(demo_db, data_dir):
    from tests.helpers import INQUIRY_TO_ISSUE
    from workstation.store import update_case

    case = find_case(demo_db, "佛南市监立〔2026〕9号")  # under investigation
    form = find_form("inquiry_record")
    issued = issue_document(demo_db, data_dir, case, form,
                            {**INQUIRY_TO_ISSUE, "time_from": "2026-11-20 10:00", "time_to": "2026-11-20 11:05"})
    renumbered = update_case(demo_db, replace(case, case_number="佛南市监立〔2026〕99号"))
    assert renumbered.case_number == "佛南市监立〔2026〕99号"
    text = _issued_copy(demo_db, data_dir, issued, renumbered, form)
    assert "佛南市监立〔2026〕9号" in text and "〔2026〕99号" not in text
    assert "〔2026〕99号" in docx_text(render_docx(draft_document(demo_db, renumbered, form, {})))
