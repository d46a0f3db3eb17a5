"""The wording of the printed documents, read back from the produced PDF (its laid-out lines) and DOCX (its
paragraphs): defaults that follow the kind of party (a natural person is interviewed in person and shows an ID
card, an individual business sends its 经营者), the decision's account of the procedure, the punctuation of
penalty lists, the hearing time, the 决定书文号 of the archive forms, the 送达回证's proxy row and seal line,
the 约谈记录's header, the report title and the 询问时间 row of the 询问笔录."""

import datetime as dt
import io
import itertools

import docx
import pytest

from tests.helpers import beijing_today
from tests.rendering import case_draft, docx_of, pdf_of
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.interview_documents import draft_interview_document
from workstation.documents.issuing import issue_document, void_document
from workstation.formkit.interview_values import interview_context
from workstation.formkit.spec import FormError, load_form
from workstation.money import chinese_date, chinese_datetime
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case, find_case
from workstation.store.interviews import get_interview

PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person
INDIVIDUAL = "佛高市监立〔2026〕1号"  # 佛山市高明区杨和翎峪装饰设计工作室, operator 霍婉婷
COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司, legal representative 曾俊杰
INVESTIGATED_COMPANY = "佛南市监立〔2026〕9号"  # a company's case still under investigation: no evidence yet
ASSOCIATION_INTERVIEW = "52a22518-c36c-5134-9ae4-c04b780089af"  # one party: the real-estate association
OPERATORS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the joint interview of the three telecom operators


def pdf_lines(document) -> list[str]:
    """The PDF's laid-out lines (rendered once per content: ``tests/rendering.py``)."""
    return pdf_of(document).text_lines()


def docx_paragraphs(document) -> list[str]:
    """Every paragraph of the DOCX body, table cells included (rendered once per content)."""
    body = docx.Document(io.BytesIO(docx_of(document))).element.body
    return ["".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
            for p in body.iter() if p.tag.endswith("}p")]


def printed(document) -> tuple[str, str]:
    """The PDF's lines and the DOCX's paragraphs, each joined as a reader reads them."""
    return "".join(pdf_lines(document)), "".join(docx_paragraphs(document))


def draft(db, case_number, form_id, values=None):
    """The draft of ``form_id`` for ``case_number``: made once for the shared read-only ``read_demo_db``."""
    return case_draft(db, case_number, form_id, values)


# ---- 1. defaults that follow the kind of party

@pytest.mark.parametrize("form_id", ["penalty_decision", "pre_penalty_notice", "no_penalty_decision",
                                     "investigation_report"])
def test_a_natural_persons_evidence_begins_with_the_id_card_not_a_business_licence(read_demo_db, form_id):
    for text in printed(draft(read_demo_db, PERSON, form_id)):
        # the notice, the decisions and the report list the case's own evidence (tests/test_issueguard.py,
        # tests/test_doc_case_defaults.py), never a licence copy for a natural person
        assert "营业执照" not in text


def test_a_companys_report_lists_no_evidence_its_case_does_not_have(read_demo_db):
    # the demo company's case still investigated issued no record and registered no evidence: no boilerplate
    # licence, 询问笔录 or 现场笔录 (the report's evidence with the case's records: tests/test_doc_case_defaults.py)
    for text in printed(draft(read_demo_db, INVESTIGATED_COMPANY, "investigation_report")):
        listed = text.split("四、相关证据及证明事项")[1].split("五、")[0]
        assert listed == "＿" * 30


def test_an_associations_report_lists_no_business_licence_nor_made_up_records(demo_db):
    association = demo_db.execute("SELECT id FROM parties WHERE kind = 'association'").fetchone()[0]
    case = create_case(demo_db, Case(case_number="", cause="佛山市房地产业协会涉嫌非法提供消费者个人信息案",
                                     sector="real_estate", agency_id=agency_id_for_code("440605"),
                                     status="investigating", party_ids=[association], filed_on="2026-03-01",
                                     officer_ids=find_case(demo_db, COMPANY).officer_ids))
    values = {"decided_on": "2026-04-01", "facts": "经查，当事人向会员单位提供了业主信息。"}
    for text in printed(draft_document(demo_db, case, find_form("investigation_report"), values)):
        assert "营业执照" not in text and "现场笔录" not in text and "询问笔录" not in text


def test_the_inquiry_notice_to_a_natural_person_asks_for_the_id_card_and_no_legal_representative(read_demo_db):
    for text in printed(draft(read_demo_db, PERSON, "inquiry_notice")):
        assert "☑身份证件原件及复印件；" in text
        assert "营业执照" not in text and "法定代表人" not in text and "请你于" in text


def test_the_inquiry_notice_to_an_individual_business_summons_its_operator(read_demo_db):
    for text in printed(draft(read_demo_db, INDIVIDUAL, "inquiry_notice")):
        assert "请你单位经营者或者委托代理人于" in text and "法定代表人" not in text
        assert "☑营业执照复印件（经营者签名或者盖章）；" in text


def test_the_inquiry_notice_to_a_company_summons_its_legal_representative(read_demo_db):
    for text in printed(draft(read_demo_db, COMPANY, "inquiry_notice")):
        assert "请你单位法定代表人（负责人）或者委托代理人于" in text
        assert "☑营业执照复印件（加盖公章）；" in text


def test_a_natural_person_is_interviewed_in_person_without_typing_a_name(read_demo_db):
    pdf, word = printed(draft(read_demo_db, PERSON, "inquiry_record"))  # refused before: 被询问人姓名 required
    for text in (pdf, word):
        assert "被询问人朱子轩" in text
        assert "☑当事人" in text and "□法定代表人" in text and "□经营者" in text
        assert "工作单位职务" in text.replace(" ", "")  # no work unit: the person is not their own employer
        assert "你单位" not in text


def test_an_individual_business_is_interviewed_through_its_operator(read_demo_db):
    for text in printed(draft(read_demo_db, INDIVIDUAL, "inquiry_record")):
        assert "被询问人霍婉婷" in text and "☑经营者" in text and "□法定代表人" in text


def test_a_natural_persons_inquiry_record_prints_the_address_of_the_party(read_demo_db):
    address = read_demo_db.execute("SELECT p.address FROM parties p JOIN case_parties cp ON cp.party_id = p.id JOIN cases c "
                              "ON c.id = cp.case_id WHERE c.case_number = ?", [PERSON]).fetchone()[0]
    assert address
    for text in printed(draft(read_demo_db, PERSON, "inquiry_record")):
        assert f"住址{address}与本案关系" in text.replace(" ", "")


@pytest.mark.parametrize("case_number", [COMPANY, INDIVIDUAL])
def test_a_representatives_address_is_left_to_fill_in_not_taken_from_the_business(read_demo_db, case_number):
    for text in printed(draft(read_demo_db, case_number, "inquiry_record")):
        assert "住址与本案关系" in text.replace(" ", "")


def test_a_company_is_interviewed_through_its_legal_representative(read_demo_db):
    for text in printed(draft(read_demo_db, COMPANY, "inquiry_record")):
        assert "被询问人曾俊杰" in text and "☑法定代表人" in text


def test_the_party_kind_defaults_stay_editable(read_demo_db):
    document = draft(read_demo_db, PERSON, "inquiry_record", {"interviewee": "王小明", "relation": "证人",
                                                           "work_unit": "佛山市某某置业有限公司"})
    for text in printed(document):
        assert "被询问人王小明" in text and "☑证人" in text and "☑当事人" not in text
        assert "佛山市某某置业有限公司" in text


def test_a_party_default_for_an_unknown_kind_is_refused_naming_the_key(tmp_path, english):
    path = tmp_path / "sample.toml"
    path.write_text('id = "sample"\ntitle = "测试"\nkind = "notice"\ntype_code = ""\nversion = 1\n'
                    '[[fields]]\nname = "a"\nlabel = "甲"\n[fields.party_defaults]\nrobot = "x"\n'
                    '[[blocks]]\nkind = "paragraph"\ntext = "{a}"\n', encoding="utf-8")
    with pytest.raises(FormError, match="party_defaults.robot"):
        load_form(path)


# ---- 2. the decision's account of the procedure

def test_the_penalty_decision_tells_the_filing_then_the_facts_without_a_second_jing_cha(read_demo_db):
    for text in printed(draft(read_demo_db, PERSON, "penalty_decision")):
        assert "经查，现已调查终结" not in text and text.count("经查，") == 1
        assert "本局于2026年6月26日对朱子轩涉嫌非法提供消费者个人信息案立案调查，现已调查终结。" in text
        assert text.index("现已调查终结。") < text.index("《行政处罚告知书》") < text.index("经查，当事人朱子轩")
        assert "依法享有陈述、申辩和要求听证的权利" in text  # ¥10,000 for a natural person: hearing right


def test_the_penalty_decision_names_a_hearing_that_was_held(read_demo_db):
    for text in printed(draft(read_demo_db, PERSON, "penalty_decision", {"hearing_held_on": "2026-08-05"})):
        assert "应当事人的要求，本局于2026年8月5日依法举行了听证。" in text
        assert "未要求听证" not in text and "未提出陈述、申辩意见" not in text


SILENT = "当事人在法定期限内未提出陈述、申辩意见"


def test_a_party_silent_after_a_hearing_was_offered_neither_stated_nor_asked_for_a_hearing(read_demo_db):
    # ¥10,000 for a natural person reaches the hearing threshold (REFERENCE §1.4): the notice offered a hearing
    for text in printed(draft(read_demo_db, PERSON, "penalty_decision")):
        assert f"陈述、申辩和要求听证的权利。{SILENT}，也未要求听证。" in text


def test_a_party_silent_without_a_hearing_right_is_only_said_to_have_made_no_statement(read_demo_db):
    for text in printed(draft(read_demo_db, PERSON, "penalty_decision", {"hearing_required": False})):
        assert f"陈述、申辩的权利。{SILENT}。" in text and "听证" not in text


def test_a_statement_the_officer_writes_replaces_the_default_sentence(read_demo_db):
    statement = "当事人提出其系初次违法，本局予以采纳。"
    for text in printed(draft(read_demo_db, PERSON, "penalty_decision", {"statement": statement})):
        assert f"要求听证的权利。{statement}" in text and SILENT not in text


def test_a_decision_kept_with_the_old_default_statement_now_says_no_hearing_was_asked_for(read_demo_db):
    # versions 1-3 of the form filled the field with the sentence itself, and drafts kept then still hold it
    from workstation.formkit.values import case_context, default_values, resumed_values

    case, form = find_case(read_demo_db, PERSON), find_form("penalty_decision")
    kept = {**default_values(form, case_context(read_demo_db, case)), "statement": f"{SILENT}。"}
    resumed = resumed_values(form, kept, case_context(read_demo_db, case))
    assert resumed["statement"] is None
    for text in printed(draft_document(read_demo_db, case, form, resumed)):
        assert f"陈述、申辩和要求听证的权利。{SILENT}，也未要求听证。" in text


# ---- 3. the punctuation of penalty lists

ITEMS = {"warning": ("警告", True),
         "confiscated_fen": ("没收违法所得¥800.00（人民币捌佰元整）", "800"),
         "confiscated_property": ("没收非法财物：用于群发短信的电脑主机一台", "用于群发短信的电脑主机一台"),
         "fine_fen": ("罚款¥10,000.00（人民币壹万元整）", "10000"),
         "other_penalty": ("责令停业整顿", "责令停业整顿")}
COMBINATIONS = [c for n in range(1, len(ITEMS) + 1) for c in itertools.combinations(ITEMS, n)]
INTRO = {"penalty_decision": "本局责令当事人改正上述违法行为，并决定对当事人作出如下行政处罚：",
         "pre_penalty_notice": "本局拟对你作出如下行政处罚：",  # PERSON, a natural person
         "investigation_report": "建议对当事人作出如下行政处罚："}


#: the decision's order to correct, ticked by default (行政处罚法 art. 28), is a sentence of its own before the
#: penalties (``INTRO``), never one of them: art. 9 lists the penalties and it is none
ORDER = "责令当事人改正上述违法行为"


def expected_items(chosen, first: tuple[str, ...] = ()) -> list[str]:
    texts = [*first, *(ITEMS[name][0] for name in ITEMS if name in chosen)]
    numbered = [f"{i}.{t}" for i, t in enumerate(texts, 1)] if len(texts) > 1 else texts
    return [t + ("。" if i == len(numbered) - 1 else "；") for i, t in enumerate(numbered)]


def penalty_values(chosen) -> dict:
    values = {name: (value if name in chosen else ("" if name != "warning" else False))
              for name, (_text, value) in ITEMS.items()}
    return {**values, "total_fen": ""}


@pytest.fixture(scope="module")
def person_decision():
    """``person_decision(read_demo_db, chosen)``: the PDF's text and the DOCX's paragraphs of PERSON's 行政处罚决定书
    imposing the ``chosen`` penalties, drafted on the shared demo; read back once for the two tests of every
    combination (62 renderings in each format otherwise, for 31 different documents)."""
    made: dict[tuple, tuple[str, list[str]]] = {}

    def printed_decision(db, chosen) -> tuple[str, list[str]]:
        if chosen not in made:
            document = draft(db, PERSON, "penalty_decision", penalty_values(chosen))
            made[chosen] = "".join(pdf_lines(document)), docx_paragraphs(document)
        return made[chosen]

    return printed_decision


@pytest.mark.parametrize("chosen", COMBINATIONS, ids="+".join)
def test_every_combination_of_penalties_is_punctuated_as_a_list(read_demo_db, person_decision, chosen):
    pdf_text, paragraphs = person_decision(read_demo_db, chosen)
    start = next(i for i, p in enumerate(paragraphs) if p.endswith(INTRO["penalty_decision"])) + 1
    # then how to pay when there is money to pay, else straight on to the remedies
    follows = "当事人应自收到" if {"fine_fen", "confiscated_fen"} & set(chosen) else "当事人如不服本处罚决定"
    assert paragraphs[start:start + len(chosen)] == expected_items(chosen)
    assert paragraphs[start + len(chosen)].startswith(follows)
    assert INTRO["penalty_decision"] + "".join(expected_items(chosen)) + follows in pdf_text
    assert pdf_text.count(ORDER) == 1  # in the sentence before the list, not an item of it


@pytest.mark.parametrize("form_id", ["pre_penalty_notice", "investigation_report"])
@pytest.mark.parametrize("chosen", [("confiscated_fen",), ("warning", "confiscated_fen"),
                                    ("warning", "fine_fen", "confiscated_property")], ids="+".join)
def test_the_notice_and_the_report_punctuate_their_penalty_lists_alike(read_demo_db, form_id, chosen):
    document = draft(read_demo_db, PERSON, form_id, penalty_values(chosen))
    for text in printed(document):
        assert INTRO[form_id] + "".join(expected_items(chosen)) in text


@pytest.mark.parametrize("chosen", COMBINATIONS, ids="+".join)
def test_a_decision_of_a_warning_only_is_not_announced_for_publication(read_demo_db, person_decision, chosen):
    # 市场监督管理行政处罚信息公示规定 art. 2: a decision imposing a warning only is not published (REFERENCE §1.9)
    published = any(name != "warning" for name in chosen)
    pdf_text, paragraphs = person_decision(read_demo_db, chosen)
    for text in (pdf_text, "".join(paragraphs)):
        assert ("本决定书将依法通过国家企业信用信息公示系统向社会公示" in text) == published


def test_a_natural_person_is_told_of_publication_and_that_personal_information_is_processed(read_demo_db):
    # 公示规定 arts. 2, 6, 8 (REFERENCE §1.9): a natural person's decision is published too, its personal
    # information processed; a company is told of the publication alone
    for text in printed(draft(read_demo_db, PERSON, "penalty_decision")):
        assert "本决定书将依法通过国家企业信用信息公示系统向社会公示，公示时将依法对当事人的个人信息进行必要的处理。" in text
    for text in printed(draft(read_demo_db, COMPANY, "penalty_decision", {"fine_fen": "100000"})):
        assert "本决定书将依法通过国家企业信用信息公示系统向社会公示。" in text and "个人信息进行必要的处理" not in text


def test_the_publication_sentence_stays_editable_and_emptied_prints_no_empty_paragraph(read_demo_db):
    document = draft(read_demo_db, PERSON, "penalty_decision", {"publication": "本决定书将依法向社会公示。"})
    for text in printed(document):
        assert "本决定书将依法向社会公示。" in text and "必要的处理" not in text
    paragraphs = docx_paragraphs(draft(read_demo_db, PERSON, "penalty_decision", {"publication": ""}))
    closing = next(i for i, p in enumerate(paragraphs) if p.endswith("法律另有规定的除外。"))
    assert "公示" not in "".join(paragraphs)
    assert paragraphs[closing + 1].strip("\u3000") == ""  # the blank lines above the seal, no empty paragraph


def test_a_typed_item_ending_with_its_own_punctuation_is_not_punctuated_twice(read_demo_db):
    values = {**penalty_values(("warning", "other_penalty")), "other_penalty": "责令停业整顿。"}
    for text in printed(draft(read_demo_db, PERSON, "penalty_decision", values)):
        assert "如下行政处罚：1.警告；2.责令停业整顿。当事人如不服本处罚决定" in text


# ---- 4. the hearing time

def test_the_hearing_time_is_printed_when_the_date_is_left_to_fill_in(read_demo_db):
    document = draft(read_demo_db, PERSON, "hearing_notice", {"hearing_time": "下午2时30分"})
    for text in printed(document):
        assert "一、听证时间：＿＿＿＿年＿＿月＿＿日下午2时30分。" in text


def test_a_hearing_date_without_an_hour_leaves_the_hour_to_fill_in(read_demo_db):
    # a fortnight after the day the test runs: a hearing is never before its notice, which is dated today
    hearing = beijing_today() + dt.timedelta(days=14)
    document = draft(read_demo_db, PERSON, "hearing_notice", {"hearing_date": hearing.isoformat(), "hearing_time": ""})
    for text in printed(document):
        assert f"一、听证时间：{chinese_date(hearing)}＿＿时＿＿分。" in text


# ---- 5. the 决定书文号 of the archive forms

@pytest.mark.parametrize("form_id", ["closing_approval", "file_cover"])
def test_the_archive_forms_print_the_number_of_the_decision_in_force(demo_db, data_dir, form_id):
    case = find_case(demo_db, COMPANY)

    def number_printed() -> list[str]:
        return [text.replace(" ", "") for text in printed(draft_document(demo_db, case, find_form(form_id)))]

    voided = issue_document(demo_db, data_dir, case, find_form("penalty_decision"))
    void_document(demo_db, voided.id, "文书有误")
    assert all(voided.number not in text for text in number_printed())
    first = issue_document(demo_db, data_dir, case, find_form("penalty_decision"))
    issue_document(demo_db, data_dir, case, find_form("rectification_order"))  # a later document, not a decision
    assert all(f"决定书文号{first.number}" in text for text in number_printed())
    second = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), supersedes=first.id)
    assert all(second.number in text and first.number not in text for text in number_printed())


def test_a_no_penalty_decision_gives_the_archive_forms_its_number(demo_db, data_dir):
    from workstation.procedure import apply

    # COMPANY's case records a fine performed, which a 不予行政处罚决定书 contradicts: a case under review may take it
    case = find_case(demo_db, "佛南市监立〔2026〕9号")
    for step in ("conclude_investigation", "submit_review"):
        case = apply(demo_db, case.id, step)
    issued = issue_document(demo_db, data_dir, case, find_form("no_penalty_decision"),
                            {"ground": "首违不罚", "decided_on": beijing_today().isoformat()})
    for text in printed(draft_document(demo_db, case, find_form("closing_approval"))):
        assert f"决定书文号{issued.number}" in text.replace(" ", "")


def test_the_decision_number_is_a_default_the_officer_may_replace(demo_db, data_dir):
    case = find_case(demo_db, COMPANY)
    issue_document(demo_db, data_dir, case, find_form("penalty_decision"))
    document = draft_document(demo_db, case, find_form("file_cover"), {"decision_number": "佛南市监处〔2025〕9号"})
    for text in printed(document):
        assert "佛南市监处〔2025〕9号" in text and "佛南市监处〔2026〕1号" not in text


# ---- 6. the 送达回证

def test_the_delivery_receipt_asks_the_proxy_for_the_relation_and_ends_with_the_seal_and_date(read_demo_db):
    document = draft(read_demo_db, PERSON, "delivery_receipt", {"served_document": "行政处罚决定书"})
    rendered = pdf_of(document)
    pdf, word = printed(document)
    for text in (pdf, word):
        assert "代收人及与受送达人关系代收人签名：" in text.replace(" ", "")
        assert "代收理由" not in text
        assert text.endswith("佛山市南海区市场监督管理局（印章）　　　　年　　月　　日")
    assert rendered.pages == 1


# ---- 7. the 约谈记录's header

def test_the_interview_record_is_headed_by_the_agency_like_the_other_interview_documents(read_demo_db):
    for form_id, interview_id in (("interview_notice", ASSOCIATION_INTERVIEW),
                                  ("interview_record", ASSOCIATION_INTERVIEW), ("interview_minutes", OPERATORS)):
        interview = get_interview(read_demo_db, interview_id)
        document = draft_interview_document(read_demo_db, interview, find_form(form_id))
        agency = interview_context(read_demo_db, interview)["agency.name"]
        lines = pdf_lines(document)
        assert lines[:2] == [agency, find_form(form_id).title]
        assert docx_paragraphs(document)[:2] == lines[:2]


# ---- the report title and the 询问时间 row

def test_the_report_title_turns_to_its_second_line_between_words(demo_db):
    from workstation.reports import report_data
    from workstation.reports.document import report_document

    data = report_data(demo_db)
    lines = pdf_lines(report_document(data, with_charts=False))
    assert lines[:2] == ["关于打击侵害消费者个人信息违法行为", "专项行动工作进展情况的通报"]
    assert data["title"] == "".join(lines[:2])  # the title stored and shown elsewhere is one line


TIMES = [("2026-11-30 14:49", ""), ("2026-03-10 09:30", "2026-03-10 11:45"), ("2026-03-05 08:00", ""),
         ("2026-11-30 23:05", "2026-12-01 00:40"), ("2026-10-10 10:10", "2026-10-10 10:11")]  # none still to come


@pytest.mark.parametrize("start, end", TIMES)
def test_the_inquiry_time_row_never_leaves_a_character_alone_on_a_line(read_demo_db, start, end):
    document = draft(read_demo_db, COMPANY, "inquiry_record", {"time_from": start, "time_to": end})
    lines = pdf_lines(document)
    row = lines[lines.index("询问时间") + 1:lines.index("询问地点")]
    blank = "　　　　年　　月　　日　　时　　分"
    assert all(len(line.strip(" 　")) > 1 for line in row)
    assert row == [chinese_datetime(start), f"至 {chinese_datetime(end) or blank}"]
