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
LAWS = ("行政处罚法", "行政强制法", "刑法", "市场监督管理行政处罚信息公示规定")
# a term glossed in Chinese beside its English (a named report, 实名举报; jurisdiction designated, 指定管辖), the short
# name of the 行政处罚案件有关事项审批表, and bureaus' names (the demo's bureau a lead is assigned to, the cases' bureau
# and the city bureau above it, named by the 指定管辖通知书's refusal)
TERMS = ("实名举报", "指定管辖", "有关事项审批表", "佛山市禅城区市场监督管理局", "佛山市南海区市场监督管理局",
         "佛山市市场监督管理局")


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
    allowed |= {*DOCUMENT_NAMES, *LAWS, *TERMS, PARTY}
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


def collected_elsewhere(db, make_case) -> list[tuple[str, str, object]]:
    """(where, text, case) of the English messages beyond the procedure's: a case's timeline, what a clock event
    of every kind is called there and why it is refused, the lead's state and refusals, what counting evidence
    refuses and how the merge preview names a case's steps and events. ``db`` holds the demo's leads."""
    from workstation.bundle import merge
    from workstation.evidence_count import StatedCount, closed_refusal
    from workstation.leads_workflow import (
        LEAD_FORMS,
        assign_lead,
        decide_lead,
        get_lead_row,
        lead_form_refusal,
        lead_state_label,
        reporter_refusal,
    )
    from workstation.records import ClockEvent
    from workstation.store import agency_by_code
    from workstation.store.cases import case_timeline
    from workstation.store.clock_events import clock_event_errors, describe, kind_refusal, record_clock_event

    said: list[tuple[str, str, object]] = []
    kinds = label_groups()["clock_events"]
    sent = make_case(status="transferred_police", filed_on="2026-02-20")  # imported so: no transfer step to follow
    record_clock_event(db, ClockEvent(case_id=sent.id, kind="police_refused", starts_on="2026-03-02"))
    procedure.apply(db, sent.id, "resume_after_police", on_date="2026-03-03", reason="公安机关不予立案")
    for status in ("investigating", "penalty_decided", "served"):
        case = make_case(status=status, filed_on="2026-02-20")
        for kind in kinds:
            said += [(f"kind {status} {kind}", text, case) for text in [kind_refusal(db, case, kind)] if text]
            event = ClockEvent(case_id=case.id, kind=kind, starts_on="2026-03-02", ends_on="2026-03-01")
            said += [(f"event {status} {kind} {field}", text, case)
                     for field, text in clock_event_errors(db, event, case).items()]
            for ends_on in (None, "2026-03-05"):
                event = ClockEvent(case_id=case.id, kind=kind, starts_on="2026-03-02", ends_on=ends_on,
                                   clock="T2" if kind == "extension" else "", days=30)
                said.append((f"describe {kind}", describe(event, db), case))
    sent = get_case(db, sent.id)
    said += [(f"timeline {entry.kind}", entry.text, sent) for entry in case_timeline(db, sent)]
    for status in label_groups()["lead_statuses"]:
        lead_id = db.execute("SELECT id FROM leads WHERE status = ? ORDER BY id LIMIT 1", [status]).fetchone()
        if lead_id is None:
            continue
        lead = get_lead_row(db, lead_id[0])
        said += [(f"lead {status}", text, None) for text in (lead_state_label(lead), reporter_refusal(lead)) if text]
        said += [(f"lead {status} {form}", why, None) for form in LEAD_FORMS
                 for why in [lead_form_refusal(db, lead, form)] if why]
        for act, more in ((assign_lead, (agency_by_code(db, "440604").id,)), (decide_lead, ("not_file",))):
            try:
                with db.atomic():
                    act(db, lead["id"], *more, **({"reason": "理由"} if act is decide_lead else {}))
                    raise LookupError  # undo what went through: only the refusals are wanted
            except LookupError:
                pass
            except WorkstationError as refused:
                said.append((f"lead {status} act", str(refused), None))
    closed = make_case(status="closed", filed_on="2026-02-20")
    said.append(("evidence closed", closed_refusal(closed), closed))
    said.append(("evidence stated", str(StatedCount({"sensitive": (5, 0, 7)})), None))
    for transition in procedure.TRANSITIONS:
        row = {"kind": "transition", "from_status": transition.sources[0] if transition.sources else "",
               "to_status": transition.target, "on_date": "2026-03-02"}
        said.append((f"merge {transition.name}", merge._label("case_events", row), None))
    said += [(f"merge {kind}", merge._label("clock_events", {"kind": kind, "starts_on": "2026-03-02"}), None)
             for kind in kinds]
    return said


def test_in_english_the_timeline_clock_events_leads_and_merge_name_things_in_english(demo_db, make_case, english):
    said = collected_elsewhere(demo_db, make_case)
    wheres = {where.split()[0] for where, _text, _case in said}
    assert {"kind", "event", "describe", "timeline", "lead", "evidence", "merge"} <= wheres  # every kind was met
    foreign = [(where, text) for where, text, case in said if foreign_chinese(text, case)]
    assert foreign == []
    texts = [text for _where, text, _case in said]
    assert "2026-03-02 Police notice of refusal to open a case received" in texts  # on the timeline
    assert "Transferred to the police → Under investigation" in texts
    assert any(t.startswith("No “Transfer to the police” is recorded in this case") for t in texts)
    assert "Police declined to open a case (notice of refusal received) 2026-03-02" in texts  # in the merge preview
    assert any(t.startswith("Case ") and "is “Closed”: its record counts stay" in t for t in texts)  # evidence
    assert any("records of “Lodging, communication records, health and transaction information”" in t for t in texts)
    assert any(t.startswith("This lead was already decided (") for t in texts)


def test_in_chinese_the_timeline_clock_events_leads_and_merge_read_as_before(demo_db, make_case):
    from workstation.bundle import merge
    from workstation.leads_workflow import lead_state_label
    from workstation.records import ClockEvent
    from workstation.store.cases import case_timeline
    from workstation.store.clock_events import clock_event_errors, record_clock_event

    sent = make_case(status="transferred_police", filed_on="2026-02-20")
    record_clock_event(demo_db, ClockEvent(case_id=sent.id, kind="police_refused", starts_on="2026-03-02"))
    texts = [entry.text for entry in case_timeline(demo_db, get_case(demo_db, sent.id))]
    assert "收到不予立案通知书" in texts
    case = make_case(status="investigating", filed_on="2026-02-20")
    errors = clock_event_errors(demo_db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-03-02"),
                                case)
    assert "“移送公安机关”" in errors["kind"] and "“公安机关立案”" in errors["kind"]  # the step refused, whatever its day
    assert lead_state_label({"status": "not_filed", "case_id": None}) == "不予立案"
    assert merge._label("clock_events", {"kind": "police_refused", "starts_on": "2026-03-02"}) == \
        "公安机关不予立案（收到不予立案通知书） 2026-03-02"
