"""The campaign progress report (通报) written to a file: figures gathered (or read from a frozen period),
optionally frozen under a label, rendered as PDF (official layout with charts), DOCX or XLSX, and written
whole or not at all. Freezing, rendering and writing share one transaction, so a failure or a cancel leaves
neither a frozen period nor a partial file behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

from workstation.db import Database
from workstation.errors import WorkstationError, join_sentences
from workstation.i18n import _
from workstation.output import StagedOutput, check_output
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.reports.data import report_data
from workstation.store.report_periods import (
    ReportPeriod,
    get_report_period,
    insert_report_period,
    list_report_periods,
)
from workstation.validators import parse_date

FORMATS = ("pdf", "docx", "xlsx")


def _period(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    """The bounds as ISO dates; a date that does not exist or an end before the start is refused."""
    try:
        first, last = parse_date(date_from), parse_date(date_to)
    except ValueError as exc:
        raise WorkstationError(str(exc)) from None
    if first and last and first > last:
        raise WorkstationError(_("The period ends ({end}) before it begins ({start}).").format(end=last, start=first))
    return first, last


def _data_dir(db: Database) -> Path | None:
    from workstation.clocks import data_dir_of

    return data_dir_of(db)


def default_agency(db: Database) -> str | None:
    """The agency a report for which none was chosen is of: at a station that is not headquarters, the station's
    own agency (``init --agency``, 名称和所属单位…), so that a district bureau's laptop never prints a city bureau's
    通报 (addressed to the district bureaus, signed 佛山市市场监督管理局) over its own cases; at headquarters, or at a
    station without an agency of its own, None (the whole city, as the city bureau reports)."""
    from workstation.clocks import data_dir_of
    from workstation.station_role import installation_role
    from workstation.store.base import get_setting

    chosen = get_setting(db, "station_agency")
    if not chosen:
        return None
    data_dir = data_dir_of(db)
    if data_dir is not None and installation_role(db, data_dir).headquarters:
        return None
    return chosen


def scope_note(db: Database, agency_id: str | None, own: bool = False, *, always: bool = False) -> str:
    """What `stats` and `stats export` say of the agency they counted (``stats.agency_scope_text``), where it could be
    misread: the agency given; or, given none at a station with an agency of its own (``default_agency``), that every
    record held here was counted while the campaign report, given no agency either, is of the station's agency
    (CLI.md keeps both defaults). '' without an agency elsewhere: every record, as the report counts them too —
    unless ``always`` (`stats`, which says its scope whatever it is), then said as well."""
    from workstation.stats import agency_scope_text

    station = None if agency_id else _station_agency(db)
    if not agency_id and station is None and not always:
        return ""
    text = _("Agency counted: {scope}.").format(scope=agency_scope_text(db, agency_id, own))
    if station is not None:  # joined as the language writes sentences: no space after a Chinese full stop
        text = join_sentences([text, _("Without --agency, `report campaign` prints the report of this station's "
                                       "agency, {agency}: `stats --agency {code}` counts its figures.").format(
            agency=station[0], code=station[1])])
    return text


def all_agencies_note(db: Database) -> str:
    """What the report's dialog says when the statistics page shows all agencies at a station with an agency of its
    own: that the report is of every record held here, worded as the city bureau's, not the station's own report
    (which the page gives with its agency chosen); '' elsewhere (headquarters, a laptop without an agency, a station
    of the city bureau, whose own report is the city's)."""
    station = _station_agency(db)
    if station is None or station[2] == "city":
        return ""
    return _("All agencies: the report counts every record held here and is worded as the city bureau's "
             "(addressed to the district bureaus, signed by the city bureau). For this station's own report, "
             "choose {agency} on the page.").format(agency=station[0])


def _station_agency(db: Database) -> tuple[str, str, str] | None:
    """(name, code, level) of ``default_agency``, None without one."""
    station = default_agency(db)
    if station is None:
        return None
    return db.execute("SELECT name, code, level FROM agencies WHERE id = ?", [station]).fetchone() or ("", "", "")


def report_scope_note(db: Database, agency_id: str | None, own: bool = False, *, defaulted: bool = False) -> str:
    """What `report campaign` says of the agency its report is of (``stats.agency_scope_text``): '' for every record
    held here (as `stats` counts them given no agency); with ``defaulted`` (the station's own agency, none given), that
    it is the station's, while `stats` given no agency counts every record held here."""
    from workstation.stats import agency_scope_text

    if not agency_id:
        return ""
    scope = agency_scope_text(db, agency_id, own)
    if defaulted:
        return _("It covers {scope}, this station's agency (no --agency given); `stats` without --agency counts "
                 "every record held here.").format(scope=scope)
    return _("It covers {scope}.").format(scope=scope)


#: the most characters the label of a frozen period takes: a quarter, a month or a campaign's stage (“2026年第一季度”,
#: “百日攻坚行动第二阶段”) fits many times over; a text pasted by mistake does not, and a frozen period is kept for good
LONGEST_FREEZE_LABEL = 100


def freeze_label_problem(label: str) -> str | None:
    """Why ``label`` cannot be the label of a period frozen for good: a control character or a text-direction
    control, refused as in a party's name (``store.parties.control_problem``), or more than
    ``LONGEST_FREEZE_LABEL`` characters. None when it can."""
    from workstation.store.parties import control_problem

    label = label.strip()
    if problem := control_problem(label):
        return _("The label to freeze the period under: {problem}").format(problem=problem)
    if len(label) > LONGEST_FREEZE_LABEL:
        return _("The label to freeze the period under has {count} characters; it takes at most {limit}: give a "
                 "shorter one, such as the quarter it covers.").format(count=len(label), limit=LONGEST_FREEZE_LABEL)
    return None


def _check_freeze_label(label: str | None) -> None:
    """Refuse, before anything is frozen or written, a label ``freeze_label_problem`` finds a problem in."""
    if label is not None and (problem := freeze_label_problem(label)):
        raise WorkstationError(problem)


def freeze_period(db: Database, label: str, date_from: str | None = None, date_to: str | None = None,
                  agency_id: str | None = None, *, own: bool = False) -> ReportPeriod:
    """Freeze the report figures of a period under ``label`` (audited); an existing label is refused. Without an
    agency, of ``default_agency``'s."""
    _check_freeze_label(label)
    first, last = _period(date_from, date_to)
    agency_id = agency_id or default_agency(db)
    return insert_report_period(db, label, first, last, agency_id,
                                report_data(db, first, last, agency_id, own=own))


def list_periods(db: Database) -> list[dict]:
    """The frozen periods, newest first: {label, from, to, agency_code, frozen_at, frozen_by, frozen_by_officer,
    sha256, id} (``frozen_by`` as stored; ``frozen_by_officer`` the officer it names, "" for none: the computer's
    account of an earlier version is never shown)."""
    from workstation.audit import acting_officer

    codes = dict(db.execute("SELECT id, code FROM agencies").fetchall())
    return [{"label": p.label, "from": p.date_from, "to": p.date_to, "agency_code": codes.get(p.agency_id),
             "frozen_at": p.frozen_at, "frozen_by": p.frozen_by,
             "frozen_by_officer": acting_officer(db, p.frozen_by), "sha256": p.sha256, "id": p.id}
            for p in list_report_periods(db)]


def render_report(data: dict, fmt: str, data_dir: Path | None = None) -> tuple[bytes, int | None]:
    """The report of ``data`` as (bytes, pages) in ``fmt``; pages only for a PDF. Its texts (the names of the
    agencies, districts and offices, which come from the stations' bundles) are printed as a form's values are
    (``glyphs.printable``): a tab or a control character pasted into a name printed as a box in the PDF and its
    charts, with no warning, since it is no character to find a font for."""
    from workstation.documents.glyphs import printable_values

    data = printable_values(data)
    if fmt == "pdf":
        from workstation.documents.fonts import resolve_fonts
        from workstation.documents.pdf_pages import Frame
        from workstation.documents.pdf_writer import render_pdf
        from workstation.reports.charts import ChartOverlay
        from workstation.reports.document import charts, report_document

        fonts = resolve_fonts(data_dir)
        rendered = render_pdf(report_document(data), fonts,
                              overlay=ChartOverlay(charts(data), fonts, Frame.from_layout()))
        return rendered.data, rendered.pages
    if fmt == "docx":
        from workstation.documents.docx_writer import render_docx
        from workstation.reports.data import has_docx_bureau_widths, has_docx_charts
        from workstation.reports.document import BUREAU_WIDTHS, BUREAU_WIDTHS_DOCX, report_document

        widths = BUREAU_WIDTHS_DOCX if has_docx_bureau_widths(data) else BUREAU_WIDTHS
        if not has_docx_charts(data):  # a period frozen before format 4, as it was sent
            return render_docx(report_document(data, with_charts=False, bureau_widths=widths)), None
        from workstation.documents.fonts import resolve_fonts
        from workstation.reports.chart_picture import chart_picture

        fonts = resolve_fonts(data_dir)
        document = report_document(data, picture=lambda chart: chart_picture(chart, fonts), bureau_widths=widths)
        return render_docx(document), None
    if fmt == "xlsx":
        from workstation.reports.workbook import campaign_workbook

        return campaign_workbook(data), None
    raise WorkstationError(_("Unknown report format {format}: choose pdf, docx or xlsx.").format(format=fmt))


def report_fields(data: dict) -> tuple[tuple[str, str], ...]:
    """(label, text) of each text the report of ``data`` prints that comes from the records rather than its own
    wording — the stations' names and the case numbers sent in their bundles, the agencies', units' and districts'
    names —, so that a character no font has is named with where it is (``glyphs.document_missing_glyphs``). A period
    frozen before a key was kept has none of it."""
    stats = data.get("stats") or {}
    fields = [(_("Station name ({code})").format(code=station.get("agency_code") or "—"), station.get("station") or "")
              for station in stats.get("stations") or []]
    fields += [(_("Case number"), "\n".join((stats.get("cases") or {}).get("threshold_not_transferred") or [])),
               (_("Agency name"), (data.get("agency") or {}).get("name") or ""),
               (_("Unit name"), "\n".join(str(row.get("short_name") or "") for row in data.get("bureau_table") or [])),
               (_("District"), "\n".join(str(row.get("district") or "") for row in data.get("districts") or []))]
    return tuple((label, text) for label, text in fields if text)


def report_glyphs(data: dict, fmt: str, data_dir: Path | None = None, *, freezing: bool = False) -> list:
    """The characters the report of ``data`` in ``fmt`` prints that it should not (``glyphs.MissingGlyphs``, by the
    field they are in, ``report_fields``), as a document's are checked: in the PDF those no installed face has (a
    blank box) and the emoji and pictographs a face draws (no 公文 prints one); in the DOCX every emoji, one no
    installed face has (🥰) too, as an emoji, and nothing else (Word draws a rare character from a face of its own);
    none in the workbook, which is no 公文. ``freezing``: the figures are frozen, to be printed again in any format,
    so both kinds are looked for whatever ``fmt``."""
    from dataclasses import replace

    from workstation.documents.fonts import resolve_fonts
    from workstation.documents.glyphs import document_missing_glyphs, pictograph, printable_values
    from workstation.reports.document import report_document

    if fmt == "xlsx" and not freezing:
        return []
    data = printable_values(data)  # as render_report prints it
    document = replace(report_document(data), fields=report_fields(data))
    found = document_missing_glyphs(document, resolve_fonts(data_dir))
    if fmt == "docx" and not freezing:
        # every emoji, as written: one no face has (🥰) is among the characters without a glyph (``chars``)
        texts = dict(document.fields)
        found = [replace(m, chars="", emoji="".join(c for c in dict.fromkeys(texts.get(m.label, m.chars + m.emoji))
                                                    if c in m.chars + m.emoji and pictograph(c))) for m in found]
        found = [m for m in found if m.emoji]
    return found


def glyph_warnings(found: list, data_dir: Path | None = None) -> list[str]:
    """One warning per field of ``found`` (``report_glyphs``) naming its characters, the report written all the
    same: those printed as blank boxes, and apart the emoji, each with what to do — ``glyphs.draft_warnings`` but for
    its words, which speak of a document to be issued."""
    from workstation.documents.glyphs import by_field

    return by_field(found, data_dir,
                    _("{field}: {chars} has no glyph in any installed font and prints as a blank box in this "
                      "report: check it before it is sent. {advice}"),
                    _("{field}: {chars} is an emoji or pictograph, which an official report does not print; it "
                      "is printed in this report all the same. {advice}"))


def refuse_frozen_glyphs(found: list, data_dir: Path | None = None) -> None:
    """Refuse to freeze a period whose report prints the characters of ``found`` (``report_glyphs``): a frozen
    period is printed again as it was frozen, blank boxes and emoji with it. Nothing is frozen or written —
    ``glyphs.refuse_missing_glyphs`` but for its words, which speak of a 文号 not taken."""
    from workstation.documents.glyphs import by_field
    from workstation.errors import join_reasons

    reasons = by_field(found, data_dir,
                       _("{field}: {chars} has no glyph in any installed font and would print as a blank box, so "
                         "the period was not frozen and no report was written. {advice}"),
                       _("{field}: {chars} is an emoji or pictograph, which an official report does not print, so "
                         "the period was not frozen and no report was written. {advice}"))
    if reasons:
        raise WorkstationError(join_reasons(reasons))


def write_campaign_report(db: Database, out_path: str | Path, fmt: str, *, date_from: str | None = None,
                          date_to: str | None = None, agency_id: str | None = None, own: bool = False,
                          period_label: str | None = None, freeze_as: str | None = None,
                          progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
                          all_agencies: bool = False) -> dict:
    """Write the campaign progress report to ``out_path`` in ``fmt`` (pdf, docx, xlsx), of an agency with its
    offices or, with ``own``, of its own records only. With ``period_label`` it is printed from that frozen
    period's figures (the same bytes as when it was sent); with ``freeze_as`` the figures are frozen under that
    label first. Without an agency, the report is of ``default_agency``'s (at a station, its own agency's), or with
    ``all_agencies`` of every record held here, whatever the station's agency: the statistics page's “All
    agencies”, whose figures its report prints. Returns {path, format, period, frozen, sha256, pages (PDF; None for
    DOCX and XLSX), agency (the code of the agency reported on; None: every record held here)}, and warnings when the
    report prints characters no font has or emoji (``report_glyphs``: a list of sentences, each naming the characters
    and where they are). Freezing a period whose report would print them is refused, nothing frozen or written."""
    if fmt not in FORMATS:
        raise WorkstationError(_("Unknown report format {format}: choose pdf, docx or xlsx.").format(format=fmt))
    if period_label and (freeze_as or date_from or date_to or agency_id or own):
        raise WorkstationError(_("A frozen period keeps its own dates and agency: give only its label to print it "
                                 "again."))
    _check_freeze_label(freeze_as)
    target = check_output(str(out_path))
    first, last = _period(date_from, date_to)
    if not period_label and not all_agencies:
        agency_id = agency_id or default_agency(db)

    def check() -> None:
        if cancel is not None:
            cancel.check()

    progress(0, 3, _("Collecting the figures"))
    # a period frozen is written with the figures it keeps (and rolled back on a Cancel); figures only read take no
    # write lock, so the window's saves go on while the report is rendered. The file is written under a ``.part`` name
    # inside the transaction and given its own name once the period is frozen: a freeze failing at its commit (a disk
    # full) leaves no report of a period said not frozen
    staged = StagedOutput(str(target))
    try:
        with db.atomic() if freeze_as else db.reading():
            if period_label:
                data = get_report_period(db, period_label).snapshot
            else:
                from workstation.reports.drift import interruptible

                # a Cancel heard while the figures are gathered (seconds at 100,000 cases), the query running stopped
                with interruptible(db, cancel):
                    data = report_data(db, first, last, agency_id, own=own, cancel=cancel)
            # a station's name or a case number from a bundle with a character no font has, or an emoji: warned of, and
            # never frozen (a frozen period prints again as it was frozen)
            data_dir = _data_dir(db)
            glyphs = report_glyphs(data, fmt, data_dir, freezing=bool(freeze_as))
            if freeze_as:
                refuse_frozen_glyphs(glyphs, data_dir)
                insert_report_period(db, freeze_as, first, last, agency_id, data)
            check()
            progress(1, 3, _("Rendering the report"))
            payload, pages = render_report(data, fmt, data_dir)
            check()
            # from here the file is written and the period frozen: a Cancel is not heard (the window disables it, and
            # says so of one pressed meanwhile)
            if cancel is not None:
                cancel.close()
            progress(2, 3, _("Writing {file}").format(file=target.name))
            staged.write(payload)
        try:
            staged.finish()
        except WorkstationError as exc:
            if not freeze_as:
                raise
            # the period is frozen for good (a freeze asked again is refused): said so, with the way to its file, as
            # ``issuing.issue_to_file`` says a 文号 taken
            said = _("The figures are frozen as report period {label}, but {reason}").format(label=freeze_as,
                                                                                               reason=exc.message)
            way = _("Print it again from that frozen period: `report campaign --period {label}`, or in the window "
                    "“A frozen period” when printing the report.").format(label=freeze_as)
            raise WorkstationError(join_sentences([said, way]) if said.endswith((".", "。")) else
                                   _("{message}. {advice}").format(message=said, advice=way)) from None
    finally:
        staged.discard()
    progress(3, 3, _("Done"))
    result = {"path": str(target), "format": fmt, "period": period_label or freeze_as,
              "frozen": bool(period_label or freeze_as), "from": data["period"]["from"],
              "to": data["period"]["to"], "sha256": hashlib.sha256(payload).hexdigest(),
              "pages": pages,  # null for a DOCX or XLSX, laid out where it is opened (as `docs render` gives it)
              # the agency whose figures it prints (a frozen period's as frozen), null for every record held here
              "agency": data["period"].get("agency_code") if data["period"].get("agency_id") else None}
    if warnings := glyph_warnings(glyphs, data_dir):
        result["warnings"] = warnings
    return result
