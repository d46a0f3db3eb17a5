"""In English (WORKSTATION_LANG=en) the core's messages name the vocabulary's things — clock events, party kinds, lead
states, the case's status and procedure actions — by their English labels (resources/reference/vocabulary_en.toml),
not the Chinese ones of vocabulary.toml: the procedure's refusals for every status and action, the documents' stage
refusals, the case editor's step-date errors, and what voiding a decision leaves. Chinese
stays where it names a thing by its Chinese proper name: a document's title or field, a party, a case number, a law.
In Chinese the messages read as before."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace

import pytest

from workstation import procedure
from workstation.documents import issuing
from workstation.documents.stage_rules import stage_refusal, state_refusal
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.spec import load_forms
from workstation.paths import resource
from workstation.store import get_case, update_case
from workstation.vocabulary import english_labels, shown_label

CJK = re.compile(r"[\u3400-\u9fff]+")
PARTY = "佛山市南海区誉嘉房地产代理有限公司"  # the party of the make_case fixture
# the documents named by their Chinese short names (the police's, or a form's shorter title), and the laws
DOCUMENT_NAMES = ("调查终结报告", "立案通知书", "不予立案通知书", "催告书", "听证通知书", "听证笔录", "听证报告",
                  "行政处罚告知书", "行政处罚决定书", "不予行政处罚决定书", "当场行政处罚决定书", "文号")
LAWS = ("行政处罚法", "行政强制法", "刑法")


def label_groups() -> dict[str, dict[str, str]]:
    """The groups of vocabulary.toml whose values are labels (not lists such as the evidence file endings)."""
    with resource("reference", "vocabulary.toml").open("rb") as fh:
        groups = tomllib.load(fh)
    return {name: table for name, table in groups.items() if all(isinstance(v, str) for v in table.values())}


def foreign_chinese(text: str, case=None) -> list[str]:
    """The Chinese of ``text`` that is none of the allowed kinds: document titles and field labels, the party's
    name, the case number, laws and anything quoted in 《》."""
    forms = load_forms()[0].values()
    allowed = {f.title for f in forms} | {field.label for f in forms for field in f.fields if field.label}
    allowed |= {*DOCUMENT_NAMES, *LAWS, PARTY}
    if case is not None and case.case_number:
        allowed.add(case.case_number)
    rest = re.sub(r"《[^》]*》", "", str(text))
    for name in sorted(allowed, key=len, reverse=True):
        rest = rest.replace(name, "")
    return CJK.findall(rest)


def collected(db, make_case) -> list[tuple[str, str, object]]:
    """(where, text, case) of the English messages of a representative set of cases."""
    said: list[tuple[str, str, object]] = []
    for status in label_groups()["statuses"]:  # every status, and every action in it (refused as not offered too)
        unfiled = status in ("pending_filing", "not_filed")
        case = make_case(status=status, filed_on=None if unfiled else "2026-02-20")
        for transition, why in procedure.available(db, case):
            if why:
                said.append((f"available {status} {transition.name}", why, case))
        for transition in procedure.TRANSITIONS:
            try:
                with db.atomic():
                    procedure.apply(db, case.id, transition.name, on_date="2026-03-02", reason="理由")
                    raise LookupError  # undo an action that went through: only the refusals are wanted
            except LookupError:
                pass
            except WorkstationError as refused:
                said.append((f"apply {status} {transition.name}", str(refused), case))
    for status in ("investigating", "penalty_decided", "closed"):
        case = make_case(status=status, filed_on="2026-02-20")
        for form_id in load_forms()[0]:
            for why in (state_refusal(db, case, form_id), stage_refusal(db, case, form_id, {}),
                        procedure.issue_refusal(db, case, form_id)):
                if why:
                    said.append((f"document {status} {form_id}", why, case))
        said += [(f"void {status}", text, case) for text in issuing._case_after_void(case)]
    case = make_case(status="investigating", filed_on="2026-02-20")
    for field in ("decided_on", "served_on", "closed_on"):
        with pytest.raises(ValidationError) as refused:
            update_case(db, replace(get_case(db, case.id), **{field: "2026-02-25"}))
        said += [(f"store {field}", text, case) for text in refused.value.errors.values()]
    return said


def test_every_label_table_has_its_english_twin():
    english = english_labels()
    for group, table in label_groups().items():
        assert group in english, group
        assert set(table) <= set(english[group]), (group, set(table) - set(english[group]))
        assert not [v for v in english[group].values() if CJK.search(v)], group


def test_in_english_every_label_reads_english(english):
    chinese = [(group, key, shown_label(group, key)) for group, table in label_groups().items() for key in table
               if CJK.search(shown_label(group, key))]
    assert chinese == []
    assert shown_label("clock_events", "police_refused") == "Police declined to open a case (notice of refusal received)"
    assert shown_label("party_kinds", "individual_business") == "Individual business"


def test_in_english_the_messages_name_things_in_english(db, make_case, english):
    said = collected(db, make_case)
    assert len(said) > 100  # the set is representative: refusals of every kind were met
    foreign = [(where, text) for where, text, case in said if foreign_chinese(text, case)]
    assert foreign == []
    texts = [text for _where, text, _case in said]
    assert any("“Police declined to open a case (notice of refusal received)”" in t for t in texts)
    assert any("A filed case ends with “Terminate the investigation” or its decision." in t for t in texts)
    assert any("has not taken this step yet" in t and "“Under investigation”" in t and "“Close the case”" in t
               for t in texts)
    assert any("“Penalty decided”" in t and "“Serve the penalty decision” is refused" in t for t in texts)


def test_the_check_finds_chinese_labels_outside_the_allowed_kinds(db, make_case):
    case = make_case(status="investigating", filed_on="2026-02-20")
    assert foreign_chinese("The case is “立案调查”: issue the 行政处罚决定书 to 佛山市南海区誉嘉房地产代理有限公司.",
                           case) == ["立案调查"]
    assert foreign_chinese("Issue the 催告书 (行政强制法 art. 54) quoting 《中华人民共和国个人信息保护法》.", case) == []


def test_in_chinese_the_messages_read_as_before(db, make_case):
    case = make_case(status="investigating", filed_on="2026-02-20")
    with pytest.raises(ValidationError) as refused:
        update_case(db, replace(get_case(db, case.id), closed_on="2026-02-25"))
    assert "“立案调查”" in refused.value.errors["closed_on"] and "“结案”" in refused.value.errors["closed_on"]
    assert state_refusal(db, case, "non_filing_approval") == (
        "本案已立案（2026-02-20）：不予立案审批表只用于线索或者待立案的案件。已立案的案件应当以“终止调查”或者作出处理决定结束。")
    sent = make_case(status="transferred_police", filed_on="2026-02-20")
    why = dict((t.name, w) for t, w in procedure.available(db, sent))["resume_after_police"]
    assert "“公安机关不予立案（收到不予立案通知书）”" in why
    assert issuing._case_after_void(make_case(status="served", filed_on="2026-02-20")) == [
        "案件仍为“已送达”：请重新签发更正后的行政处罚决定书，签发前不能“履行完毕”。"]
