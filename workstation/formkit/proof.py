"""The evidence a 行政处罚告知书 or 行政处罚决定书 lists under 上述事实，有下列证据证明 (source ``evidence.proof``), built
from the case rather than from a form's boilerplate: the party's business licence copy (a company or an individual
business) when the case's evidence register holds one (``licence_copy``: an item the officer described or named as
营业执照…), the records issued in the case (询问笔录, 现场笔录, 电子数据证据提取笔录 …, by title and date; none voided or
corrected), then the other items of its evidence register, numbered. Only what was collected is listed, nothing a form
merely expects: a case whose register holds no licence copy lists none. A case with no
record issued and nothing in its register gives nothing: the officer writes the evidence. The 案件调查终结报告 lists the
same items with what each proves (``evidence.proof_stated``: 1.当事人营业执照复印件，证明当事人的主体资格；…), as its
section 相关证据及证明事项 asks; an item of the register says what it proves only when its records were counted."""

from __future__ import annotations

import json

from workstation.db import Database
from workstation.records import Case

#: the records that prove facts, in the order a list names them when issued the same day (issued order first)
RECORD_FORMS = ("inquiry_record", "site_record", "electronic_evidence_record", "evidence_extraction",
                "sampling_record")
#: the party kinds whose licence copy is listed first, when the case's register holds one (``licence_copy``)
LICENSED_KINDS = {"company": "当事人营业执照复印件", "individual_business": "当事人营业执照复印件"}
#: what an item of the register is named by (its description, else its file name) when it is the licence copy: the
#: register keeps no kind of its own for it (``[evidence_kinds]``: a scan is 书证, a photo 照片 …)
LICENCE_WORD = "营业执照"
#: what each listed item proves, for the lists that say so (``evidence.proof_stated``): the licence, then each record
PROVES_LICENCE = "证明当事人的主体资格"
PROVES = {"inquiry_record": "证明当事人的违法事实", "site_record": "证明现场检查情况",
          "electronic_evidence_record": "证明电子数据的来源、提取过程及其内容",
          "evidence_extraction": "证明所提取证据的来源和内容", "sampling_record": "证明抽样取证情况"}


def issued_records(db: Database, case: Case, proves: bool = False) -> list[str]:
    """题名（date）of each record of ``RECORD_FORMS`` issued in the case, in the order issued: neither voided nor
    replaced by a correction; its date the one it bears (``values.document_date``). With ``proves``, each followed by
    what it proves (``PROVES``): 询问笔录（2026年3月2日），证明当事人的违法事实."""
    from workstation.formkit.spec import load_forms
    from workstation.formkit.values import document_date
    from workstation.money import chinese_date

    marks = ", ".join("?" * len(RECORD_FORMS))
    rows = db.execute(
        f"SELECT d.form_id, d.title, COALESCE(d.number, ''), d.values_json, d.issued_at FROM documents d "
        f"WHERE d.case_id = ? AND d.status = 'issued' AND d.form_id IN ({marks}) AND NOT EXISTS (SELECT 1 FROM "
        f"documents s WHERE s.supersedes_id = d.id AND s.status = 'issued') ORDER BY d.issued_at, d.rowid",
        [case.id, *RECORD_FORMS]).fetchall()
    forms = load_forms()[0] if rows else {}
    out = []
    for form_id, title, number, values_json, issued_at in rows:
        on = document_date(forms.get(form_id), json.loads(values_json or "{}"), str(issued_at)[:10])
        said = "，".join(part for part in (number, chinese_date(on) if on else "") if part)
        named = f"{title}（{said}）" if said else title
        out.append(f"{named}，{PROVES[form_id]}" if proves else named)
    return out


def licence_copy(item) -> bool:
    """Whether the evidence register's ``item`` is the party's business licence copy: its description, or the name
    of its file, names the 营业执照 (营业执照复印件.pdf, 营业执照副本照片 …)."""
    return LICENCE_WORD in (item.description or "") or LICENCE_WORD in (item.file_name or "")


def evidence_proof(db: Database, case: Case, party_kind: str | None, proves: bool = False,
                   register: list | None = None) -> str:
    """The numbered evidence list of the case (``evidence.proof``): 1.当事人营业执照复印件；2.询问笔录（2026年3月2日）；…
    3.当事人外呼平台导出的客户名单（电子数据，当事人办公电脑，…）。 — the licence copy only when the register holds one
    (``licence_copy``; a company's or an individual business's), each other item by what the officer described it
    as, never by its file name on a document served on the party (``store.evidence.document_text``); "" when the
    case issued no record and its register is empty.
    With ``proves`` (``evidence.proof_stated``), the licence and each record say what they prove, and so does an
    item of the register whose records were counted (证明涉及消费者个人信息1,200条). A voided item is left out.
    Items the list would name alike (600 photos of one day, undescribed) are one line counting them in the measure
    word of their kind (``store.evidence.measure_word``, as the 卷内备考表 counts them): 照片600张（2026年12月1日）;
    an item whose records were counted is listed on its own.
    ``register``: the case's evidence register (``list_evidence``) when the caller read it already."""
    from workstation.store.evidence import document_name, document_text, list_evidence, states_proof

    licence = LICENSED_KINDS.get(party_kind or "")
    registered: dict[object, list] = {}  # the line of an item, or of items named alike: [its text, name, kind, count]
    licence_held = False
    for item in list_evidence(db, case.id) if register is None else register:
        if item.void_reason:  # voided as registered by mistake: proves nothing
            continue
        if licence and licence_copy(item):  # listed first, as 当事人营业执照复印件, not again among the others
            licence_held = True
            continue
        named = document_text(item, served=not proves)
        if proves and item.record_count is not None:  # its own records: listed on its own
            records = f"涉及消费者个人信息{item.record_count:,}条"
            registered[item.id] = [named + (f"，{records}" if states_proof(item) else f"，证明{records}"), "", "", 1]
            continue
        line = registered.setdefault((named, item.kind), [named, document_name(item, served=not proves), item.kind, 0])
        line[3] += 1
    found = issued_records(db, case, proves) + [counted_items(*line) for line in registered.values()]
    if licence_held:
        found.insert(0, f"{licence}，{PROVES_LICENCE}" if proves else licence)
    return "\n".join(f"{n}.{item}{'。' if n == len(found) else '；'}" for n, item in enumerate(found, 1))


def counted_items(text: str, name: str, kind: str, count: int) -> str:
    """The line of ``count`` items listed alike as ``text`` (their ``name`` first, of ``kind``): the text itself for
    one item; for several, their number in the measure word of their kind in place of the name's 一份
    (照片一份（…） → 照片600张（…）), else after the name (当事人门店照片3张（…）)."""
    from workstation.store.evidence import measure_word

    if count == 1:
        return text
    number = f"{count:,}{measure_word(kind)}"
    said = name.removesuffix("一份") + number if name.endswith("一份") else name + number
    return said + text[len(name):]
