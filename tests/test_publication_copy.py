"""The publication copy (公示版) of an issued 行政处罚决定书 (信息公示规定 arts. 2, 4, 6, 7; REFERENCE §1.9): the
行政处罚信息摘要 — 文号, party, 统一社会信用代码 (a natural person's ID number masked), 法定代表人, 违法行为类型,
penalty, bureau, date — then the decision's text as issued with personal information masked, as DOCX and as text to
paste; refused for a decision not issued, void, corrected or a warning alone; written from the case's documents
(公示版…) and by `docs publication`."""

from __future__ import annotations

import io

import docx
import pytest

from PySide6.QtCore import Qt

from tests.helpers import run, run_json
from tests.test_party_case10 import COMPANY, notice
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import get_document, issue_document, void_document
from workstation.documents.publication import publication_copy, publication_refusal
from workstation.errors import WorkstationError
from workstation.records import Party
from workstation.store import get_case, save_party

DECIDED_ON = "2026-03-10"
USCC = "91512081MA62K0260E"
PERSON = "朱子轩"
ID_NUMBER = "11010519491231002X"
ADDRESS = "佛山市禅城区祖庙路3号"
PHONE = "13800138000"
ACCOUNT = "6222021234567890123"
FACTS = (f"经查，当事人使用手机号码{PHONE}向消费者发送商业性短信1,200条，通过其银行账户{ACCOUNT}收取推广费用，"
         f"违法所得¥1,000.00。")


def decided(db, data_dir, make_case, *, person=False, **decision):
    """A case told of a fine on 03-02 and decided on 03-10, its 行政处罚决定书 issued here to a company (or to a
    natural person): (case, the decision)."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS,
                     violations=["unsolicited_commercial_messages"])
    party = case.party_ids[0]
    if person:
        save_party(db, Party(name=PERSON, kind="person", id_number=ID_NUMBER, address=ADDRESS, phone=PHONE, id=party))
    else:
        save_party(db, Party(name=COMPANY, uscc=USCC, address="佛山市南海区桂城街道南海大道1号", legal_rep="梁嘉豪",
                             id=party))
    notice(db, data_dir, case, party, fine_fen="5000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    values = {"decided_on": DECIDED_ON, "fine_fen": "5000", "facts": FACTS, **decision}
    document = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"), values,
                              party_id=party)
    procedure.apply(db, case.id, "decide_penalty", on_date=DECIDED_ON)
    return get_case(db, case.id), document


def docx_text(data: bytes) -> str:
    word = docx.Document(io.BytesIO(data))
    cells = ["\t".join(cell.text for cell in row.cells) for table in word.tables for row in table.rows]
    return "\n".join([*cells, *(p.text for p in word.paragraphs)])


def test_the_summary_of_a_company_gives_the_items_in_order_and_keeps_its_credit_code(db, data_dir, make_case):
    case, decision = decided(db, data_dir, make_case)
    copy = publication_copy(db, data_dir, decision)
    agency = decision.issued_as["agency"]
    assert copy.summary == (
        ("行政处罚决定书文号", decision.number),
        ("当事人名称", COMPANY),
        ("统一社会信用代码", USCC),
        ("法定代表人（负责人）", "梁嘉豪"),
        ("违法行为类型", "未经同意发送商业性信息"),
        ("行政处罚内容", "警告；罚款¥5,000.00（人民币伍仟元整）"),
        ("作出行政处罚决定机关名称", agency),
        ("作出行政处罚决定日期", "2026年3月10日"),
    )
    text = copy.text()
    lines = text.splitlines()
    assert lines[0] == "行政处罚信息摘要"
    assert lines[1:9] == [f"{label}：{value}" for label, value in copy.summary]
    # the decision follows the summary, whole: its title, its 文号, its party block with the code kept
    assert text.index("行政处罚决定书\n") > text.index("作出行政处罚决定日期")
    assert f"统一社会信用代码：{USCC}" in text and "住所：佛山市南海区桂城街道南海大道1号" in text
    assert text.rstrip().endswith("2026年3月10日")
    # what is not the party's personal data stays as issued; the phone and account in the facts are masked
    assert "138****8000" in text and PHONE not in text and ACCOUNT not in text and "0123" in text
    word = docx_text(copy.data("docx"))
    assert f"统一社会信用代码\t{USCC}" in word and f"行政处罚决定书文号\t{decision.number}" in word
    assert word.index("行政处罚信息摘要") < word.index("当事人：" + COMPANY)


def test_a_natural_persons_id_phone_and_address_are_masked_in_the_summary_and_the_text(db, data_dir, make_case):
    case, decision = decided(db, data_dir, make_case, person=True)
    copy = publication_copy(db, data_dir, decision)
    summary = dict(copy.summary)
    assert list(summary)[:3] == ["行政处罚决定书文号", "当事人姓名", "身份证件号码"]
    assert summary["当事人姓名"] == PERSON and summary["身份证件号码"] == "1101**********002X"
    assert "法定代表人（负责人）" not in summary and "经营者" not in summary
    for written in (copy.text(), docx_text(copy.data("docx"))):
        assert "身份证件号码：1101**********002X" in written and "住址：佛山市禅城区****" in written
        assert "138****8000" in written and "***************0123" in written
        for hidden in (ID_NUMBER, "祖庙路", PHONE, ACCOUNT):
            assert hidden not in written
        assert PERSON in written
        assert "公示时将依法对当事人的个人信息进行必要的处理" in written


def test_the_text_file_opens_as_chinese_text_on_windows(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case)
    data = publication_copy(db, data_dir, decision).data("txt")
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert data.decode("utf-8-sig").startswith("行政处罚信息摘要\r\n行政处罚决定书文号：")


def test_a_warning_alone_a_voided_and_a_corrected_decision_are_not_published(db, data_dir, make_case, english):
    case, decision = decided(db, data_dir, make_case, fine_fen="", warning=True)
    assert publication_refusal(db, decision) == (
        f"行政处罚决定书 {decision.number} imposes a warning only, and a warning alone is not published "
        "(市场监督管理行政处罚信息公示规定 art. 2).")
    with pytest.raises(WorkstationError) as refused:
        publication_copy(db, data_dir, decision)
    assert refused.value.message == publication_refusal(db, decision)
    corrected = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                               {"decided_on": DECIDED_ON, "fine_fen": "4000", "facts": FACTS},
                               supersedes=decision.id, party_id=case.party_ids[0])
    assert publication_refusal(db, decision) == (
        f"行政处罚决定书 {decision.number} was corrected by 行政处罚决定书 {corrected.number}: publish 行政处罚决定书 "
        f"{corrected.number}, the decision in force.")
    assert publication_refusal(db, corrected) is None
    void_document(db, corrected.id, "罚款金额有误")
    assert publication_refusal(db, get_document(db, corrected.id)) == (
        f"行政处罚决定书 {corrected.number} is void (罚款金额有误): a voided decision is not published.")
    first = get_document(db, notice_of(db, case).id)
    assert publication_refusal(db, first).startswith(f"{first.title} {first.number} is not a 行政处罚决定书")


def notice_of(db, case):
    from workstation.documents.issuing import case_documents

    return next(d for d in case_documents(db, case.id) if d.form_id == "pre_penalty_notice")


# ---- the command line ---------------------------------------------------------------------------------------

def test_docs_publication_writes_the_copy_as_text_or_docx(db, data_dir, make_case, capsys, tmp_path):
    case, decision = decided(db, data_dir, make_case, person=True)
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir,
                      "-o", tmp_path / "公示版.txt")
    assert result["format"] == "txt" and result["number"] == decision.number
    assert result["summary"]["身份证件号码"] == "1101**********002X"
    text = (tmp_path / "公示版.txt").read_text(encoding="utf-8-sig")
    assert "住址：佛山市禅城区****" in text and ID_NUMBER not in text
    code, out, _err = run(capsys, "docs", "publication", case.id, "--data-dir", data_dir, "-o", tmp_path / "公示版",
                          "--format", "docx")
    assert code == 0 and "公示版" in out
    assert "行政处罚信息摘要" in docx_text((tmp_path / "公示版").read_bytes())


def test_docs_publication_refuses_in_one_line_what_is_not_published(db, data_dir, make_case, capsys, tmp_path,
                                                                    english):
    undecided = make_case(status="under_review", filed_on="2026-02-20")
    code, out, err = run(capsys, "docs", "publication", undecided.case_number, "--data-dir", data_dir,
                         "-o", tmp_path / "a.docx")
    assert code == 1 and out == ""
    assert err.strip().splitlines() == [
        f"Error: No 行政处罚决定书 was issued to {COMPANY_OF_MAKE_CASE} in case {undecided.case_number}: only an issued "
        "decision is published. Issue it first."]
    case, decision = decided(db, data_dir, make_case, fine_fen="", warning=True)
    code, out, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir,
                         "-o", tmp_path / "b.docx")
    assert code == 1 and len(err.strip().splitlines()) == 1 and "warning alone is not published" in err
    assert not (tmp_path / "a.docx").exists() and not (tmp_path / "b.docx").exists()


COMPANY_OF_MAKE_CASE = "佛山市南海区誉嘉房地产代理有限公司"


# ---- the window: the case's documents -----------------------------------------------------------------------

def documents_section(qtbot, db, data_dir, case, prompts):
    from ui.case_documents import CaseDocuments

    section = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(section)
    return section


def saved_as_shown() -> None:
    """Save the publication copy the review about to open shows, nothing ticked or typed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def save():
        dialog = QApplication.activeModalWidget()
        dialog.save.click()
        if dialog.isVisible():  # not saved: the test fails without waiting on the dialog
            dialog.done(0)

    QTimer.singleShot(0, save)


@pytest.mark.gui
def test_the_publication_copy_of_the_decision_selected_is_written_where_the_officer_chooses(
        qtbot, db, data_dir, make_case, prompts, tmp_path, english):
    from PySide6.QtWidgets import QPushButton

    case, decision = decided(db, data_dir, make_case, person=True)
    section = documents_section(qtbot, db, data_dir, case, prompts)
    button = section.findChild(QPushButton, "publication_copy")
    assert button.text() == "Publication copy(&\\)…"  # its Alt key: the case page has no letter left
    assert section.select_document(notice_of(db, case).id)
    assert not button.isEnabled() and "is not a 行政处罚决定书" in button.toolTip()
    assert section.select_document(decision.id)
    assert button.isEnabled() and button.toolTip().startswith(
        f"Write the publication copy (公示版) of 行政处罚决定书 {decision.number}")
    prompts.files = [str(tmp_path / "公示版.txt"), str(tmp_path / "公示版.docx")]
    saved_as_shown()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    text = (tmp_path / "公示版.txt").read_text(encoding="utf-8-sig")
    assert text.startswith("行政处罚信息摘要") and "1101**********002X" in text and ID_NUMBER not in text
    assert prompts.infos == [f"{tmp_path / '公示版.txt'} written."] and prompts.errors == []
    saved_as_shown()
    section.document_actions["publication_copy"].trigger()  # the row's context menu: the same
    assert "住址：佛山市禅城区****" in docx_text((tmp_path / "公示版.docx").read_bytes())
    assert prompts.infos[-1] == f"{tmp_path / '公示版.docx'} written."


@pytest.mark.gui
def test_a_warning_alone_has_no_publication_copy_in_the_window(qtbot, db, data_dir, make_case, prompts, tmp_path,
                                                               english):
    from PySide6.QtWidgets import QPushButton

    case, decision = decided(db, data_dir, make_case, fine_fen="", warning=True)
    section = documents_section(qtbot, db, data_dir, case, prompts)
    assert section.select_document(decision.id)
    button = section.findChild(QPushButton, "publication_copy")
    assert not button.isEnabled() and button.toolTip() == publication_refusal(db, decision)
    prompts.files = [str(tmp_path / "公示版.docx")]
    section.save_publication_copy(decision)  # reached otherwise: refused with the reason, no file asked for
    assert prompts.errors == [publication_refusal(db, decision)] and prompts.files
    assert not (tmp_path / "公示版.docx").exists()


def test_a_decision_issued_on_an_earlier_version_of_its_form_is_refused_saying_what_to_publish(
        db, data_dir, make_case, english, monkeypatch):
    from dataclasses import replace

    from workstation.formkit import spec

    _case, decision = decided(db, data_dir, make_case)
    forms, broken = spec.load_forms()
    changed = {**forms, "penalty_decision": replace(forms["penalty_decision"], version=decision.form_version + 1)}
    monkeypatch.setattr(spec, "load_forms", lambda: (changed, broken))  # the form file changed since it was issued
    with pytest.raises(WorkstationError) as refused:
        publication_copy(db, data_dir, decision)
    assert refused.value.message == (
        f"行政处罚决定书 {decision.number} was issued on version {decision.form_version} of its form, which has changed "
        f"since (now version {decision.form_version + 1}): its publication copy cannot be composed as issued. Publish "
        "the text of its PDF (Save PDF…), with the personal information processed by hand.")


def test_the_names_of_the_other_persons_met_in_the_case_are_masked_the_partys_and_its_representatives_kept(
        db, data_dir, make_case):
    """The employee questioned (被询问人 of the 询问笔录) and a natural person who is another party of the case are
    named in the facts: the copy gives them as 王某某 and 陈某; the company and its legal representative stay."""
    from tests.helpers import INQUIRY_TO_ISSUE
    from tests.test_law_guards import under_investigation
    from workstation.store.cases import update_case

    facts = f"经查，当事人法定代表人梁嘉豪安排员工王小明与陈静使用手机号码{PHONE}向消费者发送商业性短信1,200条。"
    case, decision = decided(db, data_dir, make_case, facts=facts)
    before = publication_copy(db, data_dir, decision).text()  # no record names them yet: the text as typed
    assert "安排员工王小明与陈静使用" in before
    with under_investigation(db, case) as investigated:  # questioned before the decision, as a 询问笔录 is
        issue_document(db, data_dir, investigated, find_form("inquiry_record"),
                       {**INQUIRY_TO_ISSUE, "interviewee": "王小明（当事人员工）", "time_from": "2026-02-25 10:00",
                        "time_to": "2026-02-25 11:05"})
    assert "安排员工王某某与陈静使用" in docx_text(publication_copy(db, data_dir, decision).docx())
    other = save_party(db, Party(name="陈静", kind="person", id_number=ID_NUMBER))
    from dataclasses import replace

    update_case(db, replace(get_case(db, case.id), party_ids=[*case.party_ids, other.id]))
    text = publication_copy(db, data_dir, decision).text()
    assert "安排员工王某某与陈某使用手机号码" in text
    assert "王小明" not in text and "陈静" not in text
    assert "当事人法定代表人梁嘉豪" in text and COMPANY in text


def test_a_name_inside_the_partys_own_name_is_not_masked():
    from workstation.documents.publication import masked_name, masker
    from workstation.masking import rules_in_force

    mask = masker({"party_name": "佛山市王小明贸易有限公司"}, rules_in_force(), ("王小明",))
    assert mask("佛山市王小明贸易有限公司员工王小明") == "佛山市王小明贸易有限公司员工王某某"
    # a compound surname kept whole (欧阳娜娜 → 欧阳某某, not 欧某某某)
    assert (masked_name("李明"), masked_name("欧阳娜娜")) == ("李某", "欧阳某某")


def test_a_person_mark_on_a_field_that_is_not_text_is_refused_naming_it(tmp_path, english):
    from tests.test_party_kind_documents import FORM
    from workstation.formkit.spec import FormError, load_form

    path = tmp_path / "sample.toml"
    path.write_text(FORM.format(when="flag").replace('type = "bool"', 'type = "bool"\nperson = true'),
                    encoding="utf-8")
    with pytest.raises(FormError, match=r"fields\[0\]\.person: a person's name is a text field"):
        load_form(path)
    assert [f.name for f in find_form("inquiry_record").fields if f.person] == ["interviewee"]


def test_the_reporter_named_in_the_letter_of_the_lead_the_case_came_from_is_masked(db, data_dir, make_case):
    """The 举报处理结果告知书 of the lead names the reporter (周慧敏), whom the decision's facts name too: the copy
    gives 周某某 (the lead's case is this one, as a lead filed into a case records it)."""
    from tests.test_report_result_notice import FORM, a_lead
    from workstation.leads_workflow import decide_lead, issue_lead_document

    facts = f"经查，当事人于2026年8月起向举报人周慧敏等消费者的手机号码{PHONE}发送商业性短信1,200条。"
    case, decision = decided(db, data_dir, make_case, facts=facts)
    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="经核查，未发现违法行为")
    issue_lead_document(db, data_dir, lead, find_form(FORM), {"contact_person": "邓颖诗", "reporter_name": "周慧敏"})
    assert "举报人周慧敏等消费者" in publication_copy(db, data_dir, decision).text()
    with db.atomic():
        db.execute("UPDATE leads SET case_id = ? WHERE id = ?", [case.id, lead])
    assert "举报人周某某等消费者" in publication_copy(db, data_dir, decision).text()


# ---- names written only in the decision ---------------------------------------------------------------------------

NAMED_FACTS = (f"经查，当事人法定代表人梁嘉豪安排员工王小明与陈静使用手机号码{PHONE}向消费者发送商业性短信1,200条。"
               "证人张伟，男，1985年3月出生，证实上述情况。当事人在未经消费者同意的情况下发送短信。")


def test_the_names_the_wording_suggests_are_found_and_those_asked_are_masked(db, data_dir, make_case):
    from workstation.documents.publication import unmasked_names

    _case, plain = decided(db, data_dir, make_case)  # no name in its facts: nothing suggested
    assert unmasked_names(publication_copy(db, data_dir, plain)) == ()
    _case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    copy = publication_copy(db, data_dir, decision)
    assert [(n.name, n.context) for n in unmasked_names(copy)] == [
        ("王小明", "人梁嘉豪安排员工王小明与陈静使用手机号"),
        ("陈静", "安排员工王小明与陈静使用手机号码13"),
        ("张伟", ",200条。证人张伟，男，****年")]  # the legal representative is published as he is
    assert "安排员工王小明与陈静使用" in copy.text()
    assert "证人张伟，男，****年*月出生" in copy.text() and "1985" not in copy.text()  # the date of birth as stars
    asked = publication_copy(db, data_dir, decision, names=(" 王小明", "陈静", "王小明"))
    assert "安排员工王某某与陈某使用" in asked.text() and "证人张伟，男" in asked.text()
    assert "安排员工王某某与陈某使用" in docx_text(asked.docx())
    assert [n.name for n in unmasked_names(asked)] == ["张伟"]


def test_a_name_before_its_telephone_number_or_after_a_contact_or_another_firms_representative_is_found(
        db, data_dir, make_case):
    from workstation.documents.publication import unmasked_names

    facts = ("经查，当事人委托联系人王五向消费者发送短信，王小明（手机号码13900139000）负责发送。供货商佛山市某公司法定代表人"
             "黄大明提供名单。当事人在未经消费者同意的情况下，通过电话推销，电话号码0757-83301234。")
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    assert [n.name for n in unmasked_names(publication_copy(db, data_dir, decision))] == ["王五", "王小明", "黄大明"]


@pytest.mark.parametrize(("name", "reason"), [
    ("Li Ming", "“Li Ming” is not a person's name to mask"),
    ("王", "“王” is not a person's name to mask"),
    ("王某某", "“王某某” is not a person's name to mask"),
    ("梁嘉豪", "“梁嘉豪” is the party or its representative, whose name is published as it is"),
])
def test_a_name_that_cannot_be_masked_is_refused_naming_it(db, data_dir, make_case, english, name, reason):
    _case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    with pytest.raises(WorkstationError) as refused:
        publication_copy(db, data_dir, decision, names=("王小明", name))
    assert refused.value.message.startswith(reason)


def test_docs_publication_masks_the_names_given_and_says_which_it_may_still_give(
        db, data_dir, make_case, capsys, tmp_path, english):
    case, _decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    # by default the names the text suggests are masked, as the window ticks them, and said with how to keep one whole
    code, out, _err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir,
                          "-o", tmp_path / "a.txt")
    assert code == 0 and out.splitlines()[-1] == (
        "Masked as the text suggests: 王小明、陈静、张伟. Write one whole with --unmask NAME.")
    text = (tmp_path / "a.txt").read_text(encoding="utf-8-sig")
    assert "安排员工王某某与陈某使用" in text and "证人张某，男，****年*月出生" in text and "王小明" not in text
    assert "1985" not in text
    # one written whole: said as a name the text may still give, for --mask
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "b.txt", "--unmask", "张伟")
    assert result["given_whole"] == ["张伟"] and result["unmasked_names"] == [
        {"name": "张伟", "context": ",200条。证人张伟，男，****年"}]
    assert "证人张伟，男" in (tmp_path / "b.txt").read_text(encoding="utf-8-sig")
    code, out, _err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir,
                          "-o", tmp_path / "b.txt", "--force")
    assert code == 0 and out.splitlines()[-1] == (
        "Names the text may still give whole: 张伟（…,200条。证人张伟，男，****年…）. Mask them with --mask NAME and write "
        "the copy again.")
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "c.txt", "--mask", "张伟")
    assert result["masked_on_request"] == ["王小明", "陈静", "张伟"] and result["unmasked_names"] == []
    text = (tmp_path / "c.txt").read_text(encoding="utf-8-sig")
    assert "安排员工王某某与陈某使用" in text and "证人张某，男，****年*月出生" in text and "1985" not in text
    code, out, err = run(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                         tmp_path / "d.txt", "--mask", "Li Ming")
    assert code == 1 and out == "" and "“Li Ming” is not a person's name to mask" in err
    assert not (tmp_path / "d.txt").exists()


@pytest.mark.gui
def test_the_officer_reviews_the_copy_ticks_and_types_names_then_saves_it(
        qtbot, db, data_dir, make_case, prompts, tmp_path, english):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    # 周七: written, and no word of the text suggests the name (s63: a name written nowhere is refused)
    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS + "客户赵六向本局投诉。周七未参与。")
    section = documents_section(qtbot, db, data_dir, case, prompts)
    assert section.select_document(decision.id)
    prompts.files = [str(tmp_path / "公示版.txt")]
    seen = {}

    def type_names(dialog, text):
        dialog.names.setText(text)
        dialog.names.textEdited.emit(text)

    def review():
        dialog = QApplication.activeModalWidget()
        try:
            items = [dialog.suggested.item(row) for row in range(dialog.suggested.count())]
            seen["suggested"] = [(item.text().split(" — ")[0], item.checkState()) for item in items]
            seen["before"] = dialog.preview.toPlainText()
            items[1].setCheckState(Qt.CheckState.Unchecked)  # 陈静: the officer says no
            type_names(dialog, "Ming")
            save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
            save.click()  # composed at once: refused, the dialog stays
            seen["refused"] = (dialog.isVisible(), dialog.error.text(), save.isEnabled(), save.toolTip())
            type_names(dialog, "周七、")  # typed: in the text, not suggested
            save.click()  # composed at once, then saved
        finally:
            if dialog.isVisible():  # a failure above must not leave the test waiting on the dialog
                dialog.done(0)

    QTimer.singleShot(0, review)
    section.save_publication_copy(decision)
    assert seen["suggested"] == [("王小明", Qt.CheckState.Checked), ("陈静", Qt.CheckState.Checked),
                                 ("张伟", Qt.CheckState.Checked), ("赵六", Qt.CheckState.Checked)]
    assert "安排员工王某某与陈某使用" in seen["before"]  # the names ticked masked in the first text shown
    shown, error, enabled, tip = seen["refused"]
    assert shown and error.startswith("“Ming” is not a person's name to mask") and not enabled and tip == error
    text = (tmp_path / "公示版.txt").read_text(encoding="utf-8-sig")
    assert "安排员工王某某与陈静使用" in text and "证人张某，男，****年*月出生" in text and "客户赵某向本局投诉" in text
    assert "1985" not in text
    assert prompts.infos == [f"{tmp_path / '公示版.txt'} written."] and prompts.errors == []

    def again():  # its DOCX next: offered as chosen for the text, and saved so
        dialog = QApplication.activeModalWidget()
        try:
            seen["again"] = (dialog.names.text(), [dialog.suggested.item(row).checkState()
                                                   for row in range(dialog.suggested.count())],
                             dialog.preview.toPlainText())
            seen["processed"] = dialog.processed()
            dialog.save.click()
        finally:
            if dialog.isVisible():
                dialog.done(0)

    prompts.files = [str(tmp_path / "公示版.docx")]
    QTimer.singleShot(0, again)
    section.save_publication_copy(decision)
    typed, ticks, shown = seen["again"]
    assert typed == "周七、" and ticks == [Qt.CheckState.Checked, Qt.CheckState.Unchecked, Qt.CheckState.Checked,
                                          Qt.CheckState.Checked]
    assert "安排员工王某某与陈静使用" in shown and "证人张某，男，****年*月出生" in shown and "1985" not in shown
    # marked in the preview: the witness's date of birth too (personal information, published as stars)
    assert seen["processed"] == ["王某某", "138****8000", "张某", "****", "赵某", "周某"]
    written = docx_text((tmp_path / "公示版.docx").read_bytes())
    assert "安排员工王某某与陈静使用" in written and "****年*月出生" in written and "1985" not in written


@pytest.mark.gui
def test_cancelling_the_review_writes_nothing(qtbot, db, data_dir, make_case, prompts, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    case, decision = decided(db, data_dir, make_case, facts=NAMED_FACTS)
    section = documents_section(qtbot, db, data_dir, case, prompts)
    prompts.files = [str(tmp_path / "公示版.txt")]
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())  # nothing changed: closes at once
    section.save_publication_copy(decision)
    assert not (tmp_path / "公示版.txt").exists() and prompts.files and prompts.confirmations == []


def test_a_word_for_someone_unnamed_after_a_preposition_that_is_also_a_surname_is_no_name(db, data_dir, make_case):
    """当事人向他人（…）提供: 向 is the preposition there, not the surname of a 向他人 (audit of session 42)."""
    from workstation.documents.publication import unmasked_names

    facts = ("经查，当事人向他人（非本案当事人）提供消费者个人信息1,200条，并委托联系人向明（手机号码13900139000）发送"
             "短信。")
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    assert [n.name for n in unmasked_names(publication_copy(db, data_dir, decision))] == ["向明"]
