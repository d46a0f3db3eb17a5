"""The deadline board as officers hand it out (期限提醒): who each row concerns and who handles it (``name_rows``),
and what the board shows for its filter — group, agency, officer — written as PDF (the documents' own PDF writer),
XLSX or CSV, titled with the filter and the day the deadlines were counted on. Party names are masked as in the case
list (a phone or ID number written in one); a lead is named in the case column by its subject and masked number,
its target (if any) in the party column; an interview's time limit carries no code."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.i18n import N_, _
from workstation.interview_deadlines import awaited_party_names
from workstation.masking import mask_text
from workstation.progress import CancelToken, ProgressFn, check_cancel, no_progress
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
#: the progress of writing a handout's file and of putting it in place (after ``SCALE`` of making it)
PUT_STEP = 10
LABEL_LENGTH = 24


def remaining_text(d) -> str:
    """What the board's Remaining column says of ``d``: days left or ago, today, or the days a stopped clock has
    left (暂停 while a hearing or the like is not counted, 中止 for a suspended case), or that a clock waiting for a
    pending reconsideration or lawsuit has not started (尚未起算), or that its case was sent away by a 案件移送函, its
    终止调查 awaited (已移送，待终止: nothing left to count here)."""
    if d.transferred_out:
        from workstation.clocks import TRANSFERRED_OUT_LEFT

        return _(TRANSFERRED_OUT_LEFT)
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


def row_cells(d) -> tuple:
    """What the handout's XLSX holds of one deadline, in the order of ``HEADER``: as ``row_texts``, but the
    deadline a date (``datetime.date``: filtered, sorted and grouped as one in Excel or WPS) and the days left of a
    running clock a number (negative once passed, 0 on its last day: ``days_format`` words it as the board does);
    a stopped clock's remaining text and a deadline not counted ("—") as text."""
    import datetime as dt

    texts = row_texts(d)
    due = dt.date.fromordinal(d.due_ord) if d.due_ord is not None else texts[1]
    left = d.days_left if d.state != "stopped" and d.days_left is not None else texts[2]
    return (texts[0], due, left, *texts[3:])


def days_format() -> str:
    """The XLSX number format of the remaining days: the number shown as the board words it (3日后, 已过2日, 今日),
    a number all the same (positive;negative;zero sections, the negative one shown without its sign)."""
    def section(text: str) -> str:  # the words quoted (a quote of their own left out), the number as 0
        before, number, after = text.replace('"', "").partition("{n}")
        return (f'"{before}"' if before else "") + ("0" if number else "") + (f'"{after}"' if after else "")

    return ";".join((section(_("in {n} days")), section(_("{n} days ago")), section(_("today"))))


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
                  progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> bytes:
    """The handout of ``deadlines`` as ``fmt`` (pdf, xlsx, csv): ``title``, the day counted on, the note the board
    shows above its table when a deadline was counted in a year without holiday data (``handout_calendar_note``:
    the rows marked 日历待核实 say why, naming the calendar, not a path of this computer), the rows. ``progress``
    hears, on a scale of ``SCALE``, of the rows made and written and of the PDF's pages drawn (a city's board took
    35 seconds as a PDF, 13 as an XLSX, its bar at 0 % all the while); ``cancel`` is looked at between rows and
    between the PDF's pages: set, ``Cancelled`` is raised.

    Python's cyclic collector is held off meanwhile (``collector.collections_held``): a full collection walking the
    hundreds of thousands of cells, paragraphs and lines a big board's PDF or XLSX is made of held the interpreter's
    lock for a second and more, several times over, and the window froze with it. What was made is let go before
    the collector resumes — once the bytes are made, or the frames of a Cancel's or a failure's traceback cleared —
    and the layout keeps none of the handout's lines (``pdf_layout.lines_not_kept``), so that no full collection walks
    them afterwards either."""
    import traceback

    from workstation.collector import collections_held

    if fmt not in FORMATS:
        raise WorkstationError(_("Unknown format {format}: choose pdf, xlsx or csv.").format(format=fmt))
    with collections_held():
        try:
            return _handout_bytes(fmt, title, as_of, deadlines, data_dir, _Bar(progress), cancel)
        except BaseException as exc:  # noqa: BLE001 - raised on, the layout it held let go of first
            traceback.clear_frames(exc.__traceback__)
            raise


#: the scale ``handout_bytes`` reports its progress on
SCALE = 1000
#: the parts of ``SCALE`` each step of a handout ends at, about as long as each took on a city's board of 25,785
#: deadlines: the rows' texts, then for a PDF its table's rows (5 s) and laying the pages out (10 s, heard of only
#: once it ends), then drawing the pages (15 s); for an XLSX writing the rows (13 s)
STEPS = {"csv": {"texts": 950},
         "xlsx": {"texts": 50, "written": 980},
         "pdf": {"texts": 30, "table": 200, "laid_out": 450, "drawn": 990}}
#: about the rows of a board a page of its PDF holds (25,785 deadlines on 2,668 pages): the pages' part of the
#: progress is spread over as many pages as a board's rows would take at this, the page count being known only once
#: they are laid out
PDF_ROWS_PER_PAGE = 9


class _Bar:
    """The progress of a handout being made, on ``SCALE``, never going back."""

    def __init__(self, progress: ProgressFn | None):
        self.progress = progress or no_progress
        self.done = 0

    def tell(self, done: float, message: str) -> None:
        self.done = max(self.done, min(int(done), SCALE))
        self.progress(self.done, SCALE, message)

    def rows(self, first: int, last: int, row: int, rows: int) -> None:
        """Tell of ``row`` of ``rows`` made in the step from ``first`` to ``last``."""
        self.tell(first + (last - first) * row / max(rows, 1),
                  _("row {row} of {rows}").format(row=row, rows=rows))


def _handout_bytes(fmt: str, title: str, as_of: str, deadlines: list, data_dir: Path | None, bar: _Bar,
                   cancel: CancelToken | None) -> bytes:
    steps = STEPS[fmt]
    counted = _("Counted as of {date}; {n} deadlines.").format(date=as_of, n=len(deadlines))
    note = handout_calendar_note(deadlines, data_dir)
    header = [_(text) for text in HEADER]
    rows = []
    for n, d in enumerate(deadlines):
        if n % ROW_STEP == 0:
            check_cancel(cancel)
            bar.rows(0, steps["texts"], n, len(deadlines))
        rows.append(row_cells(d) if fmt == "xlsx" else row_texts(d))
    if fmt == "csv":
        out = io.StringIO(newline="")
        writer = csv_writer(out)  # a target worded "=HYPERLINK(…)" written as text, not run as a formula
        writer.writerows([[title], [counted], *([[note]] if note else []), [], header, *rows])
        data = ("\ufeff" + out.getvalue()).encode("utf-8")  # with BOM: Excel and WPS read the Chinese
    elif fmt == "xlsx":
        def written(row: int) -> None:
            check_cancel(cancel)
            bar.rows(steps["texts"], steps["written"], row, len(rows))

        data = _xlsx_bytes(title, counted, note, header, rows, written)
    else:
        data = _pdf_bytes(title, counted, note, header, rows, as_of, data_dir, bar, cancel)
    bar.tell(SCALE, _("row {row} of {rows}").format(row=len(rows), rows=len(rows)))
    return data


def _pdf_bytes(title: str, counted: str, note: str, header: list[str], rows: list[tuple[str, ...]], as_of: str,
               data_dir: Path | None, bar: _Bar, cancel: CancelToken | None) -> bytes:
    """The PDF handout; the progress of its table's rows made, of laying its pages out (heard of as it begins and
    as the first page is drawn) and of each page drawn (its part spread over the pages ``PDF_ROWS_PER_PAGE`` gives)."""
    from workstation.documents.fonts import resolve_fonts
    from workstation.documents.pdf_layout import lines_not_kept
    from workstation.documents.pdf_writer import render_pdf

    steps = STEPS["pdf"]

    def made(row: int) -> None:
        check_cancel(cancel)
        bar.rows(steps["texts"], steps["table"], row, len(rows))

    document = handout_document(title, counted, header, rows, as_of, note, made)
    bar.tell(steps["table"], _("laying out the pages"))
    pages = max(1, -(-len(rows) // PDF_ROWS_PER_PAGE))

    def drawn(_canvas, page) -> None:  # the writer's hook after a page's lines: it draws nothing here
        check_cancel(cancel)
        share = min(page.number / pages, 1.0)
        bar.tell(steps["laid_out"] + (steps["drawn"] - steps["laid_out"]) * share,
                 _("page {page}").format(page=page.number))

    with lines_not_kept():  # its rows laid out once: none left kept for a collection to walk (``lines_not_kept``)
        return render_pdf(document, resolve_fonts(data_dir), overlay=drawn).data


def _xlsx_bytes(title: str, counted: str, note: str, header: list[str], rows: list[tuple],
                written: Callable[[int], None]) -> bytes:
    """The XLSX handout of ``rows`` (``row_cells``: its deadlines dates, its days left numbers), written row by row
    (openpyxl's write-only mode): built as a whole sheet in memory, a hundred thousand deadlines held the window still
    for seconds while it was written on the runner's thread. ``written`` hears of the rows written every ``ROW_STEP``
    (it may raise ``Cancelled``)."""
    import datetime as dt

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
    days, left = days_format(), Alignment(horizontal="left", wrap_text=True, vertical="top")

    def cell(value):
        if isinstance(value, dt.date):
            return styled(value, alignment=wrapped, number_format="yyyy-mm-dd")
        if isinstance(value, int):
            return styled(value, alignment=left, number_format=days)
        return styled(value, alignment=wrapped)

    try:
        for n, row in enumerate(rows):
            if n % ROW_STEP == 0:
                written(n)  # it looks at the Cancel itself
            sheet.append([cell(value) for value in row])
    except BaseException:
        _close_abandoned(sheet)
        raise
    book.properties.creator = "案卷工作站"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _close_abandoned(sheet) -> None:
    """A write-only sheet given up half-written (a Cancel) closed: its XML streams ended in order and its temporary
    file removed. Left to the collector, they were closed in any order (lxml's "not in an element", reported as an
    exception ignored) and the file stayed in the temporary folder until the program ended."""
    with contextlib.suppress(Exception):
        sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()


def handout_document(title: str, counted: str, header: list[str], rows: list[tuple[str, ...]], as_of: str,
                     note: str = "", made: Callable[[int], None] | None = None):
    """The PDF handout as document blocks: A4 turned (eight columns), the calendar ``note`` (if any) under the day
    counted, each officer's name on a line of its own (the 、 kept at the end of the line before, so that the copied
    text still reads 冯凤仪、区颖诗). ``made`` hears of the table's rows made every ``ROW_STEP`` (it may raise
    ``Cancelled``)."""
    from workstation.documents.blocks import Cell, Document, Paragraph, Row, Spacer, Table

    table_rows = [Row(tuple(Cell.of(text, "cell_label_small") for text in header))]
    for n, row in enumerate(rows):
        if made is not None and n % ROW_STEP == 0:
            made(n)
        table_rows.append(Row(tuple(Cell.of(text.replace("、", "、\n") if column == OFFICERS else text, "cell_small")
                                    for column, text in enumerate(row))))
    table = Table(tuple(table_rows), PDF_WIDTHS, header_rows=1)
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
    report = progress or no_progress
    staged = StagedOutput(str(path))  # the folder checked before anything is made
    total = SCALE + 2 * PUT_STEP  # the handout made (``handout_bytes``' scale), then written and put in place
    try:
        writing = _("Writing {file}").format(file=staged.target.name)
        report(0, total, writing)
        data = handout_bytes(fmt, title, as_of, deadlines, data_dir, cancel=cancel, progress=lambda done, _total, step:
                             report(done, total, _("Writing {file}: {step}").format(file=staged.target.name,
                                                                                    step=step)))
        return staged.put(data, cancel, lambda step: report(SCALE + step * PUT_STEP, total, writing))
    finally:
        staged.discard()


def handout_task(path: str | Path, title: str, as_of: str, deadlines: list, data_dir: Path | None = None,
                 fmt: str | None = None, *, progress: ProgressFn | None = None,
                 cancel: CancelToken | None = None) -> Path:
    """``write_handout`` as a task of the window's runner (nothing read from the database: the rows are given)."""
    check_cancel(cancel)
    return write_handout(path, title, as_of, deadlines, data_dir, fmt, progress=progress, cancel=cancel)
