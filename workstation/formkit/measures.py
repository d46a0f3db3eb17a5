"""Sources of the documents that end an evidence preservation or a compulsory measure: the 解除先行登记保存证据
通知书 names the 先行登记保存证据通知书 it ends, and the 解除行政强制措施决定书 and the 场所/设施/财物清单 the
实施行政强制措施决定书 they belong to. Each is drawn from the last such document issued in the case (to the party
the document is written for, ``addressee.party_condition``), neither voided nor superseded — or from the one whose
文号 was typed (``measures_context``'s ``numbers``): its 文号, its date, the items it listed and, for the decision,
the measure (查封 or 扣押) and what it was applied to. ``item_rows`` reads the items of such a document or of its
release, as ``stage_rules`` compares them (name and specification, and quantities that are plain numbers)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from workstation.db import Database
from workstation.errors import join_sentences
from workstation.i18n import N_, _
from workstation.records import Case
from workstation.validators import written_day

#: (form, {source: the field of that form's values it takes, None for the document's 文号})
ISSUED_SOURCES = (
    ("preservation_notice", {"documents.preservation_number": None, "documents.preserved_on": "preserved_on",
                             "documents.preservation_items": "items"}),
    ("compulsory_measure_decision", {"documents.measure_number": None, "documents.measure_decided_on": "decided_on",
                                     "documents.measure": "measure", "documents.measure_objects": "objects",
                                     "documents.measure_items": "items", "documents.measure_until": "period_until"}),
)
#: the days a seal-up or seizure lasts when its decision gives no end date (行政强制法 art. 25: thirty days)
MEASURE_DAYS = 30

#: what to tell the officer when a document to be named has not been issued here (values.MISSING)
MISSING = {
    "documents.preservation_number": N_("No 先行登记保存证据通知书 has been issued in this case yet: issue it first, "
                                        "or type the 文号 of the notice given on paper."),
    "documents.measure_number": N_("No 实施行政强制措施决定书 has been issued in this case yet: issue it first, or "
                                   "type the 文号 of the decision given on paper."),
}


def measures_context(db: Database, case: Case, party_id: str | None = None,
                     numbers: dict[str, object] | None = None) -> dict[str, object]:
    """``documents.preservation_number`` / ``documents.preserved_on`` / ``documents.preservation_items`` and
    ``documents.measure_number`` / ``documents.measure_decided_on`` / ``documents.measure`` /
    ``documents.measure_objects`` / ``documents.measure_items`` / ``documents.measure_until``: those of the case's
    last issued 先行登记保存证据通知书 and 实施行政强制措施决定书 in force (of the party ``party_id`` in a case with several); None without one.
    ``numbers`` ({``documents.preservation_number`` or ``documents.measure_number``: the 文号 the officer typed}) draws
    them from the document of that 文号 instead (``named_document``), an earlier one too: a release names the
    document it ends, and takes that one's date and items, not the last one's; a 文号 of no document in force here
    (one given on paper) leaves the rest None, to be typed. Its items are those it still holds (``held_items``: the
    transfer of the goods, a further release take what was not given back), None once all were released.
    The measure's end (``documents.measure_until``) is ``measure_end``'s: the decision's 期限届满日期, else thirty days
    after its date, past the days of testing recorded (of the goods of the party the decision names, or of the case).
    ``documents.items_disposal`` (without ``numbers``) is the case's ``items_disposal``, for the 结案审批表."""
    from workstation.documents.addressee import party_condition

    of_party, params = party_condition(db, case, party_id, "d")
    context: dict[str, object] = {}
    measure_party = None
    for form_id, sources in ISSUED_SOURCES:
        typed = str((numbers or {}).get(number_source(form_id)) or "").strip()
        if typed:
            document = named_document(db, case, form_id, typed)
            row = (document.number, json.dumps(document.values)) if document else (typed, None)
        else:
            row = db.execute(
                f"SELECT number, values_json FROM documents d WHERE case_id = ? AND status = 'issued' AND form_id = ?"
                f"{of_party} AND NOT EXISTS (SELECT 1 FROM documents s WHERE s.supersedes_id = d.id "
                f"AND s.status = 'issued') ORDER BY issued_at DESC, rowid DESC LIMIT 1",
                [case.id, form_id, *params]).fetchone()
            document = named_document(db, case, form_id, row[0]) if row and row[1] else None
        values = json.loads(row[1] or "{}") if row else {}
        for source, field in sources.items():
            value = (row[0] if field is None else values.get(field)) if row else None
            context[source] = value if value not in ("", []) else None
        if document is not None:  # what it still holds, its releases' items left out
            items = next(source for source, field in sources.items() if field == "items")
            context[items] = held_items(db, case, document) or None
        if form_id == "compulsory_measure_decision":
            measure_party = measure_party_of(values)
    if numbers is None:  # the 结案审批表's 涉案物品处理: the whole case's measures, whichever document is named
        context["documents.items_disposal"] = items_disposal(db, case) or None
    if context["documents.measure_decided_on"]:
        end = measure_end(db, case, context["documents.measure_decided_on"], context["documents.measure_until"],
                          measure_party)
        context["documents.measure_until"] = end.isoformat() if end else context["documents.measure_until"]
    return context


def held_items(db: Database, case: Case, document) -> str:
    """The lines of the items of ``document`` (a 实施行政强制措施决定书 or 先行登记保存证据通知书 issued here) it still
    holds once its releases in force are counted (``stage_rules._holding``, as a release is checked): an item given
    back in full left out, one given back in part with what is left of it as its 数量 (its line otherwise as
    written, its 序号 that of the document), one of a quantity not compared kept as written; "" when it holds
    nothing any more."""
    from workstation.documents.stage_rules import _holding
    from workstation.formkit.template import row_cells

    held, lines, written = _holding(db, case, document), [], set()
    items = {item.line: item for item in item_rows(document.values.get("items"))}
    if items and all(held[item.key].gone for item in items.values()):
        return ""
    for line, text in enumerate(filter(str.strip, str(document.values.get("items") or "").split("\n")), start=1):
        state = held[items[line].key] if line in items else None
        if state is None or not state.releases or (state.left is None and not state.gone):
            lines.append(text)  # a note across the row, an item none of it released, or one not compared
        elif not state.gone and items[line].key not in written:
            written.add(items[line].key)  # an item of several lines: what is left of it, once
            cells = row_cells(text) + ["", "", ""]
            cells[3] = state.left_text()
            lines.append(" | ".join(cells[:max(len(row_cells(text)), 4)]))
    return "\n".join(lines)


def number_source(form_id: str) -> str:
    """The source of ``ISSUED_SOURCES`` giving the 文号 of a document of ``form_id`` (``documents.measure_number``)."""
    sources = dict(ISSUED_SOURCES)[form_id]
    return next(source for source, field in sources.items() if field is None)


def numbered_document(source: str) -> tuple[str, tuple[str, ...]] | None:
    """For a source giving a document's 文号 (``documents.measure_number``): the form of that document and the sources
    drawn from it besides (its date, measure, items…), which a field takes anew when the officer types another 文号
    (the editor's ``_follow_number``); None for any other source."""
    for form_id, sources in ISSUED_SOURCES:
        if source in sources and sources[source] is None:
            return form_id, tuple(other for other, field in sources.items() if field is not None)
    return None


def typed_numbers(form, values: dict | None) -> dict[str, str]:
    """``measures_context``'s ``numbers`` of ``values`` given for ``form`` (a ``--values`` file, a draft's): {source:
    the 文号 typed} of its fields naming a document whose defaults other fields draw (``numbered_document``: the
    ``decision_no`` of an extension, a release or a transfer, the ``notice_no`` of a preservation's release), as the
    editor follows them (``_follow_number``); {} when none is typed."""
    return {field.source: str(values[field.name]).strip() for field in form.fields
            if field.source and numbered_document(field.source) and str((values or {}).get(field.name) or "").strip()}


def numbered_context(db: Database, case: Case, form, values: dict | None, party_id: str | None,
                     context: dict[str, object]) -> dict[str, object]:
    """``context`` (the case's, for the party ``party_id``) with, when ``values`` given for ``form`` name an earlier
    document by its 文号 (``typed_numbers``), what ``measures_context`` draws from that one (its measure, items…)
    in place of the last one's; ``context`` itself when none is typed."""
    if numbers := typed_numbers(form, values):
        return {**context, **measures_context(db, case, party_id, numbers)}
    return context


def same_number(first, second) -> bool:
    """Whether two 文号 are one, as typed (half- or full-width, spaces): neither empty."""
    first, second = compared(first), compared(second)
    return bool(first) and first == second


def named_document(db: Database, case: Case, form_id: str, number):
    """The case's document of ``form_id`` in force (neither voided nor corrected) whose 文号 is ``number``; None
    for a 文号 of none (a document given on paper, a voided one)."""
    from workstation.documents.issuing import in_force_of_form

    return next((d for d in reversed(in_force_of_form(db, case.id, form_id)) if same_number(d.number, number)),
                None)


def compared(text) -> str:
    """``text`` as two items' names, specifications, units or 文号 are compared: half-width (NFKC), without spaces,
    letters of one case (华为Mate 60 and 华为ＭＡＴＥ60 are one)."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split()).casefold()


#: a quantity the items compare (数量): a plain number, then its unit ("2部", "1.5千克", "3"), its thousands
#: separated by commas or not ("12,500.00元"; a full-width "，" is one once ``compared``); any other ("一批", "约20箱",
#: "1,5台" grouped otherwise) is not compared
QUANTITY = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\D*)")


@dataclass(frozen=True)
class Item:
    """One line of an items table (序号 | 名称 | 规格（型号） | 数量 | 备注 or 保存地点): ``line`` its place among the
    field's lines written (from 1), ``name`` and ``spec`` as written, ``quantity`` its 数量 as written."""

    line: int
    name: str
    spec: str
    quantity: str

    @property
    def key(self) -> tuple[str, str]:
        """What tells one item from another: its name and specification, as compared (``compared``)."""
        return compared(self.name), compared(self.spec)

    @property
    def shown(self) -> str:
        return " ".join(part for part in (self.name, self.spec) if part)

    @property
    def amount(self) -> tuple[Decimal, str] | None:
        """Its quantity as (number, unit as compared), its thousands separators dropped (12,500.00元 is 12500.00
        元); None for one that is not a plain number."""
        match = QUANTITY.fullmatch(compared(self.quantity))
        return (Decimal(match[1].replace(",", "")), match[2]) if match else None


def item_rows(text) -> list[Item]:
    """The items of an items field, one a line of its columns (``template.row_cells``); a line of one cell (以下空白,
    a note across the row) or naming no item is none."""
    from workstation.formkit.template import row_cells

    items = []
    for line, written in enumerate(filter(str.strip, str(text or "").split("\n")), start=1):
        cells = row_cells(written) + ["", "", ""]
        if len(row_cells(written)) > 1 and cells[1]:
            items.append(Item(line, cells[1], cells[2], cells[3]))
    return items


#: the items tables a document cannot list every row of (``item_row_errors``): {form: (its items field, the columns
#: of its quantities from 0)} — a sample's 抽样基数 and 抽样数量, the second never above the first
ITEM_TABLES = {"preservation_notice": ("items", (3,)), "compulsory_measure_decision": ("items", (3,)),
               "seized_items_list": ("items", (3,)), "sampling_record": ("samples", (4, 5))}
#: the number a quantity starts with, as compared (``compared``): its sign, its digits as ``QUANTITY`` reads them,
#: then its unit up to a bracket or another number ("4个（含备份样品2个）" is 4 个)
LEADING = re.compile(r"([-−–]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)([^\d(]*)")


def _leading_amount(text) -> tuple[Decimal, str] | None:
    """The quantity ``text`` starts with (``LEADING``), signed, with its unit; None for one not starting with a
    number ("一批", "约20箱")."""
    match = LEADING.match(compared(text))
    if not match:
        return None
    number = Decimal(match[2].replace(",", ""))
    return (-number if match[1] else number), match[3]


def item_row_errors(form, values: dict) -> dict[str, str]:
    """{field name: why} for the items table of a 先行登记保存证据通知书, 实施行政强制措施决定书, 场所/设施/财物清单
    or 抽样记录 (``ITEM_TABLES``) holding a row no document can list, naming its first such line and column: a
    quantity of 0 or less ("-2台", "0张"), a row with columns written but no 名称, a 抽样数量 above its 抽样基数 (both
    of one unit, or both of none: 6 from 5箱 is not compared). A line of one cell (以下空白) and one of its 序号 alone (a row left for handwriting) are no item, a
    quantity not starting with a number ("一批") is not compared. {} for any other form. Lines are counted as
    ``values.too_many_columns`` counts them, blank ones too."""
    from workstation.formkit.template import row_cells

    table = ITEM_TABLES.get(form.id)
    if table is None:
        return {}
    name, columns = table
    block = next((b for b in form.blocks if b.repeat == name), None)
    heads = [cell.text.replace("\n", "") for cell in block.rows[block.header_rows - 1]] if block is not None \
        and block.header_rows else []

    def where(line: int, column: int) -> dict[str, object]:
        head = heads[column] if column < len(heads) else ""
        return {"line": line, "column": column + 1, "head": f"（{head}）" if head else ""}

    for line, written in enumerate(str(values.get(name) or "").split("\n"), start=1):
        cells = row_cells(written)
        if len(cells) < 2:
            continue
        if not cells[1]:
            if any(cells[2:]):
                return {name: _("Line {line}, column {column}{head} is empty, but the row has other columns "
                                "filled in: write what the item is, or delete the row.").format(**where(line, 1))}
            continue
        amounts = []
        for column in columns:
            amount = _leading_amount(cells[column]) if column < len(cells) else None
            if amount is not None and amount[0] <= 0:
                return {name: _("Line {line}, column {column}{head} says {quantity}: a quantity is more than 0. "
                                "Write how many there are.").format(quantity=cells[column], **where(line, column))}
            amounts.append(amount)
        # compared only of one unit, or both of none: 6 from 5箱 is likely 6 bottles, not 6 boxes
        if len(amounts) == 2 and None not in amounts and amounts[0][1] == amounts[1][1] \
                and amounts[1][0] > amounts[0][0]:
            base, taken = columns
            return {name: _("Line {line}, column {column}{head} says {taken}, more than its {base_head} {base}: "
                            "a sample is taken from the lot counted, never more than it.").format(
                taken=cells[taken], base_head=heads[base] if base < len(heads) else "", base=cells[base],
                **where(line, taken))}
    return {}


def measure_party_of(values: dict) -> str | None:
    """The party whose goods the 实施行政强制措施决定书 of ``values`` seals up or seizes: the one it records it was
    written for in a case with several parties (``addressee.PARTY_KEY``); None when it records none (the case had one
    party when it was issued), its goods then unknown."""
    from workstation.documents.addressee import PARTY_KEY

    return values.get(PARTY_KEY) or None


def measure_end(db: Database, case: Case, decided_on, period_until, party_id: str | None = None) -> dt.date | None:
    """The day a seal-up or seizure decided on ``decided_on`` ends: its 期限届满日期 ``period_until``, else thirty days
    after its date (a decision saying only "期限为三十日", the day itself not counted), pushed past the days of testing
    or appraisal recorded on the case, which T14 does not count (行政强制法 art. 25; clocks.toml ``excluded``): of the
    goods of the party ``party_id`` whose goods it holds (``measure_party_of``) or of the whole case, never another
    party's; every one recorded for a measure of no known party. T14 counts the "seizure" event the decision records
    alike (it names the same party: ``clock_events.SEIZED_KINDS``), and where that event names another (``seized_party``:
    the whole case, one recorded by hand naming none) the end counts as its T14 does. None without a readable date,
    or while a testing counted has not ended (its end is not known yet)."""
    from workstation import clocks

    start = written_day(decided_on)
    if start is None:
        return None
    party_id = seized_party(db, case, start, party_id)
    end = written_day(period_until) or start + dt.timedelta(days=MEASURE_DAYS)
    rule = clocks.rule("T14")
    marks = ", ".join("?" for _kind in rule.excluded)
    of_party = " AND (party_id IS NULL OR party_id = ?)" if party_id else ""
    rows = db.execute(f"SELECT starts_on, ends_on, kind FROM clock_events WHERE case_id = ? AND kind IN ({marks})"
                      f"{of_party} ORDER BY starts_on", [case.id, *sorted(rule.excluded)]
                      + ([party_id] if party_id else [])).fetchall()
    if not rows:
        return end
    engine = clocks.engine_for(db)
    intervals = sorted((engine.ordinal(first), engine.ordinal(last), kind) for first, last, kind in rows)
    due, stopped = engine.exclude(rule, start.toordinal(), end.toordinal(), intervals, [])
    return None if stopped is not None else dt.date.fromordinal(due)


def seized_party(db: Database, case: Case, decided_on: dt.date, party_id: str | None) -> str | None:
    """The party whose goods the measure decided on ``decided_on`` for ``party_id`` holds, as T14 counts it: that of
    the seizure recorded for it (the case's ``SEIZED_KINDS`` event begun that day, of that party or of the whole
    case, one of the party first), one naming no party being the whole case's (None: every testing counts);
    ``party_id`` when none is recorded (or, for a measure of no known party, several of different parties)."""
    from workstation.store.clock_events import SEIZED_KINDS

    marks = ", ".join("?" for _kind in SEIZED_KINDS)
    recorded = {row[0] for row in db.execute(
        f"SELECT DISTINCT COALESCE(party_id, '') FROM clock_events WHERE case_id = ? AND kind IN ({marks}) "
        "AND starts_on = ?", [case.id, *SEIZED_KINDS, decided_on.isoformat()])}
    if party_id:
        return party_id if party_id in recorded or "" not in recorded else None
    return (recorded.pop() or None) if len(recorded) == 1 else None


def extended_party(db: Database, case: Case, values: dict) -> str | None:
    """The party whose seal-up or seizure the 延长行政强制措施期限决定书 of ``values`` extends (its T14 alone:
    ``clock_events.extends_seizure``): that of the 实施行政强制措施决定书 it names when issued here, as its seizure is
    recorded (``seized_party``), else (one given on paper) the party the extension was written for; None for the
    whole case's."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.stage_rules import _extended_measure

    measure = _extended_measure(db, case, values)
    if measure is None:
        return values.get(PARTY_KEY) or None
    decided_on = written_day(measure.values.get("decided_on"))
    party_id = measure_party_of(measure.values)
    return seized_party(db, case, decided_on, party_id) if decided_on else party_id


def wrong_choice(field, value, context: dict[str, object]) -> str | None:
    """What to tell the officer when a choice field drawing the measure (``documents.measure``) holds the one of the
    case's last 实施行政强制措施决定书 and the document does not serve it (the 封条 of a 查封, under a 扣押 decision);
    None for any other value not among the field's choices."""
    if field.source != "documents.measure" or not value or str(value) != context.get("documents.measure"):
        return None
    choices = "、".join(field.choices)
    return _("The case's last 实施行政强制措施决定书 ({number}) decides {measure}, but this document serves only "
             "{choices}: issue a decision of {choices} first, or choose {choices} and type the 文号 of such a "
             "decision given on paper.").format(number=context.get("documents.measure_number") or "",
                                               measure=value, choices=choices)


#: the documents holding goods whose goods a case is closed on (``still_held``): {form: (the clock event recording
#: its measure, that event's time limit, the field of its date)}
HOLDING_DOCUMENTS = {"preservation_notice": ("preservation", "T13", "preserved_on"),
                     "compulsory_measure_decision": ("seizure", "T14", "decided_on")}
#: the documents giving back goods a decision or a preservation held, besides its releases: the transfer of the goods
#: with the case (naming the decision by its 文号) and the record of their disposal (naming no measure: matched by item)
TRANSFER_FORM, DISPOSAL_FORM = "seized_items_transfer_notice", "items_disposal_record"


@dataclass(frozen=True)
class Holding:
    """What a 先行登记保存证据通知书 or 实施行政强制措施决定书 in force (``document``) still holds: ``items`` (名称（规格）
    数量, each item once) — () when all its items were given back, or when it lists none (``unlisted``: held while no
    release or transfer names it) —; ``given_back`` whether a release, transfer or disposal issued here gave back
    any of it, and ``named_here`` whether a release or transfer issued here ever named it (one voided since too)."""

    document: object
    items: tuple[str, ...]
    unlisted: bool = False
    given_back: bool = False
    named_here: bool = False

    @property
    def holds(self) -> bool:
        return bool(self.items) or self.unlisted

    @property
    def measure(self) -> str:
        """Its measure as a sentence names it: 查封 or 扣押 (the decision's), 先行登记保存."""
        if self.document.form_id == "preservation_notice":
            return "先行登记保存"
        return str(self.document.values.get("measure") or "") or "查封、扣押"


def item_text(name: str, spec: str, quantity: str) -> str:
    """An item as a sentence names it: 移动硬盘（西部数据 1TB）3个."""
    return f"{name}{f'（{spec}）' if spec else ''}{quantity}"


def _issued_by_form(db: Database, case: Case) -> dict[str, list]:
    """{form: the case's documents of that form issued (voided and corrected ones too), oldest first}, read once
    (``issuing.kept_of_form`` of every form)."""
    from workstation.documents.issuing import case_documents, lead_documents_of_case

    issued: dict[str, list] = {}
    for document in sorted([*lead_documents_of_case(db, case.id), *case_documents(db, case.id)],
                           key=lambda d: d.issued_at):
        issued.setdefault(document.form_id, []).append(document)
    return issued


def _in_force(issued: dict[str, list], form_id: str) -> list:
    """Those of ``issued`` (``_issued_by_form``) of ``form_id`` in force, as ``issuing.in_force_of_form``."""
    from workstation.documents.issuing import _in_force as in_force

    return in_force(issued.get(form_id, []))


def still_held(db: Database, case: Case, issued: dict[str, list] | None = None) -> list[Holding]:
    """Of each 先行登记保存证据通知书 and 实施行政强制措施决定书 of the case in force, in the order issued, what it still
    holds: its items less those its releases in force gave back (``held_items``), less those the transfer of the goods
    naming it sent on with the case and those a 涉案物品处理记录 in force disposed of (an item of several documents from
    the first still holding it); quantities as ``stage_rules._holding`` counts them (what is left of a plain number, as
    written otherwise)."""
    from workstation.documents.stage_rules import HOLDING_FORMS, RELEASES

    issued = issued if issued is not None else _issued_by_form(db, case)
    documents, held = _held_after_transfers(db, case, issued)
    given = [any(state.releases for state in h.values()) for h in held]  # a release or a transfer took some
    kept = {form_id: issued.get(form_id, []) for form_id in (*RELEASES, TRANSFER_FORM)}
    naming = {form_id: _in_force(issued, form_id) for form_id in kept}

    def named(document, among: dict) -> list:
        """The releases and transfers of ``among`` (those in force, or all issued) naming ``document`` by its 文号."""
        forms = [(HOLDING_FORMS[document.form_id], RELEASES[HOLDING_FORMS[document.form_id]][1])]
        if document.form_id == "compulsory_measure_decision":
            forms.append((TRANSFER_FORM, "decision_no"))
        return [d for form_id, field in forms for d in among[form_id]
                if same_number(d.values.get(field), document.number)]

    for record in _in_force(issued, DISPOSAL_FORM):
        for item in item_rows(record.values.get("items")):
            for index in book_disposal(held, item):
                given[index] = True
    out = []
    for index, document in enumerate(documents):
        items = tuple(item_text(state.item.name, state.item.spec,
                                state.left_text() if state.left is not None else state.written or "")
                      for state in held[index].values() if not state.gone)
        in_force = bool(named(document, naming))
        out.append(Holding(document, items, not held[index] and not in_force,
                           given[index] or (not held[index] and in_force), bool(named(document, kept))))
    return out


def _held_after_transfers(db: Database, case: Case, issued: dict[str, list]) -> tuple[list, list[dict]]:
    """(the case's 先行登记保存证据通知书 and 实施行政强制措施决定书 in force of ``issued`` (``_issued_by_form``), in the
    order issued; what each still holds, ``stage_rules._holding``'s) once its releases in force and the transfers of
    the goods in force naming a decision by its 文号 (what they sent on with the case, booked as released by the
    transfer's 文号) are counted; the 涉案物品处理记录 are not booked (``book_disposal``)."""
    from workstation.documents.stage_rules import _holding

    documents = sorted((d for form_id in HOLDING_DOCUMENTS for d in _in_force(issued, form_id)),
                       key=lambda d: d.issued_at)
    held = [_holding(db, case, d) for d in documents]
    _take_over_preserved(documents, held)
    transfers = _in_force(issued, TRANSFER_FORM)
    for index, document in enumerate(documents):
        if document.form_id != "compulsory_measure_decision":
            continue
        for transfer in transfers:
            if not same_number(transfer.values.get("decision_no"), document.number):
                continue
            for item in item_rows(transfer.values.get("items")):
                state = held[index].get(item.key)
                if state is not None and not state.gone:
                    state.release(item, transfer.number or transfer.id)
    return documents, held


def _take_over_preserved(documents: list, held: list[dict]) -> None:
    """Count the goods a 先行登记保存证据通知书 of ``documents`` still preserves once: those a 实施行政强制措施决定书 issued
    after it, dated on or after its 保存日期 and of the same party (or of none), lists too are the decision's — it
    took them over (行政处罚法 art. 56: the decision on the preserved goods; ``held_by_event`` ends the preservation's
    watch so) —, booked as released from the preservation by the decision's 文号, up to the quantity the decision
    lists (all of an item when either quantity is not a plain number of one unit). So a release or disposal of the
    goods gives back what the decision holds, and they are not counted twice. ``held``: ``_holding``'s, in place."""
    from workstation.documents.stage_rules import _Held

    taken: dict[tuple[int, tuple[str, str]], _Held] = {}  # what each decision may still take over, by item
    for index, preservation in enumerate(documents):
        if preservation.form_id != "preservation_notice":
            continue
        preserved_on = str(preservation.values.get(HOLDING_DOCUMENTS["preservation_notice"][2]) or "")[:10]
        for later in range(index + 1, len(documents)):
            decision = documents[later]
            decided_on = str(decision.values.get(HOLDING_DOCUMENTS["compulsory_measure_decision"][2]) or "")[:10]
            parties = {measure_party_of(preservation.values), measure_party_of(decision.values)} - {None}
            if decision.form_id != "compulsory_measure_decision" or decided_on < preserved_on or len(parties) > 1:
                continue
            for item in item_rows(decision.values.get("items")):
                if (later, item.key) in taken:
                    taken[later, item.key].add(item)
                else:
                    taken[later, item.key] = _Held(item)
            number = decision.number or decision.id
            for key, state in held[index].items():
                room = taken.get((later, key))
                if state.gone or room is None or room.gone:
                    continue
                if state.left is not None and room.left is not None and state.left[1] == room.left[1]:
                    amount = (min(state.left[0], room.left[0]), state.left[1])
                    moved = Item(0, state.item.name, state.item.spec, _quantity(amount))
                    state.release(moved, number)
                    room.release(moved, None)
                else:  # not compared: the whole of it
                    state.gone, state.written = True, None
                    state.releases.append(number)
                    room.gone = True


def book_disposal(held: list[dict], item: Item) -> list[int]:
    """Book the disposed ``item`` (a line of a 涉案物品处理记录) against what the documents of ``held`` (``_holding``'s,
    in the order issued) still hold of it: a plain quantity from the first holding some of it on, each giving what it
    has left until the quantity is booked (2台 disposed of against 1台 and 2台 left takes 1台 and 1台), never more
    than one holds; a quantity not compared against the first still holding the item. Returns the indexes booked."""
    booked = []
    amount = item.amount
    for index, states in enumerate(held):
        state = states.get(item.key)
        if state is None or state.gone:
            continue
        booked.append(index)
        if amount is None or state.left is None or state.left[1] != amount[1] or amount[0] <= state.left[0]:
            state.release(Item(item.line, item.name, item.spec, _quantity(amount) if amount else item.quantity),
                          None)
            return booked
        taken = state.left
        state.release(Item(item.line, item.name, item.spec, _quantity(taken)), None)
        amount = (amount[0] - taken[0], amount[1])
    return booked


def _quantity(amount: tuple[Decimal, str]) -> str:
    return f"{amount[0].normalize():f}{amount[1]}"


def disposal_problems(db: Database, case: Case, text, *excluded: str | None) -> list[str] | None:
    """What is wrong with the items ``text`` of a 涉案物品处理记录 against what the case's 先行登记保存证据通知书 and
    实施行政强制措施决定书 in force still hold (``still_held``; the records ``excluded`` names by id or 文号 — the one it
    corrects, the record itself once issued — not counted, None ignored): a line naming an item none of them ever
    held, one given back already (naming by what), more of one than they still hold together (plain numbers of one
    unit). None when nothing is compared: no such document issued here, or a seizure or preservation recorded only
    as a clock event (held on paper: its items are not known here) and no line of an item they hold."""
    items = item_rows(text)
    if not items:
        return None
    issued = _issued_by_form(db, case)
    excluded = tuple(filter(None, excluded))
    if excluded:
        issued[DISPOSAL_FORM] = [d for d in issued.get(DISPOSAL_FORM, [])
                                 if d.id not in excluded and d.number not in excluded]
    documents, held = _held_after_transfers(db, case, issued)
    if not documents:
        return None
    for record in _in_force(issued, DISPOSAL_FORM):
        for item in item_rows(record.values.get("items")):
            book_disposal(held, item)
    dates = {str(d.values.get(HOLDING_DOCUMENTS[d.form_id][2]) or "")[:10] for d in documents}
    marks = ", ".join("?" for _form in HOLDING_DOCUMENTS)
    on_paper = any(row[0] not in dates for row in db.execute(
        f"SELECT starts_on FROM clock_events WHERE case_id = ? AND kind IN ({marks})",
        [case.id, *(kind for kind, _clock, _field in HOLDING_DOCUMENTS.values())]))
    problems = []
    for item in items:
        states = [h[item.key] for h in held if item.key in h]
        if not states:
            if not on_paper:
                problems.append(_("line {line} ({item}) is not among the goods they held").format(
                    line=item.line, item=item.shown))
            continue
        left = [state for state in states if not state.gone]
        if not left:
            problems.append(_("line {line} ({item}) is held no more: released, transferred or disposed of "
                              "already").format(line=item.line, item=item.shown))
            continue
        amounts = [state.left for state in left]
        amount = item.amount
        if amount and all(a is not None and a[1] == amount[1] for a in amounts):
            total = (sum((a[0] for a in amounts), Decimal(0)), amount[1])
            if amount[0] > total[0]:
                problems.append(_("line {line} ({item}) disposes of {quantity}, but only {left} of it is still "
                                  "held").format(line=item.line, item=item.shown, quantity=item.quantity,
                                                 left=_quantity(total)))
        book_disposal(held, item)  # the same item on two lines: both count
    return problems


def items_disposal(db: Database, case: Case) -> str:
    """``documents.items_disposal``: the 结案审批表's 涉案物品处理 as the case's documents in force tell it, kept short
    for its one sheet: each 先行登记保存 and 查封/扣押 with what it held, each extension, release, transfer of the goods
    and 涉案物品处理记录, dated, in the order they happened and named by their 文号 (2026年11月25日扣押（佛南市监强制
    〔2026〕1号）：…；2026年12月5日解除扣押（佛南市监解强〔2026〕1号）：…。), then on a line of its own what each
    still holds (``still_held``: 尚扣押（佛南市监强制〔2026〕1号）：…。), or that nothing is held any more; "" (left to
    write) for a case whose seizure or preservation was recorded only as a clock event (decided on paper); 无 for a
    case with neither. The wording is the workstation's (UNCONFIRMED), edited like any default."""
    from workstation.documents.drafts import find_form
    from workstation.documents.stage_rules import RELEASES
    from workstation.money import chinese_date

    issued = _issued_by_form(db, case)
    holdings = still_held(db, case, issued)
    if not holdings:
        marks = ", ".join("?" for _form in HOLDING_DOCUMENTS)
        recorded = db.execute(f"SELECT 1 FROM clock_events WHERE case_id = ? AND kind IN ({marks}) LIMIT 1",
                              [case.id, *(kind for kind, _clock, _field in HOLDING_DOCUMENTS.values())]).fetchone()
        # a release, transfer or disposal issued here of goods held on paper: its steps are listed below, not 无
        dealt = any(_in_force(issued, form) for form in (*RELEASES, TRANSFER_FORM, DISPOSAL_FORM))
        if recorded or not dealt:
            return "" if recorded else "无"

    def listed(text) -> str:
        things = "、".join(item_text(item.name, item.spec, item.quantity) for item in item_rows(text))
        return f"：{things}" if things else ""

    def day_of(document, *fields) -> str:
        return next((str(document.values[f])[:10] for f in fields if document.values.get(f)), document.issued_at[:10])

    def by(document) -> str:
        return f"（{document.number}）" if document.number else f"（{find_form(document.form_id).title}）"

    measures = {h.document.number: h.measure for h in holdings if h.document.number}

    def measure_of(number, held_form: str) -> str:
        found = next((measure for n, measure in measures.items() if same_number(n, number)), None)
        return found or ("先行登记保存" if held_form == "preservation_notice" else "查封、扣押")

    steps: list[tuple[str, str]] = []
    for holding in holdings:
        document = holding.document
        steps.append((day_of(document, HOLDING_DOCUMENTS[document.form_id][2]),
                      f"{holding.measure}{by(document)}{listed(document.values.get('items'))}"))
    for extension in _in_force(issued, "compulsory_measure_extension"):
        measure = extension.values.get("measure") or measure_of(extension.values.get("decision_no"),
                                                                "compulsory_measure_decision")
        until = chinese_date(extension.values.get("extended_until"))
        steps.append((day_of(extension, "decided_on"), f"延长{measure}期限{f'至{until}' if until else ''}"
                                                        f"{by(extension)}"))
    for release_form, (held_form, field) in RELEASES.items():
        for release in _in_force(issued, release_form):
            measure = release.values.get("measure") or measure_of(release.values.get(field), held_form)
            steps.append((day_of(release, "released_on", "signed_on"),
                          f"解除{measure}{by(release)}{listed(release.values.get('items'))}"))
    for transfer in _in_force(issued, TRANSFER_FORM):
        receiver = str(transfer.values.get("receiver") or "").strip() or "有关部门"
        steps.append((day_of(transfer, "transferred_on", "signed_on"),
                      f"移送{receiver}{by(transfer)}{listed(transfer.values.get('items'))}"))
    for record in _in_force(issued, DISPOSAL_FORM):
        method = str(record.values.get("method") or "").strip() or "处理"
        steps.append((day_of(record, "time_from"), f"{method}{by(record)}{listed(record.values.get('items'))}"))
    steps.sort(key=lambda step: step[0])
    lines = ["；".join(f"{chinese_date(day)}{text}" for day, text in steps) + "。"]
    held = [h for h in holdings if h.holds]
    if held:
        lines.append("；".join(f"尚{h.measure}{by(h.document)}：{'、'.join(h.items) or '所列物品'}" for h in held)
                     + "。")
    else:
        lines.append("上述物品均已解除或者处理完毕。")
    return "\n".join(lines)


#: the release of each measure's clock event (``records_event = "end:…"``): {event kind: its form}
RELEASE_OF_EVENT = {"seizure": "compulsory_measure_release", "preservation": "preservation_release"}


def partly_released(db: Database, case: Case, kind: str, party_id: str | None = None):
    """(the document it names, what that document still holds) when the case's last release in force ending a
    ``kind`` event (a 解除行政强制措施决定书 for a seizure; of the party ``party_id`` in a case with several) names a
    document issued here that still holds goods (``still_held``): its event is not ended by it. None when the release
    gave back all that was left, names a document given on paper, or none was issued."""
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.issuing import in_force_of_form
    from workstation.documents.stage_rules import RELEASES

    release_form = RELEASE_OF_EVENT.get(kind)
    if release_form is None:
        return None
    held_form, field = RELEASES[release_form]
    releases = [d for d in in_force_of_form(db, case.id, release_form)
                if not party_id or (d.values.get(PARTY_KEY) or None) in (None, party_id)]
    if not releases:
        return None
    release = max(releases, key=lambda d: d.issued_at)
    document = named_document(db, case, held_form, release.values.get(field))
    holding = next((h for h in still_held(db, case) if document is not None and h.document.id == document.id), None)
    if holding is None or not holding.holds:
        return None
    return document, list(holding.items)


def partial_release_text(db: Database, case: Case, kind: str, party_id: str | None, issued: str, *,
                         for_command_line: bool = False) -> str | None:
    """What the officer is told once a release is issued that gives back only part of what the document it names
    holds (``partly_released``): what that document still holds, and that its “{kind}” event is not ended — in the
    window ``issued`` (its note of the document issued) before it, the case's 期限 tab named; ``for_command_line``
    without `clocks end` (ending it is refused while goods are held: ``held_refusal``). None when the release gave
    back all that was left."""
    from workstation.vocabulary import shown_label

    left = partly_released(db, case, kind, party_id)
    if left is None:
        return None
    document, items = left
    if for_command_line:
        return _("The release gives back only part of what the {title} {number} holds, which still holds {items}: "
                 "the clock event “{event}” is not ended, and runs on until the rest is released or disposed of."
                 ).format(title=document.title, number=document.number or "", items="、".join(items),
                          event=shown_label("clock_events", kind))
    return _("{issued} It gives back only part of what the {title} {number} holds, which still holds {items}: the "
             "“{event}” is not ended. End it on the case's 期限 tab once the rest is released or disposed of.").format(
        issued=issued, title=document.title, number=document.number or "", items="、".join(items),
        event=shown_label("clock_events", kind))


def held_by_event(db: Database, case: Case, event) -> Holding | None:
    """The 实施行政强制措施决定书 or 先行登记保存证据通知书 issued here whose measure the clock event ``event`` (a seizure, a
    preservation) records — dated the day it began (决定日期, 保存日期), of its party or of none — while it still holds
    goods (``still_held``): ending the event would leave them held with no clock watching them. None for another
    event, a measure decided on paper, one holding nothing any more, and a preservation a seal-up or seizure begun
    while it ran took over (行政处罚法 art. 56: the decision on the preserved goods)."""
    from workstation.documents.addressee import PARTY_KEY

    form_id = next((form for form, (kind, _clock, _field) in HOLDING_DOCUMENTS.items() if kind == event.kind), None)
    if form_id is None:
        return None
    started = str(event.starts_on or "")[:10]
    holdings = still_held(db, case)
    if form_id == "preservation_notice":
        from workstation.store.clock_events import SEIZED_KINDS

        marks = ", ".join("?" for _kind in SEIZED_KINDS)
        seized = [row[0] for row in db.execute(
            f"SELECT starts_on FROM clock_events WHERE case_id = ? AND kind IN ({marks})", [case.id, *SEIZED_KINDS])]
        seized += [str(h.document.values.get("decided_on") or "")[:10] for h in holdings
                   if h.document.form_id == "compulsory_measure_decision"]
        if any(day and day >= started for day in seized):
            return None
    field = HOLDING_DOCUMENTS[form_id][2]
    for holding in holdings:
        values = holding.document.values
        if holding.document.form_id != form_id or not holding.holds or str(values.get(field) or "")[:10] != started:
            continue
        if event.party_id and values.get(PARTY_KEY) and values.get(PARTY_KEY) != event.party_id:
            continue
        return holding
    return None


def held_refusal(db: Database, case: Case, event, *, for_command_line: bool = False) -> str | None:
    """Why the seizure or preservation ``event`` is not ended while the document recording its measure still holds
    goods (``held_by_event``), naming them and how to go on: release or dispose of them first; given back or
    disposed of on paper, ended all the same (``for_command_line``: `--despite-held`; the window asks). None when
    nothing is held."""
    from workstation.vocabulary import shown_label

    holding = held_by_event(db, case, event)
    if holding is None:
        return None
    text = _("The {title} {number} still holds {items}: ending the “{event}” would leave them held with no time "
             "limit watched. Issue the release (or the 涉案物品处理记录) for them first.").format(
        title=holding.document.title, number=holding.document.number or "",
        items="、".join(holding.items) or _("the goods it lists"), event=shown_label("clock_events", event.kind))
    if for_command_line:
        text = join_sentences([text, _("If they were given back or disposed of on paper, end it all the same with "
                                       "--despite-held.")])
    return text


#: the 延长行政强制措施期限决定书, whose 延长至 date the party was told (``extension_ends``)
EXTENSION_FORM = "compulsory_measure_extension"


def extension_ends(db: Database, case_ids) -> dict[str, list[tuple[str, int, int, str]]]:
    """{case id: (the 文号 of the 实施行政强制措施决定书 it names, its 决定日期, its 延长至 date — ordinals —, its own 文号)
    of each 延长行政强制措施期限决定书 in force, in the order issued} of ``case_ids``; one without a readable 决定日期 or
    延长至 date is left out. T14 ends no later than that date (``clocks.extension_caps``)."""
    from workstation.document_clocks import DOCUMENT_IN_FORCE

    rows = db.execute("SELECT d.case_id, COALESCE(d.number, ''), d.values_json FROM documents d WHERE d.case_id IN "
                      f"(SELECT value FROM json_each(?)) AND d.form_id = ? AND {DOCUMENT_IN_FORCE} "
                      "ORDER BY d.issued_at, d.rowid", [json.dumps(sorted(set(case_ids))), EXTENSION_FORM]).fetchall()
    out: dict[str, list[tuple[str, int, int, str]]] = {}
    for case_id, number, values_json in rows:
        values = json.loads(values_json or "{}")
        decided, until = written_day(values.get("decided_on")), written_day(values.get("extended_until"))
        if decided is not None and until is not None:
            out.setdefault(case_id, []).append((str(values.get("decision_no") or ""), decided.toordinal(),
                                                until.toordinal(), number))
    return out
