"""The 调查经过 of the 案件调查终结报告 (source ``investigation.course``), told from what the case recorded rather than
from a form's boilerplate: each record issued in the case (现场笔录, 询问笔录, 电子数据证据提取笔录, 证据提取单, 抽样记录;
none voided or corrected) on the day it was made, the items of its evidence register by the day they were collected,
and the 先行登记保存 and 查封/扣押 measures with their release, in the order of their days — a proposed text the officer
edits. A case that recorded none of them gives nothing: the report prints a ruled line to write the course on, never
steps that did not take place."""

from __future__ import annotations

import json

from workstation.db import Database
from workstation.records import Case

#: the measures told, with the field of each document's values holding its day
MEASURE_FORMS = {"preservation_notice": "preserved_on", "preservation_release": "released_on",
                 "compulsory_measure_decision": "decided_on", "compulsory_measure_release": "released_on"}
#: the evidence items a step names before saying 等N项
NAMED_ITEMS = 3
#: how the premises inspected are called when a 现场笔录 gives no place, by the party's kind
PREMISES = {"association": "当事人办公场所", "person": "有关场所"}


def _record_day(form_id: str, values: dict, issued_on: str) -> str:
    """The day a record was made: its 检查（询问、提取、抽样）时间, a 证据提取单's 提取日期, else the day it was issued."""
    from workstation.formkit.values import recorded_day

    day = values.get("extracted_on") if form_id == "evidence_extraction" else values.get("time_from")
    return recorded_day(day) or str(issued_on)[:10]


def _questioned(values: dict) -> str:
    """Whom a 询问笔录 questioned: 当事人朱子轩, 当事人的法定代表人曾俊杰, 证人李某 …"""
    name, relation = str(values.get("interviewee") or "").strip(), str(values.get("relation") or "").strip()
    if relation == "当事人":
        return f"当事人{name}"
    if relation == "证人":
        return f"证人{name}" if name else "有关证人"
    if relation:
        return f"当事人的{relation}{name}"
    return name or "当事人的有关人员"


def _record_step(form_id: str, values: dict, party_kind: str | None) -> str:
    if form_id == "site_record":
        place = str(values.get("place") or "").strip() or PREMISES.get(party_kind or "", "当事人经营场所")
        return f"对{place}进行了现场检查，制作了现场笔录"
    if form_id == "inquiry_record":
        return f"询问了{_questioned(values)}，制作了询问笔录"
    if form_id == "electronic_evidence_record":
        return "提取了电子数据，制作了电子数据证据提取笔录"
    if form_id == "evidence_extraction":
        return "提取了相关证据，制作了证据提取单"
    return "进行了抽样取证，制作了抽样记录"


def _measure_step(form_id: str, number: str, values: dict) -> str:
    said = f"（{number}）" if number else ""
    if form_id == "preservation_notice":
        return f"对有关证据采取了先行登记保存措施{said}"
    if form_id == "preservation_release":
        return f"解除了先行登记保存措施{said}"
    measure = str(values.get("measure") or "查封、扣押")
    if form_id == "compulsory_measure_decision":
        objects = str(values.get("objects") or "").strip()
        return f"对当事人的{objects}实施了{measure}措施{said}" if objects else f"实施了{measure}措施{said}"
    return f"解除了{measure}措施{said}"


def _evidence_steps(db: Database, case: Case) -> list[tuple[str, str]]:
    """(day, step) of the evidence register, one step per day of collection (items with none last), each item by
    what the officer described it as (``store.evidence.document_name``); items named alike one name counting them
    in the measure word of their kind, as the evidence list counts them (``formkit.proof.counted_items``: 客户名单2份,
    照片600张)."""
    from workstation.formkit.proof import counted_items
    from workstation.store.evidence import document_name, list_evidence

    by_day: dict[str, dict[tuple[str, str], int]] = {}  # of each day, the items named alike: how many
    for item in list_evidence(db, case.id):
        if item.void_reason:  # voided as registered by mistake: not a step of the investigation
            continue
        alike = by_day.setdefault(str(item.collected_on or "")[:10], {})
        name = document_name(item, served=False)
        alike[name, item.kind] = alike.get((name, item.kind), 0) + 1
    steps = []
    for day, alike in by_day.items():
        names = [counted_items(name, name, kind, n) for (name, kind), n in alike.items()]
        items = sum(alike.values())
        named = "、".join(names[:NAMED_ITEMS])
        if len(names) == 1:
            steps.append((day, f"收集了{named}并登记为证据"))
            continue
        more = f"等{items}项" if len(names) > NAMED_ITEMS else f"共{items}项"
        steps.append((day, f"收集了{named}{more}证据材料并登记"))
    return steps


def investigation_course(db: Database, case: Case, party_kind: str | None = None) -> str:
    """立案后，办案人员依法开展调查：2026年3月5日，对…进行了现场检查，制作了现场笔录；…。调查取证工作已经完成。 — the
    steps the case recorded in the order of their days (a step of no known day last); "" when it recorded none. The
    steps of days before the case was filed were taken checking its lead (核查, before 立案) and are told so, first:
    立案前，办案人员对案件线索进行了核查：2026年2月25日，收集了…；立案后，办案人员依法开展调查：…"""
    from workstation.formkit.proof import RECORD_FORMS
    from workstation.money import chinese_date

    forms = (*RECORD_FORMS, *MEASURE_FORMS)
    rows = db.execute(
        f"SELECT d.form_id, COALESCE(d.number, ''), d.values_json, d.issued_at FROM documents d WHERE d.case_id = ? "
        f"AND d.status = 'issued' AND d.form_id IN ({', '.join('?' * len(forms))}) AND NOT EXISTS (SELECT 1 FROM "
        f"documents s WHERE s.supersedes_id = d.id AND s.status = 'issued') ORDER BY d.issued_at, d.rowid",
        [case.id, *forms]).fetchall()
    steps: list[tuple[str, str]] = []
    for form_id, number, values_json, issued_at in rows:
        values = json.loads(values_json or "{}")
        if form_id in MEASURE_FORMS:
            day = str(values.get(MEASURE_FORMS[form_id]) or issued_at or "")[:10]
            steps.append((day, _measure_step(form_id, number, values)))
        else:
            steps.append((_record_day(form_id, values, str(issued_at or "")), _record_step(form_id, values,
                                                                                         party_kind)))
    steps += _evidence_steps(db, case)
    if not steps:
        return ""
    ordered = sorted(steps, key=lambda step: (not step[0], step[0]))  # stable: the same day keeps issued order
    filed = str(case.filed_on or "")[:10]
    checked = [step for step in ordered if filed and step[0] and step[0] < filed]  # before filing: 核查
    investigated = [step for step in ordered if step not in checked]
    parts = []
    if checked:
        parts.append(f"立案前，办案人员对案件线索进行了核查：{_told(checked, chinese_date)}")
    if investigated:
        parts.append(f"立案后，办案人员依法开展调查：{_told(investigated, chinese_date)}")
    return f"{'；'.join(parts)}。调查取证工作已经完成。"


def _told(steps: list[tuple[str, str]], chinese_date) -> str:
    return "；".join(f"{chinese_date(day)}，{step}" if day else step for day, step in steps)
