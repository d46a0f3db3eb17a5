"""The deadline board as officers hand it out (期限提醒): who each row concerns and who handles it (``name_rows``),
and what the board shows for its filter — group, agency, officer — written as PDF (the documents' own PDF writer),
XLSX or CSV, titled with the filter and the day the deadlines were counted on. Party names are masked as in the case
list (a phone or ID number written in one); a lead is named in the case column by its subject and masked number,
its target (if any) in the party column; an interview's time limit carries no code."""

from __future__ import annotations

import io
from pathlib import Path

from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.i18n import N_, _
from workstation.interview_deadlines import awaited_party_names
from workstation.masking import mask_text
from workstation.progress import CancelToken, ProgressFn, check_cancel
from workstation.sheet_cells import csv_writer, xlsx_cell

FORMATS = ("pdf", "xlsx", "csv")
#: the columns of the handout (message ids), as the board shows them
HEADER = (N_("State"), N_("Deadline"), N_("Remaining"), N_("Case"), N_("Party"), N_("Officers"), N_("Time limit"),
          N_("Legal source"))
#: the PDF's column widths in mm of its landscape text block (257 mm), so that a date, a 文号 — up to a four-digit
#: serial, 佛南市监立〔2026〕1000号, 41 mm in 小五 with the cell's padding — and a masked number (（130****9670）) fit
#: whole on one line of their cell, each officer's name (one a line) on one and a company's name (17 characters, as
#: most are) on one line, the time limit and legal source wrapping as prose
PDF_COLUMNS_MM = (22, 21, 18, 42, 57, 16, 42, 39)
PDF_WIDTHS = tuple(width / sum(PDF_COLUMNS_MM) for width in PDF_COLUMNS_MM)
#: the handout's officers column, whose names the PDF sets one a line rather than break one
OFFICERS = HEADER.index(N_("Officers"))
#: the most ids one query names (SQLite's host parameters)
CHUNK = 900
#: the rows between two looks at the Cancel of the handout being written
ROW_STEP = 200
LABEL_LENGTH = 24


def remaining_text(d) -> str:
    """What the board's Remaining column says of ``d``: days left or ago, today, or the days a stopped clock has
    left (暂停 while a hearing or the like is not counted, 中止 for a suspended case), or that a clock waiting for a
    pending reconsideration or lawsuit has not started (尚未起算)."""
    if d.state == "stopped":
        if d.awaiting:  # waiting for a challenge to end: it has not started, nothing is used or left yet
            return _("not started")
        if d.paused:
            return _("paused, {n} left").format(n=d.rule.unit_text(d.days_left))
        return _("stopped, {n} left").format(n=d.rule.unit_text(d.days_left))
    if d.days_left is None:
        return "—"
    if d.days_left < 0:
        return _("{n} days ago").format(n=-d.days_left)
    if d.days_left == 0:
        return _("today")
    return _("in {n} days").format(n=d.days_left)


def _chunks(ids: list[str]):
    for first in range(0, len(ids), CHUNK):
        yield ids[first:first + CHUNK]


#: SQL of a ``cases`` row: whether it was decided on the spot under the simple procedure (当场处罚), and the serial (编号)
#: of its 当场行政处罚决定书 in force — the latest issued, not voided, as ``procedure.on_the_spot_decision`` reads it
SPOT_SERIAL_SQL = ("procedure_kind IS 'simple', CASE WHEN procedure_kind IS 'simple' THEN (SELECT "
                   "json_extract(d.values_json, '$.serial_no') FROM documents d WHERE d.case_id = cases.id AND "
                   "d.form_id = 'on_the_spot_decision' AND d.status = 'issued' ORDER BY d.issued_at DESC, d.rowid DESC "
                   "LIMIT 1) END")


def spot_label(serial: str | None) -> str:
    """How the case column names a case decided on the spot under the simple procedure (当场处罚), which is never
    filed and so has no number: by the serial of its 当场行政处罚决定书 (当场处罚 No.0000101), or as having none
    issued here (voided, or recorded from a register) — not as 未立案, a case still waiting to be filed."""
    serial = str(serial or "").strip()
    return _("On the spot {serial}").format(serial=serial) if serial else _("On the spot (no decision issued)")


def case_text(d) -> str:
    """The case column of the board and of its handout: the case number, a case decided on the spot by its decision
    (``spot_label``: its ``case_label``, set by ``name_rows``), a lead or an interview by what it is, else 未立案."""
    return d.case_number or d.case_label or _("not filed")


def name_rows(db: Database, deadlines: list) -> None:
    """Fill each deadline's ``party_label`` and ``officers``: a case's parties (the party whose own deadline it
    is, where it is one party's) and its officers in their order; a lead's target (none when its complaints name
    none: its subject is the case column's); an interview's parties whose report is still awaited. Numbers are masked
    (``mask_text``) before a label is cut. A case decided on the spot, which has no number, gets its case column's
    name as ``case_label`` (``spot_label``), its ``case_number`` left empty."""
    cases = sorted({d.case_id for d in deadlines if d.case_id and not d.lead_id and not d.interview_id})
    parties: dict[str, str] = {}
    officers: dict[str, list[str]] = {}
    spot: dict[str, str] = {}  # a case decided on the spot: how the case column names it (``spot_label``)
    for ids in _chunks(cases):
        marks = ", ".join("?" * len(ids))
        for case_id, names, simple, serial in db.execute(f"SELECT id, party_names, {SPOT_SERIAL_SQL} FROM cases "
                                                         f"WHERE id IN ({marks})", ids):
            parties[case_id] = names
            if simple:
                spot[case_id] = spot_label(serial)
        for case_id, name in db.execute(
                f"SELECT co.case_id, o.name FROM case_officers co JOIN officers o ON o.id = co.officer_id "
                f"WHERE co.case_id IN ({marks}) ORDER BY co.case_id, co.position, o.name", ids):
            officers.setdefault(case_id, []).append(name)
    leads = sorted({d.lead_id for d in deadlines if d.lead_id})
    lead_labels: dict[str, str] = {}
    if leads:
        for ids in _chunks(leads):
            rows = db.execute(
                "SELECT l.id, l.target_name, (SELECT name FROM parties WHERE id = l.target_party_id), l.businesses "
                f"FROM leads l WHERE l.id IN ({', '.join('?' * len(ids))})", ids)
            for lead_id, target, party, businesses in rows:
                lead_labels[lead_id] = lead_target(target, party, businesses)
    # an interview's parties whose report is still awaited, in the order it lists them, as the register names them
    interview_labels = awaited_party_names(db, sorted({d.interview_id for d in deadlines if d.interview_id}))
    for d in deadlines:
        if d.interview_id:
            d.party_label = mask_text(interview_labels.get(d.interview_id) or "")
        elif d.lead_id:
            d.party_label = lead_labels.get(d.lead_id, "")
        elif d.case_id:
            d.party_label = mask_text(d.party or parties.get(d.case_id) or "")
            d.officers = "、".join(officers.get(d.case_id, ()))
            if not d.case_number and d.case_id in spot:  # never filed, so no number: named by its decision
                d.case_label = spot[d.case_id]


def lead_target(target, party, businesses) -> str:
    """Who a lead is against, as the board's party column names it: its target named, the registered party, or the
    businesses complained of (masked before cut); "" when the complaints name no one."""
    named = next((text for text in (target, party, businesses) if text and text.strip()), "")
    return mask_text(named.strip())[:LABEL_LENGTH] if named else ""


def label_rules(db):
    """The screening rules whose category labels name ``db``'s leads: those in force for its data directory (the copy
    edited in the rules editor, else the shipped file: ``rules_for``), as the leads page names them; an edited copy
    that cannot be read (changed by hand) gives way to the shipped rules, so that a list naming leads still shows."""
    from workstation.screening.complaint import rules_or_shipped_for

    return rules_or_shipped_for(db)


def lead_subject(category, phones, description, rules=None) -> str:
    """What a lead is about: its subject with the numbers it is about (垃圾短信（130****9670）), else its subject, its
    numbers or its description; numbers masked before the text is cut, and never cut themselves. The subject comes
    first: whole, or cut cleanly to ``LABEL_LENGTH`` (``clean_cut``: never inside a bracket of its own, a note in
    brackets at its end kept whole before the words before it are shortened); the numbers take the room left after
    it (``whole_numbers``: as many whole as fit, the first always, … for those left out). The subject is the category's
    label in ``rules`` (``label_rules``), by default in the rules in force for the data directory in use
    (``masking.rules_in_force``): never the shipped file's label of a category the officer renamed or added; a key they
    no longer define is named as such (``Rules.category_label``: 骚扰电话（筛查规则中已无此类别）), as the leads pane
    names it."""
    subject = ""
    if category:
        if rules is None:
            from workstation.masking import rules_in_force

            rules = rules_in_force()
        subject = rules.category_label(category)
    masked = mask_text(phones or "").strip()
    cut = clean_cut(subject, LABEL_LENGTH)
    if cut and masked:  # the label's length, less the subject and the brackets round the numbers
        return f"{cut}（{whole_numbers(masked, LABEL_LENGTH + 8 - len(cut) - 2)}）"
    return cut or whole_numbers(masked) or mask_text(description or "").strip()[:LABEL_LENGTH]


#: the brackets a subject's cut does not fall between: a note of its own (（筛查规则中已无此类别）, (category no longer
#: defined)) is shown whole or not at all
_OPENING, _CLOSING = "（(【[〔", "）)】]〕"


def clean_cut(text: str, length: int) -> str:
    """``text`` in at most ``length`` characters: whole when it fits; else, when it ends with a note in brackets
    taking at most half of them (the 12 of （筛查规则中已无此类别） in 24), the words before it shortened and the note
    whole; else cut, a bracket left open by the cut dropped with what follows it (骚扰电话（筛 → 骚扰电话). "" when
    nothing is left (the text begins with a bracket that does not fit)."""
    if len(text) <= length:
        return text
    head, gap, note = _final_note(text)
    if note and len(gap) + len(note) <= length // 2:
        if kept := _closed(head[:length - len(gap) - len(note)]):
            return kept + gap + note
    return _closed(text[:length])


def _final_note(text: str) -> tuple[str, str, str]:
    """``text`` as the words before a final note in brackets, the spaces between and the note ("", "", "" when it
    ends with none, or is nothing but the note)."""
    if not text or text[-1] not in _CLOSING:
        return "", "", ""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += (text[index] in _CLOSING) - (text[index] in _OPENING)
        if depth == 0:
            head = text[:index]
            stripped = head.rstrip()
            return (stripped, head[len(stripped):], text[index:]) if stripped else ("", "", "")
    return "", "", ""


def _closed(cut: str) -> str:
    """``cut`` without the bracket a cut left open and what follows it, and without trailing spaces."""
    depth, opened = 0, []
    for index, ch in enumerate(cut):
        if ch in _OPENING:
            opened.append(index)
            depth += 1
        elif ch in _CLOSING and depth:
            opened.pop()
            depth -= 1
    return (cut[:opened[0]] if opened else cut).rstrip()


def whole_numbers(numbers: str, length: int = LABEL_LENGTH) -> str:
    """The (masked) numbers ``numbers``, space-separated, that fit in ``length`` characters with the … said after
    them when some were left out, each whole and the first always (with its … beyond ``length`` when it alone is
    longer)."""
    kept: list[str] = []
    words = numbers.split()
    for index, number in enumerate(words):
        more = index + 1 < len(words)  # an … follows when this is kept and the next is not
        if kept and len(" ".join(kept)) + 1 + len(number) + more > length:
            return " ".join(kept) + "…"
        kept.append(number)
    return " ".join(kept)


def lead_label(target, party, businesses, category, phones, description, rules=None) -> str:
    """A lead as the board's case column names it (线索：…): what it is about (``lead_subject``, its category named
    by ``rules``), else — when the complaints say nothing more — its target; the party column names the target
    (``lead_target``), so that the two cells do not repeat each other."""
    return lead_subject(category, phones, description, rules) or lead_target(target, party, businesses)


def state_text(d) -> str:
    """The state column: the state, and whether its calendar is unconfirmed or its last day a rest day (an internal
    limit, not moved: ``Deadline.rest_day_flagged``)."""
    state = d.shown_state()
    if not d.confirmed:
        state += _(" (calendar unconfirmed)")
    if d.rest_day_flagged:  # in a year without holiday data whether the day is a rest day is not known
        hedged = any(item[0] == "rest_day_unconfirmed" for item in d.detail)
        state += _(" (last day may be a rest day)") if hedged else _(" (last day a rest day)")
    return state


def row_texts(d) -> tuple[str, ...]:
    """What the handout (and the board) shows of one deadline, in the order of ``HEADER``."""
    return (state_text(d), d.due or "—", remaining_text(d), case_text(d), d.party_label or "—",
            d.officers or "—", d.limit_text, d.source)


def handout_title(group: str, agency: str, officer: str) -> str:
    """The handout's title naming its filter: 期限提醒（七日内到期 · 南海区局 · 张三）."""
    return _("Deadline reminder ({group} · {agency} · {officer})").format(group=group, agency=agency,
                                                                          officer=officer)


def handout_calendar_note(deadlines, data_dir: Path | None) -> str:
    """The calendar note of a handout: as the board's (``clocks.calendar_note``), which years were counted without
    holiday data and what that means, but, since the handout leaves this computer, naming the calendar it was counted
    with — which years it has holiday data for and where each came from (the chinesecalendar package, a file
    supplied with the program, a holiday file imported here) — rather than a file of this computer's data directory;
    "" when every deadline is confirmed."""
    from workstation.clocks import unconfirmed_years
    from workstation.workdays import CALENDAR_DIR, default_calendar, fixed_holidays_text

    calendar = default_calendar(data_dir)
    years = unconfirmed_years(deadlines, calendar)
    if not years:
        return ""
    own = Path(data_dir) / CALENDAR_DIR if data_dir is not None else None  # the officer's files

    def origin(data) -> str:  # never a path: the notice a file names, and whether it came with the program or not
        path = Path(data.origin)
        if path.suffix != ".toml":  # the chinesecalendar package (its origin its name and version), not a file
            return _("the holiday data built into the program ({source})").format(source=data.source)
        notice = "" if data.source == data.origin else data.source  # a file naming no notice gives its path
        if own is not None and path.parent == own:
            return _("a holiday file imported here ({source})").format(source=notice) if notice \
                else _("a holiday file imported here")
        return _("{source} (supplied with the program)").format(source=notice) if notice \
            else _("a holiday file supplied with the program")

    groups: list[list] = []  # runs of consecutive years of one origin: [first, last, origin]
    for year in sorted(calendar.years):
        where = origin(calendar.years[year])
        if groups and groups[-1][1] == year - 1 and groups[-1][2] == where:
            groups[-1][1] = year
        else:
            groups.append([year, year, where])
    parts = [_("{years} from {source}").format(
        years=str(first) if first == last else _("{first}–{last}").format(first=first, last=last), source=where)
        for first, last, where in groups]
    known = parts[0] if parts else _("no year")
    for part in parts[1:]:
        known = _("{list}; {item}").format(list=known, item=part)
    return _("There is no holiday data for {years} in the calendar these deadlines were counted with: the deadlines "
             "marked “calendar unconfirmed” count Monday to Friday of that year as working days except the statutory "
             "holidays, {fixed}; the bridging days and make-up working days are not known, so check them. Holiday "
             "data of that calendar: {known}."
             ).format(years="、".join(map(str, years)), fixed=fixed_holidays_text(years, calendar.festivals),
                      known=known)


def handout_bytes(fmt: str, title: str, as_of: str, deadlines: list, data_dir: Path | None = None, *,
                  cancel: CancelToken | None = None) -> bytes:
    """The handout of ``deadlines`` as ``fmt`` (pdf, xlsx, csv): ``title``, the day counted on, the note the board
    shows above its table when a deadline was counted in a year without holiday data (``handout_calendar_note``:
    the rows marked 日历待核实 say why, naming the calendar, not a path of this computer), the rows. ``cancel`` is
    looked at between rows and between the PDF's pages: set, ``Cancelled`` is raised."""
    counted = _("Counted as of {date}; {n} deadlines.").format(date=as_of, n=len(deadlines))
    note = handout_calendar_note(deadlines, data_dir)
    header = [_(text) for text in HEADER]
    rows = []
    for n, d in enumerate(deadlines):
        if n % ROW_STEP == 0:
            check_cancel(cancel)
        rows.append(row_texts(d))
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv_writer(out)  # a target worded "=HYPERLINK(…)" written as text, not run as a formula
        writer.writerows([[title], [counted], *([[note]] if note else []), [], header, *rows])
        return ("\ufeff" + out.getvalue()).encode("utf-8")  # with BOM: Excel and WPS read the Chinese
    if fmt == "xlsx":
        return _xlsx_bytes(title, counted, note, header, rows, cancel)
    if fmt == "pdf":
        from workstation.documents.fonts import resolve_fonts
        from workstation.documents.pdf_writer import render_pdf

        # the token looked at once each page is drawn (the writer's hook after a page's lines draws nothing here)
        return render_pdf(handout_document(title, counted, header, rows, as_of, note), resolve_fonts(data_dir),
                          overlay=lambda _canvas, _page: check_cancel(cancel)).data
    raise WorkstationError(_("Unknown format {format}: choose pdf, xlsx or csv.").format(format=fmt))


def _xlsx_bytes(title: str, counted: str, note: str, header: list[str], rows: list[tuple[str, ...]],
                cancel: CancelToken | None = None) -> bytes:
    """The XLSX handout, written row by row (openpyxl's write-only mode): built as a whole sheet in memory, a hundred
    thousand deadlines held the window still for seconds while it was written on the runner's thread."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Deadlines"))
    # what a written row cannot be given afterwards: the column widths, the frozen header, the note's merged cell
    for column, width in zip("ABCDEFGH", (16, 12, 14, 24, 24, 16, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    head = 5 if note else 4  # the title, the day counted, the note, a blank row, then the header
    sheet.freeze_panes = f"A{head + 1}"

    def styled(value, **style):  # a text stored as text: a target "=HYPERLINK(…" is no formula
        return xlsx_cell(sheet, value, **style)

    sheet.append([styled(title, font=Font(bold=True, size=14))])
    sheet.append([styled(counted)])
    if note:  # one cell across the table's width, wrapped
        sheet.merged_cells.add(f"A3:{chr(ord('A') + len(header) - 1)}3")
        sheet.row_dimensions[3].height = 60
        sheet.append([styled(note, alignment=Alignment(wrap_text=True, vertical="top"))])
    sheet.append([])
    sheet.append([styled(text, font=Font(bold=True)) for text in header])
    wrapped = Alignment(wrap_text=True, vertical="top")
    for n, row in enumerate(rows):
        if n % ROW_STEP == 0:
            check_cancel(cancel)
        sheet.append([styled(text, alignment=wrapped) for text in row])
    book.properties.creator = "案卷工作站"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def handout_document(title: str, counted: str, header: list[str], rows: list[tuple[str, ...]], as_of: str,
                     note: str = ""):
    """The PDF handout as document blocks: A4 turned (eight columns), the calendar ``note`` (if any) under the day
    counted, each officer's name on a line of its own (the 、 kept at the end of the line before, so that the copied
    text still reads 冯凤仪、区颖诗)."""
    from workstation.documents.blocks import Cell, Document, Paragraph, Row, Spacer, Table

    lines = [tuple(text.replace("、", "、\n") if column == OFFICERS else text for column, text in enumerate(row))
             for row in rows]
    table = Table((Row(tuple(Cell.of(text, "cell_label_small") for text in header)),
                   *(Row(tuple(Cell.of(text, "cell_small") for text in row)) for row in lines)),
                  PDF_WIDTHS, header_rows=1)
    blocks = [Paragraph.of(title, "title"), Paragraph.of(counted, "plain"),
              *([Paragraph.of(note, "plain")] if note else []), Spacer(0.5)]
    if rows:
        blocks.append(table)
    else:
        blocks.append(Paragraph.of(_("No running deadline for this filter."), "plain"))
    return Document(title=title, blocks=tuple(blocks), metadata={"date": as_of, "subject": title},
                    landscape=True)  # eight columns: turned, so that no date, name or number is broken


def write_handout(path: str | Path, title: str, as_of: str, deadlines: list, data_dir: Path | None = None,
                  fmt: str | None = None, *, progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None) -> Path:
    """Write the handout to ``path`` whole or not at all, as ``fmt`` or by the file's extension (.pdf, .xlsx,
    .csv); a folder missing or not writable is refused before anything is written. ``progress`` hears of the
    writing, and ``cancel`` set meanwhile — looked at between rows, between the PDF's pages and before the file is
    put in place — raises ``Cancelled`` with no file written (not even in part), as the statistics' export does."""
    from workstation.output import StagedOutput
    from workstation.output_names import output_format

    suffix = Path(str(path)).suffix.lower().lstrip(".")
    if fmt is not None:  # the print dialog's PDF: a name saying another format (截止.xlsx) is refused, not filled
        output_format(path, FORMATS, fmt)
    fmt = fmt or suffix
    if fmt not in FORMATS:
        raise WorkstationError(_("{file}: the deadline list is written as .pdf, .xlsx or .csv; choose one of those "
                                 "file types.").format(file=path))
    report = progress or (lambda done, total, message: None)
    staged = StagedOutput(str(path))  # the folder checked before anything is made
    try:
        writing = _("Writing {file}").format(file=staged.target.name)
        report(0, 3, writing)
        data = handout_bytes(fmt, title, as_of, deadlines, data_dir, cancel=cancel)
        report(1, 3, writing)
        return staged.put(data, cancel, lambda step: report(1 + step, 3, writing))
    finally:
        staged.discard()


def handout_task(path: str | Path, title: str, as_of: str, deadlines: list, data_dir: Path | None = None,
                 fmt: str | None = None, *, progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> Path:
    """``write_handout`` as a task of the window's runner (nothing read from the database: the rows are given)."""
    check_cancel(cancel)
    return write_handout(path, title, as_of, deadlines, data_dir, fmt, progress=progress, cancel=cancel)
