"""The register of administrative interviews (约谈): the store's checks, follow-up, escalation and overdue
follow-ups; the values an interview gives its documents; the 约谈通知书 / 约谈记录 / 约谈纪要 drafted and issued
from the register (the 纪要 of the three operators); refusals that issue nothing and take no number; the CLI."""

import hashlib
import json
import zipfile
from dataclasses import replace
from io import BytesIO

import pytest

from tests.helpers import pdf_text, program_day, run, run_json
from workstation import audit
from workstation.cli import main
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.interview_documents import (
    draft_interview_document,
    interview_documents,
    interview_form_refusal,
    interview_forms,
    issue_interview_document,
)
from workstation.documents.issuing import document_pdf
from workstation.errors import NotFound, ValidationError, WorkstationError
from workstation.formkit.interview_values import interview_context
from workstation.records import Case, Interview, Party
from workstation.store import agency_id_for_code, create_case, find_case, save_party
from workstation.store.interviews import (
    escalate_to_case,
    get_interview,
    list_interviews,
    overdue_follow_ups,
    record_follow_up,
    save_interview,
    void_interview,
)

OPERATORS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the joint interview of the three telecom operators
PARTY_IDS = ("60946fa0-2034-5fcf-950a-25ac4304d2c4", "c7439ca4-f5a1-5412-8340-b52853ccda33",
             "641220f8-c5b0-55b0-ad28-59a9c2847b6b")  # its parties, as OPERATOR_NAMES
OPERATOR_NAMES = ("中国移动通信集团广东有限公司佛山分公司", "中国联合网络通信有限公司佛山市分公司",
                  "中国电信股份有限公司佛山分公司")
ASSOCIATION = "52a22518-c36c-5134-9ae4-c04b780089af"  # the real-estate association, one party
MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # its follow-up never recorded
TABLES = ("interviews", "interview_parties", "documents", "doc_numbers", "files", "audit")
#: a day the minutes of the operators' interview (held 2026-04-16) may be issued: before the report deadline they
#: announce (2026-05-11), after which they are not issued (s65)
MINUTES_DAY = "2026-04-20"


def numbers(db) -> list[tuple]:
    return db.execute("SELECT * FROM doc_numbers ORDER BY number").fetchall()


@pytest.fixture
def operators(demo_db):
    return get_interview(demo_db, OPERATORS)


# the register ---------------------------------------------------------------------------------------------
def test_the_demo_register_holds_the_joint_interview_of_the_three_operators(demo_db, operators):
    assert operators.kind == "joint" and len(operators.party_ids) == 3
    assert operators.place and operators.topics and operators.provisions and operators.commitments
    assert {"name": "欧文辉", "organisation": "佛山市市场监督管理局", "post": "网络交易监督管理科科长"} in operators.attendees
    assert [i.held_on for i in list_interviews(demo_db)] == sorted((i.held_on for i in list_interviews(demo_db)),
                                                                   reverse=True)
    escalated = [i for i in list_interviews(demo_db) if i.case_id]
    assert len(escalated) == 2


def test_saving_normalises_dates_text_attendees_and_kind(demo_db, table_counts):
    before = table_counts(demo_db, TABLES)
    parties = [p for p in get_interview(demo_db, OPERATORS).party_ids[:2]]
    saved = save_interview(demo_db, Interview(
        agency_id=agency_id_for_code("440605"), held_on="2026年3月2日", subject="  约谈两家运营商  ",
        rectification_due="2026/3/20", party_ids=[*parties, parties[0]],
        attendees=[{"name": " 罗建华 ", "organisation": "佛山市南海区市场监督管理局", "post": "股长"}]))
    assert (saved.held_on, saved.rectification_due, saved.subject) == ("2026-03-02", "2026-03-20", "约谈两家运营商")
    assert saved.kind == "joint" and saved.party_ids == parties
    assert get_interview(demo_db, saved.id).attendees[0]["name"] == "罗建华"
    after = table_counts(demo_db, TABLES)
    assert (after["interviews"], after["interview_parties"], after["audit"]) == (
        before["interviews"] + 1, before["interview_parties"] + 2, before["audit"] + 1)
    assert audit.verify(demo_db)["valid"]


@pytest.mark.parametrize(("change", "field"), [
    ({"subject": " "}, "subject"),
    ({"held_on": ""}, "held_on"),
    ({"held_on": "2026-02-30"}, "held_on"),
    ({"party_ids": []}, "party_ids"),
    ({"rectification_due": "2026-04-15"}, "rectification_due"),
    ({"follow_up_on": "2026-04-01"}, "follow_up_on"),
    ({"attendees": [{"name": "", "organisation": "中国电信股份有限公司佛山分公司", "post": "副总经理"}]}, "attendees"),
])
def test_bad_input_is_refused_at_its_field_and_changes_nothing(demo_db, operators, table_counts, change, field):
    before = table_counts(demo_db, TABLES)
    with pytest.raises(ValidationError) as refused:
        save_interview(demo_db, replace(operators, **change))
    assert field in refused.value.errors
    assert table_counts(demo_db, TABLES) == before
    assert get_interview(demo_db, OPERATORS) == operators


#: the end time a record is issued with (required to issue; the register does not keep it)
ENDED = {"time_to": "18时00分"}


# the values of its documents ------------------------------------------------------------------------------
def test_the_context_draws_parties_attendees_and_staff_from_the_register(demo_db, operators):
    context = interview_context(demo_db, operators)
    assert context["interview.parties"] == "、".join(OPERATOR_NAMES)
    lines = str(context["interview.attendees"]).split("\n")
    # the bureau's staff and the parties' people each under a heading of their own, the post written after its unit
    assert lines[0].startswith("本局参加人员：欧文辉（佛山市市场监督管理局网络交易监督管理科科长）、")
    assert lines[1].startswith("被约谈单位参加人员：") and len(lines) == 2
    assert context["interview.officer1.name"] == "欧文辉" and context["interview.recorder"] == "冯俊杰"
    assert context["interview.party.name"] == OPERATOR_NAMES[0]
    assert context["interview.party.code"] == "91440600715768638N"
    assert context["interview.attendee1.name"] == "黎志聪"  # the first attendee of that party
    assert context["agency.name"] == "佛山市市场监督管理局"
    telecom = interview_context(demo_db, operators, party_id=operators.party_ids[2])
    assert (telecom["interview.party.name"], telecom["interview.attendee1.name"]) == (OPERATOR_NAMES[2], "陈嘉欣")
    with pytest.raises(NotFound):
        interview_context(demo_db, operators, party_id=get_interview(demo_db, ASSOCIATION).party_ids[0])


@pytest.mark.parametrize("form_id", [f.id for f in interview_forms()])
def test_every_interview_form_renders_to_pdf_and_docx_from_the_register(demo_db, form_id):
    interview = get_interview(demo_db, ASSOCIATION if form_id == "interview_record" else OPERATORS)
    # each operator gets its own notice, and its notice's 送达回证
    receipt = form_id == "interview_delivery_receipt"
    party = interview.party_ids[0] if form_id == "interview_notice" or receipt else None
    # (the receipt's notice not issued yet: its line printed as a blank to fill in by hand)
    document = draft_interview_document(demo_db, interview, find_form(form_id), party_id=party,
                                        blanks=[] if receipt else None)
    text = pdf_text(render_document(document, "pdf").data)
    xml = zipfile.ZipFile(BytesIO(render_document(document, "docx").data)).read("word/document.xml").decode()
    name = "佛山市房地产业协会" if form_id == "interview_record" else OPERATOR_NAMES[0]
    assert name in text and name in xml
    from workstation.store import get_party

    assert (get_party(demo_db, party).address if receipt else interview.place) in text  # served where it is based


def test_the_register_issues_a_minutes_for_three_operators(demo_db, data_dir, operators, monkeypatch):
    program_day(monkeypatch, MINUTES_DAY)
    issued = issue_interview_document(demo_db, data_dir, operators, find_form("interview_minutes"))
    assert issued.number == "佛市监纪要〔2026〕1号"
    assert (issued.interview_id, issued.case_id, issued.form_version) == (OPERATORS, None, 11)
    pdf = document_pdf(demo_db, data_dir, issued.id)
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    text = pdf_text(pdf)
    assert all(name in text for name in OPERATOR_NAMES)
    assert issued.number in text and "黎志聪" in text and "《中华人民共和国个人信息保护法》第十条" in text
    assert issued.values["report_by"] == "2026-05-11"
    assert [d.id for d in interview_documents(demo_db, OPERATORS)] == [issued.id]
    assert audit.verify(demo_db)["valid"]


def test_a_notice_goes_to_each_party_with_its_code(demo_db, data_dir, operators, monkeypatch):
    for module in ("workstation.documents.interview_documents", "workstation.formkit.interview_values"):
        monkeypatch.setattr(f"{module}.today", lambda: "2026-04-13")  # sent before the interview of 16 April
    operators = replace(operators, status="scheduled", contact_phone="0757-83030000")  # as it was then
    notices = [issue_interview_document(demo_db, data_dir, operators, find_form("interview_notice"), party_id=p)
               for p in operators.party_ids]
    assert [n.number for n in notices] == [f"佛市监约〔2026〕{i}号" for i in (1, 2, 3)]
    assert [n.values["party_name"] for n in notices] == list(OPERATOR_NAMES)
    text = pdf_text(document_pdf(demo_db, data_dir, notices[2].id))
    assert "中国电信股份有限公司佛山分公司（统一社会信用代码：914406007849354606）" in text
    assert "欧文辉（网络交易监督管理科科长）" in text


def test_the_record_of_one_party_carries_no_number(demo_db, data_dir):
    interview = get_interview(demo_db, ASSOCIATION)
    issued = issue_interview_document(demo_db, data_dir, interview, find_form("interview_record"), ENDED)
    assert issued.number is None and issued.values["party_name"] == "佛山市房地产业协会"
    assert issued.values["attendee1"] == "谭健峰" and issued.values["attendee1_post"] == "会长"
    assert issued.values["joint_with"] is None and issued.values["statement"] == interview.commitments
    assert "联合约谈" not in pdf_text(document_pdf(demo_db, data_dir, issued.id))


def test_a_record_is_issued_for_each_party_of_a_joint_interview(demo_db, data_dir, operators, table_counts,
                                                                monkeypatch):
    own = "4.中国移动通信集团广东有限公司佛山分公司承诺于5月8日前关停被集中投诉的外呼号码。"
    operators = save_interview(demo_db, replace(operators, commitments=operators.commitments + "\n" + own))
    records = [issue_interview_document(demo_db, data_dir, operators, find_form("interview_record"), ENDED,
                                        party_id=p) for p in operators.party_ids]
    assert [r.number for r in records] == [None, None, None]  # a record takes no 文号
    assert [r.values["party_name"] for r in records] == list(OPERATOR_NAMES)
    assert [(r.values["attendee1"], r.values["attendee2"]) for r in records] == [
        ("黎志聪", "何婉仪"), ("梁振宇", None), ("陈嘉欣", None)]  # each party's own attendees
    assert records[1].values["joint_with"] == f"{OPERATOR_NAMES[0]}、{OPERATOR_NAMES[2]}"
    assert own in records[0].values["statement"] and own not in records[1].values["statement"]
    assert "三家运营商于一周内完成" in records[1].values["statement"]  # the commitments common to all
    assert {r.values["interviewer1"] for r in records} == {"欧文辉"}  # the interview's common data
    assert {r.values["deadline"] for r in records} == {"2026-05-11"}
    text = pdf_text(document_pdf(demo_db, data_dir, records[2].id))
    assert OPERATOR_NAMES[2] in text and "914406007849354606" in text and "陈嘉欣" in text
    assert f"本次为联合约谈，同场被约谈的还有{OPERATOR_NAMES[0]}、{OPERATOR_NAMES[1]}。" in text
    assert "黎志聪" not in text and "梁振宇" not in text
    program_day(monkeypatch, MINUTES_DAY)
    minutes = issue_interview_document(demo_db, data_dir, operators, find_form("interview_minutes"))
    assert minutes.number == "佛市监纪要〔2026〕1号"  # the joint meeting keeps its 纪要
    before = table_counts(demo_db, TABLES)
    with pytest.raises(NotFound):  # a party of another interview
        issue_interview_document(demo_db, data_dir, operators, find_form("interview_record"),
                                 party_id=get_interview(demo_db, ASSOCIATION).party_ids[0])
    assert table_counts(demo_db, TABLES) == before


def test_a_kept_record_of_a_joint_interview_is_drafted_for_the_party_it_names(demo_db, operators, english):
    record = find_form("interview_record")
    document = draft_interview_document(demo_db, operators, record, {"party_name": OPERATOR_NAMES[1]})
    text = pdf_text(render_document(document, "pdf").data)
    assert OPERATOR_NAMES[1] in text and "梁振宇" in text and "黎志聪" not in text
    with pytest.raises(WorkstationError, match="choose which of its 3 parties"):
        draft_interview_document(demo_db, operators, record, {"party_name": "另一家公司"})


# refusals ---------------------------------------------------------------------------------------------------
def _party_without_code(db) -> Party:
    return save_party(db, Party(name="佛山市南海区家居装饰行业商会", kind="association"))


@pytest.mark.parametrize("case", ["record_of_several", "minutes_of_one", "notice_without_code",
                                  "record_without_code", "report_before_meeting", "required_empty"])
def test_a_refusal_issues_nothing_and_takes_no_number(demo_db, data_dir, operators, table_counts, case, english,
                                                     monkeypatch):
    single = get_interview(demo_db, ASSOCIATION)
    if case in ("notice_without_code", "record_without_code"):
        single = save_interview(demo_db, replace(single, party_ids=[_party_without_code(demo_db).id]))
    if case in ("notice_without_code", "required_empty"):  # a notice sent before the interviews, as it was then
        for module in ("workstation.documents.interview_documents", "workstation.formkit.interview_values"):
            monkeypatch.setattr(f"{module}.today", lambda: "2026-04-13")
        single, operators = (replace(i, status="scheduled") for i in (single, operators))
    form, interview, overrides, error = {
        "record_of_several": ("interview_record", operators, {}, WorkstationError),
        "minutes_of_one": ("interview_minutes", single, {}, WorkstationError),
        "notice_without_code": ("interview_notice", single, {}, ValidationError),
        "record_without_code": ("interview_record", single, {}, ValidationError),
        "report_before_meeting": ("interview_minutes", operators, {"report_by": "2026-04-01"}, ValidationError),
        "required_empty": ("interview_notice", operators, {"place": "", "party_name": OPERATOR_NAMES[0]},
                           ValidationError),
    }[case]
    if form == "interview_minutes":  # before the minutes' report deadline: refused for the case's own reason
        program_day(monkeypatch, MINUTES_DAY)
    before, taken = table_counts(demo_db, TABLES), numbers(demo_db)
    with pytest.raises(error) as refused:
        issue_interview_document(demo_db, data_dir, interview, find_form(form), overrides)
    assert (table_counts(demo_db, TABLES), numbers(demo_db)) == (before, taken)
    if case.endswith("without_code"):
        assert refused.value.errors["party_ids"].startswith("佛山市南海区家居装饰行业商会: no unified social credit")
        assert interview_form_refusal(demo_db, interview, find_form(form)) == refused.value.errors["party_ids"]
    monkeypatch.undo()  # back to today, the interviews held
    program_day(monkeypatch, MINUTES_DAY)
    issued = issue_interview_document(demo_db, data_dir, get_interview(demo_db, OPERATORS),
                                      find_form("interview_minutes"))
    assert issued.number == "佛市监纪要〔2026〕1号"  # the first number is still free


def test_the_page_is_told_why_a_document_cannot_be_issued(demo_db, operators, english):
    assert interview_form_refusal(demo_db, operators, find_form("interview_minutes")) is None
    assert interview_form_refusal(demo_db, operators, find_form("interview_record")) == (
        "The 约谈记录 of a joint interview is written for each party: choose which of its 3 parties this one is for.")
    assert interview_form_refusal(demo_db, operators, find_form("interview_record"), operators.party_ids[1]) is None
    single = get_interview(demo_db, ASSOCIATION)
    assert "for one party issue the 约谈记录" in interview_form_refusal(demo_db, single, find_form("interview_minutes"))
    assert "case document" in interview_form_refusal(demo_db, single, find_form("penalty_decision"))


def test_an_interview_form_drafted_from_a_case_is_refused_clearly(demo_db, english):
    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    with pytest.raises(WorkstationError, match="issue it from the interview register"):
        draft_document(demo_db, case, find_form("interview_minutes"))


# follow-up, escalation, overdue -------------------------------------------------------------------------------
def test_a_follow_up_is_recorded_and_its_bad_input_refused(demo_db, table_counts):
    before = table_counts(demo_db, TABLES)
    for on, result, field in (("", "已报送", "follow_up_on"), ("2026-06-01", "已报送", "follow_up_on"),
                              ("2026-13-01", "已报送", "follow_up_on"), ("2026-07-10", " ", "follow_up_result")):
        with pytest.raises(ValidationError) as refused:
            record_follow_up(demo_db, MICRO_LOAN, on, result)
        assert field in refused.value.errors
    assert table_counts(demo_db, TABLES) == before
    done = record_follow_up(demo_db, MICRO_LOAN, "2026/7/10", "协会已报送会员单位自查整改情况。")
    assert (done.follow_up_on, done.follow_up_result) == ("2026-07-10", "协会已报送会员单位自查整改情况。")
    assert table_counts(demo_db, TABLES)["audit"] == before["audit"] + 1


def case_against(db, party_ids: list[str]):
    """A new case against ``party_ids`` (an interview is escalated to a case against one of its parties)."""
    return create_case(db, Case(case_number="", cause="涉嫌违法收集使用个人信息案", sector="microloan",
                                agency_id=agency_id_for_code("440600"), status="pending_filing",
                                party_ids=list(party_ids)))


def test_an_interview_is_escalated_to_a_case_once(demo_db, english):
    case = case_against(demo_db, get_interview(demo_db, MICRO_LOAN).party_ids)
    escalated = escalate_to_case(demo_db, MICRO_LOAN, case.id)
    assert get_interview(demo_db, MICRO_LOAN).case_id == case.id == escalated.case_id
    entry = demo_db.execute("SELECT action, entity, entity_id FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    assert entry == ("update", "interview", MICRO_LOAN)
    assert escalate_to_case(demo_db, MICRO_LOAN, case.id).case_id == case.id  # the same link again is harmless
    other = case_against(demo_db, get_interview(demo_db, MICRO_LOAN).party_ids)
    with pytest.raises(WorkstationError, match=f"already escalated to case {case.case_number}"):
        escalate_to_case(demo_db, MICRO_LOAN, other.id)
    with pytest.raises(NotFound):
        escalate_to_case(demo_db, ASSOCIATION, "no-such-case")


def test_overdue_follow_ups_are_those_past_their_deadline_without_result_or_case(demo_db):
    assert [i.id for i in overdue_follow_ups(demo_db, "2026-11-29")] == [MICRO_LOAN]
    assert overdue_follow_ups(demo_db, "2026-07-03") == []  # due that day: not yet overdue
    assert [i.id for i in overdue_follow_ups(demo_db, "2026-07-04")] == [MICRO_LOAN]
    record_follow_up(demo_db, MICRO_LOAN, "2026-07-10", "已报送。")
    assert overdue_follow_ups(demo_db, "2026-11-29") == []


# the command line -----------------------------------------------------------------------------------------------
def test_interviews_list_and_issue_commands(demo_db, data_dir, tmp_path, capsys, english, monkeypatch):
    demo_db.conn.close()
    assert main(["--data-dir", str(data_dir), "interviews", "list", "--as-of", "2026-11-29", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 7 and [r["id"] for r in rows if r["overdue"]] == [MICRO_LOAN]
    operators = next(r for r in rows if r["id"] == OPERATORS)
    assert operators["parties"] == list(OPERATOR_NAMES) and operators["documents"] == []
    rows_parties = dict(zip(OPERATOR_NAMES, PARTY_IDS, strict=True))
    assert {r["case_number"] for r in rows if r["case_number"]} == {"佛南市监立〔2026〕9号", "佛顺市监立〔2026〕9号"}
    target = tmp_path / "纪要.pdf"
    program_day(monkeypatch, MINUTES_DAY)  # issued before the report deadline the minutes announce
    assert main(["--data-dir", str(data_dir), "interviews", "issue", OPERATORS, "--form", "interview_minutes",
                 "-o", str(target), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= {"path", "number", "sha256"} and result["number"] == "佛市监纪要〔2026〕1号"
    assert hashlib.sha256(target.read_bytes()).hexdigest() == result["sha256"]
    assert all(name in pdf_text(target.read_bytes()) for name in OPERATOR_NAMES)
    assert main(["--data-dir", str(data_dir), "interviews", "issue", OPERATORS, "--form", "interview_record",
                 "-o", str(tmp_path / "r.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "say which of its 3 parties this one is for with --party" in err
    record, ended = tmp_path / "记录.pdf", tmp_path / "ended.json"
    ended.write_text(json.dumps(ENDED), encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "interviews", "issue", OPERATORS, "--form", "interview_record",
                 "--party", rows_parties[OPERATOR_NAMES[2]], "--values", str(ended), "-o", str(record),
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["number"] is None
    text = pdf_text(record.read_bytes())
    assert OPERATOR_NAMES[2] in text and "陈嘉欣" in text and "黎志聪" not in text
    assert main(["--data-dir", str(data_dir), "interviews", "issue", "nope", "--form", "interview_minutes",
                 "-o", str(tmp_path / "x.pdf")]) == 1
    assert capsys.readouterr().err == "Error: No interview nope: `interviews list` prints the ids of the interviews.\n"
    # the minutes in force are not issued twice (REFERENCE §2.4: one for the meeting), nothing taken by the refusal
    assert main(["--data-dir", str(data_dir), "interviews", "issue", OPERATORS, "--form", "interview_minutes",
                 "-o", str(target), "--force", "--json"]) == 1
    assert "约谈纪要（佛市监纪要〔2026〕1号） is issued for this interview and in force" in capsys.readouterr().err
    assert hashlib.sha256(target.read_bytes()).hexdigest() == result["sha256"]


STUDIO_ID = "20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"  # an individual business of the demo, interviewed by no one
SUMMARY = "通报消费者投诉情况（投诉人电话13912345678）\n要求立即停止未经同意的电话营销。\n15个工作日内书面报送整改情况"


def studio_interview(db, summary: str = "", status: str = "held") -> Interview:
    return save_interview(db, Interview(agency_id=agency_id_for_code("440608"), held_on="2026-03-02",
                                        subject="约谈工作室", summary=summary, party_ids=[STUDIO_ID], status=status),
                          allow_duplicate=True)


def test_interviews_list_gives_each_interviews_summary_of_the_meeting_masked(demo_db, data_dir, capsys, english):
    studio = studio_interview(demo_db, SUMMARY)
    listed = {r["id"]: r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir)}
    # --json: the summary with its lines, its phone number masked as the register's export masks it
    assert listed[studio.id]["summary"] == SUMMARY.replace("13912345678", "139****5678")
    assert listed[OPERATORS]["summary"] == get_interview(demo_db, OPERATORS).summary  # the demo's, no number in it
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    assert code == 0 and "13912345678" not in out
    header, *rows = out.splitlines()
    assert header.split("\t")[4:7] == ["Parties", "Summary of the meeting", "Rectification deadline"]
    assert all(len(row.split("\t")) == len(header.split("\t")) for row in rows)  # one line each, every cell under its head
    cells = {row.split("\t")[0]: row.split("\t")[5] for row in rows}
    assert cells[studio.id] == "通报消费者投诉情况（投诉人电话139****56…"  # masked, then its first 24 characters
    assert cells[OPERATORS] == "通报12345热线及消委会转来的骚扰电话投诉情况…"


def test_interviews_list_masks_the_follow_up_result_and_the_reason_for_voiding(demo_db, data_dir, capsys, english):
    followed = studio_interview(demo_db)
    record_follow_up(demo_db, followed.id, "2026-03-20", "已整改，经办人440602199001011234电话13912345678确认")
    voided = studio_interview(demo_db)
    void_interview(demo_db, voided.id, "重复登记，当事人来电13812345678告知")
    listed = {r["id"]: r for r in run_json(capsys, "interviews", "list", "--include-void", "--data-dir", data_dir)}
    result = "已整改，经办人4406**********1234电话139****5678确认"
    assert listed[followed.id]["follow_up_result"] == result
    assert [r["follow_up_result"] for r in listed[followed.id]["party_results"]] == [result]
    assert listed[voided.id]["void_reason"] == "重复登记，当事人来电138****5678告知"
    code, out, _err = run(capsys, "interviews", "list", "--include-void", "--data-dir", data_dir)
    assert code == 0 and "13812345678" not in out and "13912345678" not in out
    row = next(row for row in out.splitlines() if row.startswith(voided.id))
    assert row.split("\t")[-1] == "void: 重复登记，当事人来电138****5678告知"


def test_interviews_held_records_the_summary_of_the_meeting_given(demo_db, data_dir, capsys, english):
    scheduled = studio_interview(demo_db, status="scheduled")
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    assert next(row for row in out.splitlines() if row.startswith(scheduled.id)).split("\t")[5] == "—"  # none yet
    held = run_json(capsys, "interviews", "held", scheduled.id, "--summary", " 通报投诉情况，\n要求整改。\n",
                    "--data-dir", data_dir)
    assert held == {"id": scheduled.id, "state": "held"}
    assert get_interview(demo_db, scheduled.id).summary == "通报投诉情况，\n要求整改。"  # trimmed, as the editor saves
    listed = next(r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir) if r["id"] == scheduled.id)
    assert (listed["state"], listed["summary"]) == ("held", "通报投诉情况，\n要求整改。")
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    assert next(row for row in out.splitlines() if row.startswith(scheduled.id)).split("\t")[5] == "通报投诉情况，要求整改。"
    run_json(capsys, "interviews", "held", scheduled.id, "--data-dir", data_dir)  # without --summary: the one kept
    assert get_interview(demo_db, scheduled.id).summary == "通报投诉情况，\n要求整改。"


def held_on_30_november(db, due: str | None) -> Interview:
    """The association's interview held again on Monday 2026-11-30 with the deadline ``due``, not followed up."""
    return save_interview(db, replace(get_interview(db, ASSOCIATION), held_on="2026-11-30", rectification_due=due,
                                      follow_up_on=None, follow_up_result=""))


@pytest.mark.parametrize(("due", "period"), [
    ("2026-12-21", "15个工作日内书面报送整改情况（截止日期：2026年12月21日）"),  # exactly 15 working days
    ("2026-12-20", "20日内书面报送整改情况（截止日期：2026年12月20日）"),  # a Sunday: not 15 working days
    ("2026-12-10", "8个工作日内书面报送整改情况（截止日期：2026年12月10日）"),
    ("2026-12-12", "12日内书面报送整改情况（截止日期：2026年12月12日）"),  # a Saturday
    # no deadline typed: saved held with commitments, the register gets 15 working days, which the record prints
    (None, "15个工作日内书面报送整改情况（截止日期：2026年12月21日）"),
])
def test_the_record_words_the_rectification_period_as_the_deadline_it_prints(demo_db, due, period):
    interview = held_on_30_november(demo_db, due)
    record = find_form("interview_record")
    text = pdf_text(render_document(draft_interview_document(demo_db, interview, record), "pdf").data)
    assert f"你单位应当自约谈之日起{period}" in text


def test_a_kept_record_still_worded_as_version_four_takes_the_period_of_its_deadline(demo_db):
    from workstation.formkit.values import resumed_values

    interview = held_on_30_november(demo_db, "2026-12-12")

    record = find_form("interview_record")
    kept = resumed_values(record, {"deadline_text": "15个工作日内书面报送整改情况", "statement": "协会陈述"},
                          interview_context(demo_db, interview))
    assert kept["deadline_text"] == "12日内书面报送整改情况" and kept["statement"] == "协会陈述"
    typed = resumed_values(record, {"deadline_text": "5个工作日内报送自查报告"}, interview_context(demo_db, interview))
    assert typed["deadline_text"] == "5个工作日内报送自查报告"  # what the officer wrote stays
