"""Printed documents as the paper audit found them wanting: the 当场行政处罚决定书 and the 延期/分期缴纳罚款通知书 name the
account to pay into as the 行政处罚决定书 does (本局文书信息); a draft of a decision that imposes no penalty yet
prints a ruled line to write it on after 作出如下行政处罚：; the 委托保管书's title too long for one line breaks before
委托保管书, never leaving 书 alone on its line (GB/T 9704 7.3.1); the case file and the campaign report embed every
font they name (no Helvetica); the 卷内备考表 names a payment whose voucher number was not recorded without a dash."""

from __future__ import annotations

import io

import docx
from pypdf import PdfReader

from tests.helpers import pdf_text
from workstation.agency_details import set_agency_details
from workstation.documents.casefile import print_case_file
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import issue_document, void_document
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.spec import earlier_form
from workstation.store import agency_id_for_code, get_case

NANHAI = agency_id_for_code("440605")
ACCOUNT = {"bank": "中国工商银行佛山南海支行", "account_name": "佛山市南海区财政局", "account_number": "2013000000000001",
           "e_payment": "也可通过广东省非税收入电子缴款平台缴纳"}
PRINTED_ACCOUNT = "收款银行：中国工商银行佛山南海支行；户名：佛山市南海区财政局；账号：2013000000000001。"
PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"
RULED = "＿" * 24


def _on_the_spot(**more) -> dict:
    return {"serial_no": "No.0012345", "decided_at": "2026-03-10 09:30", "party_address": PLACE, "place": PLACE,
            "facts": FACTS, **more}


def _text(db, case, form_id: str, values: dict) -> str:
    document = draft_document(db, get_case(db, case.id), find_form(form_id), values)
    return pdf_text(render_document(document, "pdf").data).replace("\u3000", "")


def _lines(db, case, form_id: str, values: dict) -> list[str]:
    """The text lines of the draft's PDF as printed, in order."""
    document = draft_document(db, get_case(db, case.id), find_form(form_id), values)
    return [line.replace(" ", "") for line in render_pdf(document).text_lines()]


# ---- 1. the account to pay into ---------------------------------------------------------------------------------

def test_the_on_the_spot_decision_names_the_account_unless_the_fine_was_collected(db, make_case):
    case = make_case()
    set_agency_details(db, NANHAI, ACCOUNT)
    bank = _text(db, case, "on_the_spot_decision", _on_the_spot(fine_fen="200"))
    assert "到指定银行缴纳罚款" in bank and PRINTED_ACCOUNT in bank
    assert bank.index("到指定银行缴纳罚款") < bank.index(PRINTED_ACCOUNT) < bank.index("当事人对本决定不服")
    assert "也可通过广东省非税收入电子缴款平台缴纳。" in bank
    spot = _text(db, case, "on_the_spot_decision", _on_the_spot(
        fine_fen="100", collected_on_the_spot=True, collection_ground="依法给予一百元以下罚款", receipt_no="粤财0012345"))
    assert "当场收缴罚款" in spot and "收款银行" not in spot
    warning = _text(db, case, "on_the_spot_decision", _on_the_spot(warning=True))
    assert "收款银行" not in warning


def test_the_on_the_spot_decision_without_an_account_set_prints_none(db, make_case):
    case = make_case()
    text = _text(db, case, "on_the_spot_decision", _on_the_spot(fine_fen="200"))
    assert "到指定银行缴纳罚款" in text and "收款银行" not in text and "账号" not in text


def test_the_deferral_notice_names_the_account_after_how_to_pay(db, make_case):
    case = make_case(status="served", filed_on="2026-03-02")
    set_agency_details(db, NANHAI, ACCOUNT)
    values = {"decision_no": "佛南市监处〔2026〕3号", "decided_on": "2026-03-20", "fine_fen": "50000",
              "deferred_to": "2026-06-30", "signed_on": "2026-04-02"}
    text = _text(db, case, "payment_deferral_notice", values)
    assert "到指定银行缴纳罚款" in text and PRINTED_ACCOUNT in text
    assert text.index("到指定银行缴纳罚款") < text.index(PRINTED_ACCOUNT) < text.index("未按本通知书确定的期限")


# ---- 2. a draft imposing nothing yet ------------------------------------------------------------------------------

def test_an_on_the_spot_draft_without_a_penalty_prints_a_ruled_line_to_write_it_on(db, make_case):
    case = make_case()
    lines = _lines(db, case, "on_the_spot_decision", _on_the_spot())
    at = next(n for n, line in enumerate(lines) if line.endswith("当场作出如下行政处罚："))
    assert RULED in lines[at + 1], lines[at:at + 3]
    fined = _lines(db, case, "on_the_spot_decision", _on_the_spot(fine_fen="200"))
    assert not any(RULED in line for line in fined)


def test_a_decision_draft_without_a_penalty_prints_a_ruled_line_to_write_it_on(db, make_case):
    case = make_case(status="investigation_concluded", filed_on="2026-03-02")
    values = {"decided_on": "2026-03-20", "party_address": PLACE, "facts": FACTS}
    lines = _lines(db, case, "penalty_decision", values)
    at = next(n for n, line in enumerate(lines) if line.endswith("如下行政处罚："))
    assert RULED in lines[at + 1], lines[at:at + 3]
    fined = _lines(db, case, "penalty_decision", {**values, "fine_fen": "5000"})
    assert not any(RULED in line for line in fined)
    assert any("罚款¥5,000.00（人民币伍仟元整）" in line for line in fined)


# ---- 3. the 委托保管书's title ---------------------------------------------------------------------------------------

CUSTODY = {"custodian": "佛山市南海区某某仓储有限公司", "decision_no": "佛南市监强〔2026〕1号", "measure": "查封",
           "custody_place": "佛山市南海区桂城街道仓库1号", "contact": "陈志强"}


def _custody(db, case, objects: str):
    return draft_document(db, get_case(db, case.id), find_form("custody_entrustment"), {**CUSTODY, "objects": objects})


def _title_lines(document) -> list[str]:
    return [line.text for line in render_pdf(document).lines if line.style.startswith("title")]


def _docx_title(document) -> str:
    paragraphs = docx.Document(io.BytesIO(render_document(document, "docx").data)).paragraphs
    return next(p.text for p in paragraphs if "委托保管书" in p.text)


def test_a_custody_title_too_long_for_one_line_breaks_before_its_kind_in_both_writers(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02")
    document = _custody(db, case, "场所、设施、财物")
    assert _title_lines(document) == ["实施行政强制措施场所、设施、财物", "委托保管书"]
    assert _docx_title(document) == "实施行政强制措施场所、设施、财物\n委托保管书"
    assert document.title == "实施行政强制措施场所、设施、财物委托保管书"  # its record and the 目录 name it on one line


def test_a_custody_title_that_fits_stays_on_one_line(db, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02")
    for objects in ("财物", "设施、财物"):
        document = _custody(db, case, objects)
        assert _title_lines(document) == [f"实施行政强制措施{objects}委托保管书"]
        assert _docx_title(document) == f"实施行政强制措施{objects}委托保管书"


# ---- the forms changed keep their earlier versions ---------------------------------------------------------------

def test_the_changed_forms_are_raised_a_version_and_keep_the_earlier_one():
    for form_id, version in (("on_the_spot_decision", 9), ("penalty_decision", 15), ("payment_deferral_notice", 3),
                             ("custody_entrustment", 3)):
        form = find_form(form_id)
        assert form.version == version, form_id
        earlier = earlier_form(form_id, version - 1)
        assert earlier is not None and earlier.version == version - 1, form_id
    assert "payment_details" in {f.name for f in find_form("on_the_spot_decision").fields}
    assert "payment_details" not in {f.name for f in earlier_form("on_the_spot_decision", 7).fields}


# ---- 4. fonts embedded --------------------------------------------------------------------------------------------

def _unembedded(data: bytes) -> set[str]:
    """The base fonts a PDF's pages (and their form XObjects) name without embedding them."""
    found: set[str] = set()
    seen: set[int] = set()

    def walk(resources) -> None:
        resources = resources.get_object() if resources is not None else None
        if not resources or id(resources) in seen:
            return
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            if not any("/FontDescriptor" in d and any(k in d["/FontDescriptor"].get_object()
                                                     for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                       for d in descendants):
                found.add(str(font.get("/BaseFont")))
        for xobject in (resources.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    for page in PdfReader(io.BytesIO(data)).pages:
        walk(page.get("/Resources"))
    return found


def test_the_case_file_embeds_every_font_it_names(db, data_dir, make_case):
    case = make_case(status="served", filed_on="2026-03-02", evidence=False)  # a working copy: marked on each page
    approval = issue_document(db, data_dir, case, find_form("filing_approval"), {
        "source": "举报", "facts": "接群众举报，当事人涉嫌未经消费者同意向其发送商业性信息。", "reason": "符合立案条件",
        "issued_on": "2026-03-02"})
    void_document(db, approval.id, "填写错误")  # stamped 作废
    issue_document(db, data_dir, case, find_form("filing_approval"), {
        "source": "举报", "facts": "接群众举报，当事人涉嫌未经消费者同意向其发送商业性信息。", "reason": "符合立案条件",
        "issued_on": "2026-03-03"})
    data = print_case_file(db, data_dir, get_case(db, case.id)).data
    assert "作废" in pdf_text(data)
    assert _unembedded(data) == set()


def test_the_campaign_report_embeds_every_font_it_names(demo_db):
    from workstation.reports import render_report, report_data

    data, _pages = render_report(report_data(demo_db, "2026-01-01", "2026-06-30"), "pdf")
    assert _unembedded(data) == set()


# ---- 5. a payment without its voucher's number --------------------------------------------------------------------

def _pay(db, case, event_id: str, day: str, voucher: str | None, part: bool = False) -> None:
    """A payment recorded: of part of the fine (``part``), else the 履行完毕."""
    details = '{"paid_fen": 250000, "surcharge_fen": 0' + (f', "voucher": "{voucher}"' if voucher else "") + "}"
    if part:
        db.execute("INSERT INTO case_events (id, case_id, kind, at, on_date, details) VALUES (?, ?, 'payment', ?, ?, ?)",
                   [event_id, case.id, f"{day}T10:00:00", day, details])
        return
    db.execute("INSERT INTO case_events (id, case_id, kind, at, on_date, from_status, to_status, details) "
               "VALUES (?, ?, 'transition', ?, ?, 'served', 'performed', ?)",
               [event_id, case.id, f"{day}T10:00:00", day, details])


def _remarks(db, data_dir, case) -> str:
    issue_document(db, data_dir, case, find_form("filing_approval"), {
        "source": "举报", "facts": "接群众举报，当事人涉嫌未经消费者同意向其发送商业性信息。", "reason": "符合立案条件",
        "issued_on": "2026-03-02"})
    data = print_case_file(db, data_dir, get_case(db, case.id)).data
    return PdfReader(io.BytesIO(data)).pages[-1].extract_text().replace(" ", "").replace("\n", "")


def test_the_remarks_sheet_names_a_payment_without_its_voucher_number_by_its_day_without_a_dash(db, data_dir,
                                                                                               make_case):
    case = make_case(status="closed", filed_on="2026-03-02", closed_on="2026-11-02", evidence=False)
    _pay(db, case, "pay1", "2026-10-25", None)
    text = _remarks(db, data_dir, case)
    assert "缴款凭证（2026年10月25日）" in text, text
    assert "—（" not in text and "缴款凭证：" not in text


def test_the_remarks_sheet_names_the_vouchers_numbered_and_the_payments_without_one(db, data_dir, make_case):
    case = make_case(status="closed", filed_on="2026-03-02", closed_on="2026-11-02", evidence=False)
    _pay(db, case, "pay1", "2026-04-01", "PJ001", part=True)
    _pay(db, case, "pay2", "2026-10-25", None)
    text = _remarks(db, data_dir, case)
    assert "缴款凭证：PJ001（2026年4月1日）；缴款凭证（2026年10月25日）" in text, text
    assert "—（" not in text


def test_an_on_the_spot_fine_paid_at_the_bank_with_no_account_set_is_warned_at_issue(db, make_case, english):
    from workstation.documents.stage_rules import stage_warnings

    case = get_case(db, make_case().id)
    warnings = stage_warnings(db, case, "on_the_spot_decision", _on_the_spot(fine_fen=20000, payment_details=""))
    assert any(w.startswith("The decision names no account to pay into") for w in warnings), warnings
    # collected on the spot, or a warning alone: nothing to pay into
    collected = _on_the_spot(fine_fen=10000, collected_on_the_spot=True, payment_details="")
    assert not any("account" in w for w in stage_warnings(db, case, "on_the_spot_decision", collected))
    assert not any("account" in w for w in stage_warnings(db, case, "on_the_spot_decision",
                                                         _on_the_spot(warning=True, payment_details="")))
    set_agency_details(db, NANHAI, ACCOUNT)
    named = _on_the_spot(fine_fen=20000, payment_details=PRINTED_ACCOUNT)
    assert not any("account" in w for w in stage_warnings(db, case, "on_the_spot_decision", named))


def test_a_deferral_notice_naming_no_account_is_warned_at_issue(db, make_case, english):
    from workstation.documents.stage_rules import stage_warnings

    case = get_case(db, make_case(status="served", filed_on="2026-03-02").id)
    values = {"decision_no": "佛南市监处〔2026〕3号", "fine_fen": "50000", "deferred_to": "2026-06-30",
              "payment_details": ""}
    warnings = stage_warnings(db, case, "payment_deferral_notice", values)
    assert any(w.startswith("The 延期/分期缴纳罚款通知书 names no account to pay into") for w in warnings), warnings
    set_agency_details(db, NANHAI, ACCOUNT)
    named = stage_warnings(db, case, "payment_deferral_notice", {**values, "payment_details": PRINTED_ACCOUNT})
    assert not any("account" in w for w in named), named
    partly = stage_warnings(db, case, "payment_deferral_notice", {**values, "payment_details": "收款银行：中国工商银行"})
    assert any(w.startswith("The account the 延期/分期缴纳罚款通知书 names to pay into has no") for w in partly), partly
