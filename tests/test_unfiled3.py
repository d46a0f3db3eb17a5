"""Cases never filed (待立案, 不予立案) where they were still treated as filed: the 卷宗 of a case declined is printed,
its cover without a 立案日期 (—) and with 未立案 for its number, while a filed case's cover still needs its 立案日期;
an interview is escalated to a case not filed by its party or as the case list names it (window and command line),
refused naming the cases when several match; and a search for 未立案 finds the cases the list shows so by what the
list shows, not by the mark their number column holds."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.helpers import open_db, run
from tests.test_party_case10 import FACTS
from workstation import procedure
from workstation.case_reference import UNFILED_MARK, case_named
from workstation.documents.casefile import print_case_file
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import issue_document
from workstation.errors import NotFound, ValidationError
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case, get_case
from workstation.store.interviews import SeveralCases, escalation_case, get_interview

PARTY = "佛山市南海区誉嘉房地产代理有限公司"
MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # the demo's interview of 佛山市小额贷款行业协会, not followed up
ASSOCIATION = "佛山市小额贷款行业协会"


def _declined(db, data_dir, make_case):
    """A case 不予立案 with its 案件来源登记表 and 不予立案审批表 issued, the materials its 卷宗 binds."""
    return _declined_from(db, data_dir, make_case(lead_received_on="2026-02-10"))


def _declined_from(db, data_dir, case):
    issue_document(db, data_dir, get_case(db, case.id), find_form("case_source_register"),
                   {"source": "投诉", "received_on": "2026-02-10", "summary": FACTS})
    issue_document(db, data_dir, get_case(db, case.id), find_form("non_filing_approval"),
                   {"facts": FACTS, "reason": "经核查，违法事实不能成立。"})
    procedure.apply(db, case.id, "decline_filing", reason="违法事实不能成立")
    return get_case(db, case.id)


def _text(data: bytes, page: int = 0) -> str:
    return PdfReader(io.BytesIO(data)).pages[page].extract_text()


# ---- 1. the 卷宗 of a case never filed ---------------------------------------------------------------------------

def test_the_case_file_of_a_case_declined_prints_its_cover_without_a_filing_date(db, data_dir, make_case):
    case = _declined(db, data_dir, make_case)
    assert case.status == "not_filed" and not case.case_number and not case.filed_on
    printed = print_case_file(db, data_dir, case)
    cover = _text(printed.data, 0)
    assert "行政处罚案卷" in cover and PARTY in cover
    assert "未立案" in cover and "未立案·" not in cover and case.id not in cover
    assert "—" in cover


def test_a_filed_cases_cover_still_needs_its_filing_date_and_a_case_not_filed_is_issued_without(
        db, data_dir, make_case, english):
    form = find_form("file_cover")
    filed = make_case(status="terminated", filed_on="2026-03-02")  # a file is made of a case ended
    with pytest.raises(ValidationError) as refused:
        draft_document(db, filed, form, {"filed_on": ""})
    assert "立案日期" in refused.value.errors
    with pytest.raises(ValidationError):
        issue_document(db, data_dir, filed, form, {"filed_on": ""})
    issued = issue_document(db, data_dir, make_case(status="not_filed"), form, {})
    assert issued.values.get("filed_on") in (None, "")


def test_a_form_field_required_if_filed_and_always_required_is_refused_naming_file_and_key(tmp_path, english):
    from tests.test_formkit import MINIMAL, write_form
    from workstation.formkit.spec import FormError, load_form

    text = MINIMAL.format(id="sample").replace('label = "当事人"', 'label = "当事人"\nrequired = true\n'
                                                                  'required_if_filed = true')
    with pytest.raises(FormError) as refused:
        load_form(write_form(tmp_path, text))
    assert "sample.toml" in refused.value.message and "fields[0].required_if_filed" in refused.value.message
    lone = MINIMAL.format(id="sample").replace('label = "当事人"', 'label = "当事人"\nrequired_if_filed = true')
    assert load_form(write_form(tmp_path, lone)).fields[0].required_if_filed


def test_docs_fields_says_the_filing_date_of_the_cover_is_required_for_a_filed_case(capsys, english):
    import json

    code, out, err = run(capsys, "docs", "fields", "file_cover", "--json")
    assert code == 0, err
    entry = next(e for e in json.loads(out) if e["name"] == "filed_on")
    assert entry["required"] is False and entry["required_if_filed"] is True


def test_docs_casefile_prints_the_case_file_of_a_case_declined(capsys, cli_station, tmp_path):
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])
    db = open_db(station)
    try:
        demo = next(get_case(db, r[0]) for r in db.execute(
            "SELECT id FROM cases WHERE case_number LIKE '佛南%' ORDER BY rowid"))
        case = create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                                    agency_id=demo.agency_id, party_ids=demo.party_ids[:1],
                                    officer_ids=demo.officer_ids, lead_received_on="2026-02-10"))
        declined = _declined_from(db, station, case)
    finally:
        db.close()
    code, _out, err = run(capsys, "--data-dir", station, "docs", "casefile", declined.id, "-o", tmp_path / "卷宗.pdf")
    assert code == 0, err
    data = (tmp_path / "卷宗.pdf").read_bytes()
    assert "未立案" in _text(data, 0) and "—" in _text(data, 0) and "未立案" in _text(data, 1)
    assert UNFILED_MARK not in _text(data, 0) + _text(data, 1)


# ---- 2. escalating an interview to a case not filed ----------------------------------------------------------------

def _against_association(db, cause="涉嫌违法收集使用借款人个人信息案") -> Case:
    return create_case(db, Case(case_number="", cause=cause, sector="microloan",
                                agency_id=agency_id_for_code("440600"), status="pending_filing",
                                party_ids=get_interview(db, MICRO_LOAN).party_ids))


def test_a_case_not_filed_is_named_for_escalation_by_its_party_or_as_the_list_names_it(demo_db, english):
    interview = get_interview(demo_db, MICRO_LOAN)
    case = _against_association(demo_db)
    for typed in (ASSOCIATION, "小额贷款行业协会", "未立案", f"未立案：{ASSOCIATION}",
                  case_named("", case.party_names, case.cause), f"（未立案：{ASSOCIATION}，{case.cause}）", case.id):
        assert escalation_case(demo_db, interview, typed) == case.id, typed


def test_several_cases_named_so_are_refused_naming_each_with_its_id(demo_db, english, table_counts):
    interview = get_interview(demo_db, MICRO_LOAN)
    first = _against_association(demo_db)
    second = _against_association(demo_db, "涉嫌违法向第三方提供借款人个人信息案")
    with pytest.raises(SeveralCases) as several:
        escalation_case(demo_db, interview, ASSOCIATION)
    assert several.value.case_ids == [first.id, second.id]
    message = several.value.message
    assert first.id in message and second.id in message and "Give the id" in message
    assert UNFILED_MARK not in message and first.cause in message and second.cause in message
    # the cause tells them apart
    assert escalation_case(demo_db, interview, f"未立案：{ASSOCIATION}，涉嫌违法向第三方") == second.id
    with pytest.raises(NotFound) as none:
        escalation_case(demo_db, interview, "某某不存在公司")
    assert "party's name" in none.value.message


def test_interviews_escalate_takes_a_case_not_filed_by_its_party(capsys, cli_station, tmp_path):
    station = cli_station(tmp_path / "station")
    db = open_db(station)
    try:
        case = _against_association(db)
    finally:
        db.close()
    code, _out, err = run(capsys, "--data-dir", station, "interviews", "escalate", MICRO_LOAN, ASSOCIATION)
    assert code == 0, err
    db = open_db(station)
    try:
        assert get_interview(db, MICRO_LOAN).case_id == case.id
    finally:
        db.close()


def test_interviews_escalate_refuses_a_party_with_several_cases_not_filed(capsys, cli_station, tmp_path):
    station = cli_station(tmp_path / "station")
    db = open_db(station)
    try:
        ids = [_against_association(db).id, _against_association(db, "涉嫌违法向第三方提供借款人个人信息案").id]
    finally:
        db.close()
    code, _out, err = run(capsys, "--data-dir", station, "interviews", "escalate", MICRO_LOAN, "未立案")
    assert code == 1 and all(case_id in err for case_id in ids)
    db = open_db(station)
    try:
        assert get_interview(db, MICRO_LOAN).case_id is None
    finally:
        db.close()


@pytest.mark.gui
def test_the_escalation_dialog_takes_the_party_and_offers_the_cases_it_names(demo_db, make_window, prompts):
    first = _against_association(demo_db)
    second = _against_association(demo_db, "涉嫌违法向第三方提供借款人个人信息案")
    page = make_window(demo_db).interviews_page
    page.select(MICRO_LOAN)
    prompts.texts.append(ASSOCIATION)
    prompts.choices.append(1)
    page.buttons["escalate"].click()
    assert prompts.errors == []
    offered = prompts.offered[-1][1:]
    assert len(offered) == 2 and first.cause in offered[0] and second.cause in offered[1]
    assert all("未立案" in item and UNFILED_MARK not in item for item in offered)
    assert get_interview(demo_db, MICRO_LOAN).case_id == second.id


# ---- 3. searching 未立案 --------------------------------------------------------------------------------------------

def test_a_search_for_unfiled_finds_the_cases_the_list_shows_so_by_their_number_not_the_indexed_mark(db, make_case):
    from workstation.store import list_cases
    from workstation.store.cases import CaseFilter, count_cases

    pending, declined = make_case(), make_case()
    procedure.apply(db, declined.id, "decline_filing", reason="不属于本局管辖")
    filed = make_case(status="investigating", filed_on="2026-03-02")

    def found(text):
        ids = {r.id for r in list_cases(db, CaseFilter(search=text), limit=1000)}
        assert count_cases(db, CaseFilter(search=text)) == len(ids)
        return ids

    assert found("未立案") == {pending.id, declined.id}
    # the index holding the number as the list shows it (none), as it would without the mark: found all the same
    for case in (pending, declined):
        rowid, stored, parties, cause = db.execute("SELECT rowid, case_number, party_names, cause FROM cases "
                                                   "WHERE id = ?", [case.id]).fetchone()
        db.execute("INSERT INTO cases_fts(cases_fts, rowid, case_number, party_names, cause) "
                   "VALUES ('delete', ?, ?, ?, ?)", [rowid, stored, parties, cause])
        db.execute("INSERT INTO cases_fts(rowid, case_number, party_names, cause) VALUES (?, '', ?, ?)",
                   [rowid, parties, cause])
    assert found("未立案") == {pending.id, declined.id}
    # the mark, its dot and the id it holds still find nothing; party and cause find all three
    assert found(UNFILED_MARK) == set() and found(pending.id[:8]) == set()
    assert found("誉嘉房地产") == {pending.id, declined.id, filed.id}
