"""A lead's papers once its case is opened (s46 audit):

1. the case's 不予立案审批表 prints the reason its decline was recorded with (``cases transition CASE decline_filing
   --reason``), not the stock sentence, and ticks the ground of 《市场监督管理行政处罚程序规定》 art. 20 para. 1 the
   reason's words give ((四) only when they give none of (一)–(三));
2. a company without a credit code is labelled 统一社会信用代码 (its kind's code), not 身份证件号码;
3. a hand-registered lead stays in the period it was received in when later complaints join it;
4. ``leads edit`` of a decided lead says what it is without 已已, and speaks of withdrawing only a decision not to
   file;
5. ``cases transition CASE file --officer NAME`` names the case's officers as it is filed."""

from __future__ import annotations

import pytest

from tests.helpers import open_db, pdf_text, run, run_json
from workstation.documents.drafts import find_form
from workstation.formkit.values import case_context, default_values

REASON = "当事人首次违法，已删除号码并停止发送，危害后果轻微并及时改正"
PARTY = "佛山市南海区某培训中心"
ADD = ("leads", "add", "--source", "report", "--received", "2026-11-24T09:00", "--description",
       "某培训机构发送招生短信", "--party", PARTY, "--target-phone", "13512340000")


@pytest.fixture
def station(cli_station, tmp_path):
    """A Nanhai station initialised from the command line, with two certified officers and one without a
    certificate."""
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, save_officer

    path = cli_station(tmp_path / "station", ["init", "--agency", "440605", "--plaintext"])
    db = open_db(path)
    for name, cert in (("陈志强", "44060512001"), ("黄丽娟", "44060512002"), ("新同事", "")):
        save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency_id_for_code("440605")))
    db.close()
    return path


def _lead_case(capsys, station) -> tuple[str, str]:
    lead = run_json(capsys, "--data-dir", station, *ADD)["id"]
    case = run_json(capsys, "--data-dir", station, "leads", "decide", lead, "--file")["case"]["id"]
    return lead, case


def _officers(station, case: str) -> list[str]:
    """The names of the case's officers, in their order."""
    db = open_db(station)
    names = [r[0] for r in db.execute("SELECT o.name FROM case_officers co JOIN officers o ON o.id = co.officer_id "
                                      "WHERE co.case_id = ? ORDER BY co.position", [case])]
    db.close()
    return names


def _rendered(capsys, station, case: str, form: str, tmp_path) -> str:
    out = tmp_path / f"{form}.pdf"
    code, _out, err = run(capsys, "--data-dir", station, "docs", "render", case, "--form", form, "--format", "pdf",
                          "-o", out)
    assert code == 0, err
    return pdf_text(out.read_bytes())


# ---- 1. the reason of the decline on the case's 不予立案审批表 ----------------------------------------------------

def test_the_cases_non_filing_approval_prints_the_reason_recorded_and_ticks_its_ground(capsys, station, tmp_path):
    _lead, case = _lead_case(capsys, station)
    run_json(capsys, "--data-dir", station, "cases", "transition", case, "decline_filing", "--date", "2026-11-27",
             "--reason", REASON)
    text = _rendered(capsys, station, case, "non_filing_approval", tmp_path)
    assert REASON in text
    assert "现有证据不足以认定" not in text
    assert "☑（二）初次违法" in text and "☑（四）" not in text


def test_a_case_declined_with_a_reason_of_no_listed_ground_ticks_the_other_ground(db, make_case):
    from workstation import procedure
    from workstation.store import get_case

    case = make_case()
    procedure.apply(db, case.id, "decline_filing", reason="现有证据无法认定当事人实施了违法行为")
    values = default_values(find_form("non_filing_approval"), case_context(db, get_case(db, case.id)))
    assert values["reason"] == "现有证据无法认定当事人实施了违法行为"
    assert values["ground"] == "依法可以不予立案的其他情形"


def test_a_case_pending_filing_keeps_the_forms_own_reason(db, make_case):
    values = default_values(find_form("non_filing_approval"), case_context(db, make_case()))
    assert values["reason"].startswith("经核查，现有证据不足以认定")


@pytest.mark.parametrize(("reason", "ground"), [
    ("当事人违法行为轻微并及时改正，没有造成危害后果", "违法行为轻微并及时改正，没有造成危害后果"),
    ("系初次违法，危害后果轻微，已及时改正", "初次违法且危害后果轻微并及时改正"),
    ("当事人提供的证据足以证明其没有主观过错", "当事人有证据足以证明没有主观过错"),
    ("超过追责时效", None),
    ("当事人并非首次违法，危害后果轻微并及时改正", None),
    ("", None),
    # a ground said denied is not it (reviewer's cases): a correction refused or not made, a lack of fault not proved,
    # a first complaint that is no first violation
    ("违法行为轻微，但当事人拒不改正，尚未造成危害后果", None),
    ("违法行为轻微，未及时改正，没有造成危害后果", None),
    ("情节轻微，已改正，未造成危害后果", "违法行为轻微并及时改正，没有造成危害后果"),
    ("当事人不能证明其没有主观过错", None),
    ("无证据证明其没有主观过错", None),
    ("当事人第一次被投诉，经查无违法行为，后果轻微已改正", None),
])
def test_the_ground_a_reason_gives(reason, ground):
    from workstation.leads_workflow import not_filing_ground

    assert not_filing_ground(reason) == ground


def test_the_leads_own_non_filing_approval_ticks_the_ground_of_its_reason(capsys, station):
    from workstation.leads_workflow import get_lead_row, lead_context

    lead = run_json(capsys, "--data-dir", station, *ADD)["id"]
    run_json(capsys, "--data-dir", station, "leads", "decide", lead, "--not-file", "--date", "2026-11-27",
             "--reason", REASON)
    db = open_db(station)
    values = default_values(find_form("non_filing_approval"), lead_context(
        db, get_lead_row(db, lead), form_id="non_filing_approval"))
    db.close()
    assert values["reason"] == REASON and values["ground"] == "初次违法且危害后果轻微并及时改正"


# ---- 2. a company's code label ----------------------------------------------------------------------------------

def test_a_company_without_a_credit_code_is_labelled_by_its_kind(capsys, station, tmp_path):
    _lead, case = _lead_case(capsys, station)
    for form in ("filing_approval", "case_source_register", "non_filing_approval"):
        text = _rendered(capsys, station, case, form, tmp_path)
        assert "身份证件号码" not in text, form
        assert "统一社会信用代码" in text, form


@pytest.mark.parametrize(("kind", "uscc", "id_number", "label"), [
    ("company", "", "", "统一社会信用代码"),
    ("individual_business", "", "", "统一社会信用代码"),
    ("association", "", "", "统一社会信用代码"),
    ("person", "", "", "身份证件号码"),
    ("person", "", "440602199001011234", "身份证件号码"),
    ("company", "91440605MA4UXXXX0X", "", "统一社会信用代码"),
])
def test_the_code_label_follows_the_kind_of_party(kind, uscc, id_number, label):
    from workstation.formkit.party_rows import code_label, filing_rows
    from workstation.records import Party

    party = Party(name="某某", kind=kind, uscc=uscc, id_number=id_number)
    assert code_label(party) == label
    rows = filing_rows([party, Party(name="另一人", kind="person")])
    assert rows.splitlines()[2].startswith(label)


def test_a_company_case_without_a_code_is_drafted_with_the_credit_code_label(db, make_case):
    from dataclasses import replace

    from workstation.store import get_party, parties_of_case, save_party

    case = make_case()
    party = parties_of_case(db, case.id)[0]
    save_party(db, replace(get_party(db, party.id), uscc=""))
    assert case_context(db, case)["party.code_label"] == "统一社会信用代码"


# ---- 3. a hand-registered lead's reporting period ---------------------------------------------------------------

def test_a_hand_lead_stays_in_its_period_when_later_complaints_join_it(capsys, station, tmp_path):
    run_json(capsys, "--data-dir", station, "leads", "add", "--source", "report", "--received", "2026-11-23T09:00",
             "--description", "某公司推销房源", "--target-phone", "13912345678")

    def counted(start, end):
        return run_json(capsys, "--data-dir", station, "stats", "--from", start, "--to", end)["leads"]["total"]

    assert counted("2026-11-20", "2026-11-25") == 1
    complaints = tmp_path / "c1.csv"
    complaints.write_text(
        "工单编号,受理时间,来电号码,诉求人,内容描述,所属区\n"
        "AUD-001,2026-11-28 10:00,13700001111,陈先生,\"近期频繁接到13912345678的来电，推销房源，我从未留过号码，严重骚扰\",南海区\n"
        "AUD-002,2026-11-29 11:00,13700002222,李女士,\"13912345678多次打电话推销楼盘，拒绝后仍继续拨打\",南海区\n",
        encoding="utf-8")
    assert run(capsys, "--data-dir", station, "complaints", "import", complaints)[0] == 0
    assert run(capsys, "--data-dir", station, "leads", "screen")[0] == 0
    db = open_db(station)
    joined = db.execute("SELECT complaint_count FROM leads WHERE target_phone = '13912345678'").fetchone()[0]
    db.close()
    assert joined == 2  # the complaints joined the hand-registered lead
    assert counted("2026-11-20", "2026-11-25") == 1
    assert counted("2026-11-26", "2026-11-30") == 0


# ---- 4. leads edit of a decided lead ----------------------------------------------------------------------------

def test_editing_a_decided_lead_says_its_state_once_and_withdrawal_only_for_not_filed(capsys, station, english):
    filed, case = _lead_case(capsys, station)
    run_json(capsys, "--data-dir", station, "cases", "transition", case, "file", "--date", "2026-11-26",
             "--officer", "陈志强", "--officer", "黄丽娟")
    declined = run_json(capsys, "--data-dir", station, *ADD)["id"]
    run_json(capsys, "--data-dir", station, "leads", "decide", declined, "--not-file", "--date", "2026-11-27",
             "--reason", REASON)
    code, _out, err_filed = run(capsys, "--data-dir", station, "leads", "edit", filed, "--description", "改")
    assert code != 0
    code, _out, err_declined = run(capsys, "--data-dir", station, "leads", "edit", declined, "--description", "改")
    assert code != 0
    assert "withdraw" not in err_filed and "case filed from" in err_filed
    assert "withdraw" in err_declined.lower()


def test_editing_a_decided_lead_in_chinese_never_says_already_twice(capsys, station, chinese, tmp_path):
    lead = run_json(capsys, "--data-dir", station, *ADD)["id"]
    run_json(capsys, "--data-dir", station, "leads", "decide", lead, "--refer", "广东省通信管理局", "--date", "2026-11-27",
             "--reason", "不属于本局管辖", "-o", tmp_path / "refer.pdf", "--officer", "陈志强")
    code, _out, err = run(capsys, "--data-dir", station, "leads", "edit", lead, "--description", "改")
    assert code != 0 and "已已" not in err
    assert "撤销不予立案" not in err


# ---- 5. officers named at filing ---------------------------------------------------------------------------------

def test_a_leads_case_is_filed_with_the_officers_named(capsys, station):
    _lead, case = _lead_case(capsys, station)
    filed = run_json(capsys, "--data-dir", station, "cases", "transition", case, "file", "--date", "2026-11-26",
                     "--officer", "陈志强", "--officer", "44060512002")
    assert filed["status"] == "investigating" and filed["case_number"]
    assert _officers(station, case) == ["陈志强", "黄丽娟"]


def test_the_officers_named_replace_those_the_case_was_opened_with(capsys, station):
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, save_officer

    _lead, case = _lead_case(capsys, station)
    db = open_db(station)
    save_officer(db, Officer(name="李明", cert_no="44060512003", agency_id=agency_id_for_code("440605")))
    db.close()
    run_json(capsys, "--data-dir", station, "cases", "transition", case, "file", "--date", "2026-11-26",
             "--officer", "李明", "--officer", "陈志强")
    assert _officers(station, case) == ["李明", "陈志强"]


@pytest.mark.parametrize(("named", "said"), [("王五", "王五"), ("新同事", "新同事")])
def test_an_officer_unknown_or_uncertified_is_refused_by_name_and_nothing_changes(capsys, station, named, said):
    _lead, case = _lead_case(capsys, station)
    before = _officers(station, case)
    code, _out, err = run(capsys, "--data-dir", station, "cases", "transition", case, "file", "--date", "2026-11-26",
                          "--officer", "陈志强", "--officer", named)
    assert code != 0 and said in err and "--officer" in err
    db = open_db(station)
    status = db.execute("SELECT status FROM cases WHERE id = ?", [case]).fetchone()[0]
    db.close()
    assert status == "pending_filing" and _officers(station, case) == before


def test_officers_go_with_filing_only(capsys, station):
    _lead, case = _lead_case(capsys, station)
    code, _out, err = run(capsys, "--data-dir", station, "cases", "transition", case, "decline_filing", "--date",
                          "2026-11-27", "--reason", REASON, "--officer", "陈志强")
    assert code != 0 and "--officer" in err


def test_filing_refused_for_another_reason_leaves_the_officers_unchanged(capsys, station):
    _lead, case = _lead_case(capsys, station)
    before = _officers(station, case)
    code, _out, _err = run(capsys, "--data-dir", station, "cases", "transition", case, "file", "--date", "2026-11-26",
                           "--officer", "陈志强")  # one officer: filing needs two
    assert code != 0
    assert _officers(station, case) == before

