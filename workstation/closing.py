"""What closing a case (结案) warns about without refusing it (REFERENCE §1.1 CLOSED, §2.2 No. 53, §1.9): closing
needs the agency head's approval on the 结案审批表 — the officer may still record it when that approval was given
on paper — and an ordinary-procedure penalty not yet published on 国家企业信用信息公示系统 keeps its publication
duty T18 running after the case is closed, overdue once its day passed, until the publication is recorded; so does
the hand-over of the case articles to the police who opened a criminal case (T29, transfer rules art. 12) until the
hand-over, or that there are none, is recorded; and the named reporter of the lead the case came from, not yet told
whether it was filed (T24), is told all the same; so are goods a seizure or preservation still holds, by its
documents, and a T14 or T13 still running (``seizure_warnings``).
Archiving it (归档) warns of the file's own sheets not issued or out of date, and of a cover dated otherwise than
the archiving (``archive_warnings``); a cover giving no 归档日期 is only reminded of (``archive_reminder``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from workstation.db import Database
from workstation.i18n import _
from workstation.money import figures
from workstation.records import Case

CLOSING_FORM = "closing_approval"
PUBLICATION_CLOCK = "T18"
HANDOVER_CLOCK = "T29"
REPORTER_CLOCK = "T24"


@dataclass(frozen=True)
class ClosingWarning:
    """One thing closing the case now goes against: what the officer reads, and what the timeline keeps once they
    closed it all the same."""

    message: str
    note: str
    #: what the command line says once the step is recorded (it records it and warns, where the window asks first
    #: to tick ``message``): done, with what to add now; "" when ``message`` reads as well after the step
    done: str = ""


def reopened(db: Database, case: Case) -> tuple[str, str] | None:
    """(when it was recorded, the day) the case was last reopened after it was closed — taken up again once the
    police withdrew the case it was closed as theirs on (``resume_after_police``), or its decision revoked to be made
    anew (``redecide``) —, None when it never was."""
    row = db.execute("SELECT at, COALESCE(on_date, substr(at, 1, 10)) FROM case_events WHERE case_id = ? AND kind = "
                     "'transition' AND from_status = 'closed' AND to_status NOT IN ('closed', 'archived') "
                     "ORDER BY at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    return (row[0], row[1]) if row else None


def approval_issued(db: Database, case: Case) -> bool:
    """Whether a 结案审批表 was issued (and not voided) in the case since it was last reopened (``reopened``): the
    one issued before approved the closing it was reopened from, not the one to come. Asked as whether one issued since
    is in force (``approval_in_force``): one issued since and corrected is replaced by its correction, issued later."""
    return approval_in_force(db, case) is not None


def approval_before_reopening(db: Database, case: Case):
    """The 结案审批表 in force (the latest, ``IssuedDocument``) issued before the case was last reopened, while none
    was issued since (``approval_issued``): it approved the closing the case was reopened from, and its correction
    approves the new one. None otherwise."""
    from workstation.documents.issuing import in_force_of_form

    since = reopened(db, case)
    if since is None or approval_issued(db, case):
        return None
    old = [d for d in in_force_of_form(db, case.id, CLOSING_FORM) if d.issued_at <= since[0]]
    return old[-1] if old else None


def _running(db: Database, case: Case, clock: str):
    """The deadline ``clock`` of the case while it still runs, else None."""
    from workstation.clocks import case_clocks

    return next((d for d in case_clocks(db, case) if d.clock == clock and d.open), None)


def unpublished(db: Database, case: Case):
    """The publication deadline T18 of the case while it still runs (the penalty not published), else None:
    a case decided under the simple procedure, with a warning alone or not to penalise has none to run."""
    return _running(db, case, PUBLICATION_CLOCK)


def not_handed_over(db: Database, case: Case):
    """The hand-over deadline T29 of the case while it still runs (the police opened a criminal case and neither the
    hand-over of the case articles nor that there are none is recorded), else None."""
    return _running(db, case, HANDOVER_CLOCK)


def reporter_untold(db: Database, case: Case):
    """T24 of the lead the case came from while its named reporter is still to be told whether it was filed
    (``clocks.REPORTER_AWAITED``: the case filed, or declined — 不予立案 decides its lead), else None."""
    from workstation.clocks import REPORTER_AWAITED, engine_for, reporter_deadline

    row = db.execute(f"SELECT id, decided_on FROM leads WHERE case_id = ? AND {REPORTER_AWAITED} ORDER BY decided_on, "
                     "id LIMIT 1", [case.id]).fetchone()
    return None if row is None else reporter_deadline(engine_for(db), row[0], row[1], None)


def closing_warnings(db: Database, case: Case, *, for_command_line: bool = False) -> list[ClosingWarning]:
    """What closing ``case`` now goes against (empty: nothing). The correction of the 结案审批表 in force is named as
    更正… in the case's documents and, ``for_command_line`` (`cases transition … close`), ``--supersedes``."""
    out = []
    old = approval_before_reopening(db, case)
    if old is not None:
        out.append(_old_approval_warning(db, case, old, for_command_line))
    elif not approval_issued(db, case):
        out.append(ClosingWarning(
            _("No 结案审批表 has been issued in this case: closing a case needs the approval of the agency's head on "
              "it. Write and issue it first; record the closing all the same only if the closing was approved on "
              "paper."),
            _("Closed without an issued 结案审批表."),
            _("The case is recorded as closed. No 结案审批表 has been issued in it: write and issue it now, or, if the "
              "closing was approved on paper, keep that approval in the case file.")))
    else:
        out += _ground_warnings(db, case, for_command_line)
    deadline = unpublished(db, case)
    if deadline is not None:
        due, late = _due_and_late(deadline)
        out.append(ClosingWarning(
            _("The penalty has not been published yet: {clock} {title} is due on {due}{late} ({source}). Closing "
              "the case does not end that duty: {clock} stays on the deadline board until the publication is "
              "recorded.").format(clock=PUBLICATION_CLOCK, title=deadline.rule.title, due=due, late=late,
                                  source=deadline.source),
            _("Closed before the penalty was published ({clock} due on {due}).").format(clock=PUBLICATION_CLOCK,
                                                                                         due=due)))
    out += _unpaid_warnings(db, case)
    out += revoked_refund_warnings(db, case)
    out += redone_refund_warnings(db, case)
    out += overpaid_warnings(db, case)
    out += seizure_warnings(db, case)
    deadline = not_handed_over(db, case)
    if deadline is not None:
        out.append(_handover_warning(deadline))
    deadline = reporter_untold(db, case)
    if deadline is not None:
        out.append(_reporter_warning(case, deadline))
    return out


def _filed_since(db: Database, case: Case) -> str:
    """When the case last left the states its file is put together in (``stage_rules.ARCHIVED_STATES``), "" when it
    never did: a sheet issued before describes a file that grew since (reopened)."""
    from workstation.documents.stage_rules import ARCHIVED_STATES

    marks = ", ".join("?" for _state in ARCHIVED_STATES)
    return db.execute(f"SELECT MAX(at) FROM case_events WHERE case_id = ? AND kind = 'transition' AND from_status "
                      f"IN ({marks}) AND to_status NOT IN ({marks})",
                      [case.id, *ARCHIVED_STATES, *ARCHIVED_STATES]).fetchone()[0] or ""


def archive_warnings(db: Database, case: Case, on_date: str | None = None, *,
                     for_command_line: bool = False) -> list[ClosingWarning]:
    """What archiving ``case`` (归档) now goes against (empty: nothing): of the file's own sheets (卷宗封面, 卷内文件目录,
    卷内备考表: ``formkit.values.ARCHIVE_FORMS``, REFERENCE §1.1 ARCHIVED), those not in force issued since the case
    last entered the states its file is put together in (``_filed_since``) — one issued before it was reopened
    describes a file that grew since; those issued that no longer describe the file (``casefile.stale_sheets``: a
    document issued after them, a voided one not marked …), each named with why, their corrections asked for (更正…,
    with ``--supersedes`` ``for_command_line``); and, archived on ``on_date``, a cover giving another 归档日期
    (``archive_date_warnings``). Warned, not refused, as closing without its 结案审批表 is: the sheets may have been
    written or corrected on paper. With ``on_date`` (the command line, which says them all once the step is
    recorded) also the reminder of a cover giving no 归档日期 (``archive_reminder``): no warning, which the window
    shows before the archiving and does not ask to tick."""
    from workstation.documents.casefile import stale_sheets
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import in_force_of_form, or_supersedes
    from workstation.formkit.values import ARCHIVE_FORMS

    since = _filed_since(db, case)
    missing = [find_form(form_id).title for form_id in ARCHIVE_FORMS
               if not [d for d in in_force_of_form(db, case.id, form_id) if d.issued_at > since]]
    out = []
    if missing:
        titles = "、".join(missing)
        out.append(ClosingWarning(
            _("No {titles} has been issued in this case: the case file is archived with its cover, its index of the "
              "documents and its remarks sheet, made once the case is closed. Write and issue them first (the "
              "case's documents section); record the archiving all the same only if they were written on "
              "paper.").format(titles=titles),
            _("Archived without an issued {titles}.").format(titles=titles),
            _("The case is recorded as archived. No {titles} has been issued in it: issue them now, or, if they "
              "were written on paper, keep them in the case file.").format(titles=titles)))
    stale = stale_sheets(db, case)[1]
    if stale:
        reasons, corrected = _("; ").join(reason for _forms, reason in stale), or_supersedes(None, for_command_line)
        out.append(ClosingWarning(
            _("Sheets issued for the case file no longer describe it: {reasons}. Issue each again as the correction "
              "of the one in force (更正… in the case's documents{or_supersedes}) before archiving; record the "
              "archiving all the same only if they were corrected on paper.").format(
                reasons=reasons, or_supersedes=corrected),
            _("Archived with sheets out of date: {reasons}.").format(reasons=reasons),
            _("The case is recorded as archived. Sheets issued for its file no longer describe it: {reasons}. Issue "
              "each again as the correction of the one in force (更正… in the case's documents{or_supersedes}); the "
              "case file is not printed until then.").format(reasons=reasons, or_supersedes=corrected)))
    if not on_date:
        return out
    reminder = archive_reminder(db, case, on_date, since=since, stale=stale, for_command_line=for_command_line)
    return out + archive_date_warnings(db, case, on_date, since=since, for_command_line=for_command_line) + (
        [reminder] if reminder is not None else [])


def archive_cover(db: Database, case: Case, *, since: str | None = None):
    """The 卷宗封面 in force (``IssuedDocument``) issued since the case's file was put together (``_filed_since``,
    ``since`` when known): the one the archiving goes with; None without one (not issued, or issued before the case
    was reopened: ``archive_warnings`` says so)."""
    from workstation.documents.issuing import in_force_of_form

    since = _filed_since(db, case) if since is None else since
    covers = [d for d in in_force_of_form(db, case.id, "file_cover") if d.issued_at > since]
    return covers[-1] if covers else None


def cover_archive_day(db: Database, case: Case, *, since: str | None = None):
    """The day archiving ``case`` is recorded on unless another is given — the window's archive dialog starts at it
    (``ui.transition_dialog.archive_advice``), ``cases transition CASE archive`` without --date takes it: the
    归档日期 its cover (``archive_cover``, ``since`` as it takes it) gives, as (YYYY-MM-DD, that cover's
    ``IssuedDocument``). None without such a cover or with one whose 归档日期 is blank (left to be written once
    archived): today, then."""
    from workstation.documents.casefile import cover_archive_date

    cover = archive_cover(db, case, since=since)
    given = cover_archive_date(cover.values) if cover is not None else ""
    return (given, cover) if given else None


def archive_date_warnings(db: Database, case: Case, on_date: str, *, since: str | None = None,
                          for_command_line: bool = False) -> list[ClosingWarning]:
    """Archiving ``case`` on ``on_date`` while its cover (``archive_cover``, ``since`` as it takes it) gives another
    归档日期: the cover and the register would disagree, and once archived the cover is out of date
    (``casefile.stale_sheets``). Empty without such a cover, with one giving ``on_date``, or giving none (left blank
    to be written by hand once archived, as its help says: ``archive_reminder``)."""
    from workstation.documents.casefile import cover_archive_date
    from workstation.documents.issuing import or_supersedes

    cover = archive_cover(db, case, since=since)
    given = cover_archive_date(cover.values) if cover is not None else ""
    if not given or given == on_date:
        return []
    issued, corrected = cover.issued_at[:10], or_supersedes(cover.number or cover.id, for_command_line)
    return [ClosingWarning(
        _("The {title} issued {issued} gives 归档日期 {given}, but the case is archived on {date}: the cover and the "
          "case's register would disagree, and the case file is not printed until they agree. Archive it on "
          "{given}, or, archived on {date}, issue the cover's correction, which gives the day recorded (更正… in the "
          "case's documents{or_supersedes}).").format(title=cover.title, issued=issued, given=given, date=on_date,
                                                      or_supersedes=corrected),
        _("Archived on {date} while the {title} gives 归档日期 {given}.").format(date=on_date, title=cover.title,
                                                                             given=given),
        _("The case is recorded as archived on {date}, while its {title} issued {issued} gives 归档日期 {given}: issue "
          "its correction, which gives the day recorded (更正… in the case's documents{or_supersedes}); the case "
          "file is not printed until then.").format(date=on_date, title=cover.title, issued=issued, given=given,
                                                    or_supersedes=corrected))]


def archive_reminder(db: Database, case: Case, on_date: str | None = None, *, since: str | None = None,
                     stale: list | None = None, for_command_line: bool = False) -> ClosingWarning | None:
    """The reminder of archiving ``case`` with a cover (``archive_cover``, ``since`` as it takes it) giving no 归档日期
    — the normal way: the cover is issued before the archiving, its 归档日期 left blank (its help: 尚未归档的留空，
    归档后填写) —, to write the day on it by hand once archived or issue its correction. Not a warning: the timeline
    keeps nothing of it (``note`` ""). Its ``message`` is what the window says before the archiving; archived on
    ``on_date`` (the command line, after recording it), the day named. None without such a cover, or with one out of
    date already (``casefile.stale_sheets``, ``stale`` when known: its correction is asked for there)."""
    from workstation.documents.casefile import cover_archive_date, stale_sheets
    from workstation.documents.issuing import or_supersedes

    cover = archive_cover(db, case, since=since)
    if cover is None or cover_archive_date(cover.values):
        return None
    stale = stale_sheets(db, case)[1] if stale is None else stale
    if [forms for forms, _reason in stale if "file_cover" in forms]:
        return None
    issued, corrected = cover.issued_at[:10], or_supersedes(cover.number or cover.id, for_command_line)
    if on_date is None:
        return ClosingWarning(_(
            "The {title} issued {issued} gives no 归档日期, left blank until the case is archived: once it is, write "
            "the day recorded on it by hand, or issue its correction, which gives that day (更正… in the case's "
            "documents{or_supersedes}).").format(title=cover.title, issued=issued, or_supersedes=corrected), "")
    done = _("The case is recorded as archived on {date}. The {title} issued {issued} gives no 归档日期: write {date} "
             "on it by hand, or issue its correction (更正… in the case's documents{or_supersedes}).").format(
        date=on_date, title=cover.title, issued=issued, or_supersedes=corrected)
    return ClosingWarning(done, "", done)


def approval_in_force(db: Database, case: Case):
    """The 结案审批表 in force (the latest, ``IssuedDocument``) issued since the case was last reopened
    (``reopened``), else None."""
    from workstation.documents.issuing import in_force_of_form

    since = reopened(db, case)
    issued = [d for d in in_force_of_form(db, case.id, CLOSING_FORM) if d.issued_at > (since[0] if since else "")]
    return issued[-1] if issued else None


def approval_date_warnings(db: Database, case: Case, on_date: str | None, *,
                           for_command_line: bool = False) -> list[ClosingWarning]:
    """Closing ``case`` on ``on_date`` while the 结案审批表 in force (``approval_in_force``) gives no 报请日期 and was
    issued after that day: the closing is approved on the sheet asking for it (REFERENCE §1.1), and the 卷内文件目录
    dates the sheet by the day it was issued, after the closing. Its correction giving the 报请日期 is advised, with
    ``--supersedes`` ``for_command_line``. Empty without such a sheet, or ``on_date`` None (a date the procedure
    refuses); one giving a 报请日期 after ``on_date`` refuses the closing (``procedure._closing_date_guard``)."""
    from workstation.documents.issuing import or_supersedes
    from workstation.formkit.values import document_date

    sheet = approval_in_force(db, case) if on_date else None
    if sheet is None or str(sheet.values.get("proposed_on") or "").strip():
        return []
    from workstation.documents.drafts import find_form

    issued = document_date(find_form(CLOSING_FORM), sheet.values, sheet.issued_at[:10])
    if issued <= on_date:
        return []
    corrected = or_supersedes(sheet.number or sheet.id, for_command_line)
    return [ClosingWarning(
        _("The 结案审批表 in force gives no 报请日期 and was issued on {issued}, after {date}, the day the closing is "
          "recorded on: the closing is approved on the sheet asking for it, and the 卷内文件目录 would list the sheet "
          "on {issued}, after the closing. Record the closing on {issued} or later; or, if the closing was asked for "
          "and approved by {date}, issue first the sheet's correction giving that 报请日期 (更正… in the case's "
          "documents{or_supersedes}).").format(issued=issued, date=on_date, or_supersedes=corrected),
        _("Closed on {date} with the 结案审批表 issued on {issued}, which gives no 报请日期.").format(
            date=on_date, issued=issued),
        _("The case is recorded as closed on {date}. Its 结案审批表 in force gives no 报请日期 and was issued on "
          "{issued}, after the closing: issue its correction giving the 报请日期 on which the closing was asked for, "
          "{date} or earlier (更正… in the case's documents{or_supersedes}); until then the 卷内文件目录 lists the "
          "sheet on {issued}.").format(date=on_date, issued=issued, or_supersedes=corrected))]


def _ground_warnings(db: Database, case: Case, for_command_line: bool = False) -> list[ClosingWarning]:
    """Closing with a 结案审批表 in force whose 结案理由 is not the one the case ends with (``stage_rules.closing_ground``):
    issued as the case stood then (performed, before the police opened a criminal case on it), or before the sheet
    was checked against it; its correction advised, with ``--supersedes`` ``for_command_line``. Nothing when the
    case's end gives no ground (a served case whose decision was revoked), nor for 其他 with its reason written out
    (``stage_rules._other_ground`` accepts it)."""
    from workstation.documents.issuing import or_supersedes
    from workstation.documents.stage_rules import OTHER_GROUND, closing_ground

    sheet = approval_in_force(db, case)
    if sheet is None:
        return []
    ground, expected = str(sheet.values.get("ground") or ""), closing_ground(db, case)
    if not ground or not expected or ground in (expected, OTHER_GROUND):  # 其他 says why in its own words
        return []
    date, corrected = str(sheet.values.get("proposed_on") or sheet.issued_at)[:10], or_supersedes(
        sheet.number or sheet.id, for_command_line)
    return [ClosingWarning(
        _("The 结案审批表 in force, of {date}, states the 结案理由 {ground}, but the case ends with {expected} by what "
          "is recorded in it: the sheet approved does not state why the case is closed. Issue its correction "
          "stating {expected} (更正… in the case's documents{or_supersedes}); record the closing all the same only if "
          "the closing on {expected} was approved on paper.").format(
            date=date, ground=ground, expected=expected, or_supersedes=corrected),
        _("Closed with the 结案审批表 of {date} stating {ground}, while the case ends with {expected}.").format(
            date=date, ground=ground, expected=expected),
        _("The case is recorded as closed. Its 结案审批表 of {date} states the 结案理由 {ground}, but the case ends with "
          "{expected}: issue its correction now (更正… in the case's documents{or_supersedes}), or, if the closing on "
          "{expected} was approved on paper, keep that approval in the case file.").format(
            date=date, ground=ground, expected=expected, or_supersedes=corrected))]


def _old_approval_warning(db: Database, case: Case, old, for_command_line: bool = False) -> ClosingWarning:
    """Closing a reopened case whose only 结案审批表 in force (``old``) approved the closing it was reopened from:
    named by its day and 结案理由, its correction advised (a case keeps one 结案审批表: a second is refused beside it),
    with ``--supersedes`` ``for_command_line``."""
    from workstation.documents.issuing import or_supersedes

    date, corrected = old.issued_at[:10], or_supersedes(old.number or old.id, for_command_line)
    ground = str(old.values.get("ground") or "") or "—"
    reopened_on = (reopened(db, case) or ("", "—"))[1]
    return ClosingWarning(
        _("The only 结案审批表 in force in this case, issued on {date} (结案理由: {ground}), approved the closing the "
          "case was reopened from on {reopened}: it does not approve closing it now. Issue its correction for this "
          "closing (更正… in the case's documents{or_supersedes}); record the closing all the same only if it was "
          "approved on paper.").format(date=date, ground=ground, reopened=reopened_on, or_supersedes=corrected),
        _("Closed with only the 结案审批表 issued on {date} (结案理由: {ground}), before the case was reopened.").format(
            date=date, ground=ground),
        _("The case is recorded as closed. Its only 结案审批表 in force, issued on {date} (结案理由: {ground}), approved "
          "the closing the case was reopened from on {reopened}: issue its correction now (更正… in the case's "
          "documents{or_supersedes}), or, if the closing was approved on paper, keep that approval in the case "
          "file.").format(date=date, ground=ground, reopened=reopened_on, or_supersedes=corrected))


def _owed_after_payment(db: Database, case: Case) -> list[tuple[str, str, int, int]]:
    """(party's name — "" in a case with one party —, the day of its latest payment, what it paid in all, what is
    still owed) for each party whose payments leave money owed under its decision as it now stands, all in fen:
    ``payments.balance``, the one account of what a party owes less what it paid (the surcharge of a fine paid late
    included)."""
    from workstation.payments import balance
    from workstation.store import get_party

    out = []
    for party_id in _payers(case):
        found = balance(db, case, party_id)
        if found is not None and found.left_fen:
            out.append((get_party(db, party_id).name if party_id else "", found.paid_on, found.paid_fen,
                        found.left_fen))
    return out


def _stored_waivers(details: str | None) -> list[str] | None:
    """The waiver reasons kept with a 履行完毕's payment (``Payment.waiver``; of each party's share in a case with
    several), None when none was kept (recorded before it was, or not in full)."""
    import json

    from workstation.payments import Payment

    try:
        values = json.loads(details) if details else None
    except ValueError:
        return None
    if not isinstance(values, dict):
        return None
    if "waiver" in values:
        return [str(values.get("waiver") or "")]
    shares = [Payment.from_json(text) for text in values.values() if isinstance(text, str)]
    found = [share.waiver for share in shares if share is not None and share.waiver is not None]
    return found or None


def waiver_reason(db: Database, case: Case) -> str:
    """The reason recorded with the 履行完毕 of ``case`` (its latest, ``cases transition … record_performance
    --in-full --reason``, or the window's) for the rest of what is owed reduced or waived (行政强制法 art. 42):
    the reason kept with its payment (``Payment.waiver``, ``procedure.apply``); for a 履行完毕 recorded before it
    was kept there, the step's note less the notes the workstation adds to it (``payments.without_added_notes``).
    "" without one."""
    from workstation.payments import without_added_notes

    row = db.execute("SELECT note, details FROM case_events WHERE case_id = ? AND kind = 'transition' AND to_status "
                     "= 'performed' ORDER BY at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    if row is None:
        return ""
    stored = _stored_waivers(row[1])
    if stored is not None:
        return " ".join(dict.fromkeys(reason.strip() for reason in stored if reason.strip()))
    return without_added_notes(str(row[0] or ""))


def owed_refusal(db: Database, case: Case) -> str | None:
    """Why a performed case cannot be closed (结案, REFERENCE §1.1: PERFORMED → CLOSED): the payment recorded with
    its 履行完毕 leaves money owed — the surcharge (加处罚款) of a fine paid late, Penalty Law art. 72, or part of the
    fine — and no reason is recorded for the rest being reduced or waived (``waiver_reason``: 行政强制法 art. 42 lets
    the agency reduce or waive the surcharge in an enforcement agreement). A closed case takes no 催告书 nor
    application to the court, so the rest is settled first. None when nothing is owed, or the waiver is recorded."""
    if case.status != "performed":
        return None
    owed = _owed_after_payment(db, case)
    if not owed or waiver_reason(db, case):
        return None
    said = _("; ").join(_("{rest} still owed{by} (paid {paid} on {date})").format(
        rest=figures(rest), by=_(" by {party}").format(party=name) if name else "", paid=figures(paid), date=day)
        for name, day, paid, rest in owed)
    return _("The case cannot be closed while money is still owed, as of the day of the latest payment: {owed}. Any "
             "part of the fine still unpaid accrues its surcharge (加处罚款) after that day too, up to the fine "
             "(Penalty Law art. 72). A closed case takes no 催告书 nor "
             "application to the people's court, so the rest is settled first: undo the 履行完毕 recorded (`cases "
             "transition … undo`, 撤销上一步) and record the payment again with all that was paid, its surcharge "
             "(加处罚款) stated (--surcharge) — a payment short of what is owed stays a payment of part, the case "
             "served, its 催告书 and enforcement open —; or, if the agency reduced or waived the rest (行政强制法 "
             "art. 42, an enforcement agreement), record the 履行完毕 with --in-full and a reason stating the "
             "reduction or waiver (--reason), then close the case.").format(owed=said)


def _unpaid_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """Closing a case performed while the payment recorded leaves money owed that the officer recorded as reduced
    or waived (``waiver_reason``; without it the closing is refused, ``owed_refusal``): the sheet and the timeline
    say what was waived. Nothing here advises a 催告书 or the court: a closed case takes neither."""
    if case.status != "performed":
        return []
    reason = waiver_reason(db, case)
    out = _misstated_surcharge_warnings(db, case)
    for name, day, paid, rest in _owed_after_payment(db, case) if reason else ():
        who = _(" by {party}").format(party=name) if name else ""
        out.append(ClosingWarning(
            _("The payment recorded{who} on {date} is {paid}, {rest} less than was owed; the 履行完毕 was recorded "
              "with the rest reduced or waived: “{reason}”. Keep the decision or agreement reducing or waiving it "
              "(行政强制法 art. 42) in the case file.").format(who=who, date=day, paid=figures(paid),
                                                            rest=figures(rest), reason=reason),
            _("Closed with {rest} reduced or waived{who}: {reason}").format(rest=figures(rest), who=who,
                                                                          reason=reason)))
    return out


def _misstated_surcharge_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """A performed case whose payments pay all that is owed (``payments.balance``: nothing left) while the payment
    recorded states a surcharge (加处罚款) above the one owed, leaving its fine part short as recorded
    (``payments.unpaid_fine_part``): nothing is owed, but the record is to be corrected so that the 结案审批表 shows
    the fine paid. Nothing here advises a 催告书 or the court: the money was paid."""
    from workstation.payments import unpaid_fine_part

    out = []
    for party_id in _payers(case):
        part = unpaid_fine_part(db, case, party_id)
        if part is None:
            continue
        whose = _whose(db, party_id)
        out.append(ClosingWarning(
            _("The payment recorded{whose} on {date} is {paid}, of which {surcharge} is recorded as surcharge "
              "(加处罚款): that leaves the fine and confiscated illegal gains short as recorded, {rest} of them "
              "unpaid, although all that was owed was paid. Correct the payment before closing (undo the 履行完毕, "
              "撤销上一步, and record it again with the surcharge owed) so that the 结案审批表 shows the fine "
              "paid.").format(whose=whose, date=part[0], paid=figures(part[1].paid_fen),
                              surcharge=figures(part[1].surcharge_fen), rest=figures(part[2])),
            _("Closed with the payment's surcharge recorded above the one owed, {rest} of the fine shown "
              "unpaid{whose}.").format(rest=figures(part[2]), whose=whose)))
    return out


def _payers(case: Case, party_ids=None) -> Iterator[str | None]:
    """Each party of a case with several, whose payments are its own — of ``party_ids`` when given (each once), else
    each of the case's —; None alone for a case with one party, whose payments are the case's."""
    if len(case.party_ids) > 1:
        yield from dict.fromkeys(case.party_ids if party_ids is None else party_ids)
    else:
        yield None


def _whose(db: Database, party_id: str | None) -> str:
    from workstation.store import get_party

    return _(" for {party}").format(party=get_party(db, party_id).name) if party_id else ""


def revoked_refund_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """Closing a served or performed case whose decision was revoked (or declared void) on reconsideration or in
    court (``clock_events.annulled_by``: of the whole case, or of one party in a case with several) after payments
    were recorded under it: nothing is owed any more, and what was paid is refunded (退还) to the party, the revoked
    decision having no force. What each party paid is added up, payments of part and in full
    (``payments.recorded_payment``)."""
    from workstation.payments import owed, recorded_payment
    from workstation.store.clock_events import annulled_by

    if case.status not in ("served", "performed"):
        return []
    out = []
    for party_id in _payers(case):
        event = annulled_by(db, case, party_id)
        found = recorded_payment(db, case, party_id) if event is not None else None
        if found is None or not found[0]:
            continue
        day, payment = found
        # paid as decided, without an amount: what the decision asked that day
        paid = payment.paid_fen if payment.paid_fen is not None else owed(db, case, day, party_id).total_fen
        if not paid:
            continue
        number, whose = (event.approved_by or "").strip() or "—", _whose(db, party_id)
        out.append(ClosingWarning(
            _("The decision{whose} was revoked on {date} ({number}) after {paid} was paid under it: nothing is owed "
              "any more, and the {paid} paid is to be refunded (退还) to the party. Record the refund in the case "
              "file (its voucher) when it is made.").format(whose=whose, date=event.starts_on, number=number,
                                                            paid=figures(paid)),
            _("Closed with {paid} paid under the decision{whose} revoked on {date} ({number}), to be "
              "refunded.").format(paid=figures(paid), whose=whose, date=event.starts_on, number=number)))
    return out


def paid_under_revoked(db: Database, case: Case, party_id: str | None = None) -> tuple | None:
    """(the order, the days paid, the amount paid or None when a payment gave none) of the payments recorded (of the
    party ``party_id`` in a case with several; else of the case) before the decision in force, made after the latest
    order that revoked the case's decision and ordered a new one (撤销并责令重新作出, ``challenge_redo`` of the whole
    case or of the party) — paid under the revoked decision, or between the order and the new decision: which the new
    decision's payments (``payments.recorded_payment``, on or after its date) and ``revoked_refund_warnings`` (an
    annulment since the decision in force) no longer count. Each payment's day as the clocks read it
    (``clocks.STEP_DAY``; ``payments.under_decision_in_force``, those before). The decision in force of a party of a
    case with several is its own, made on its own day (``payments.decision_day``). None when there are none."""
    from workstation.clocks import STEP_DAY
    from workstation.party_decisions import PAID
    from workstation.payments import Payment, decision_day, under_decision_in_force
    from workstation.store.clock_events import redo_orders

    decided = decision_day(db, case, party_id)  # a party of several: its own decision in force
    if not decided or not case.id:
        return None
    orders = [event for event in redo_orders(db, case)
              if (not event.party_id or event.party_id == party_id) and event.starts_on < decided]
    if not orders:
        return None
    order = max(orders, key=lambda event: event.starts_on)
    # a party's own payments, never the case's 履行完毕 (no one party's); else the case's 履行完毕 and payments of part
    which = ("kind = ? AND party_id = ?" if party_id else
             "((kind = 'transition' AND to_status = 'performed') OR (kind = ? AND party_id IS NULL))")
    revoked, since = under_decision_in_force(decided, STEP_DAY, before=True)
    rows = db.execute(f"SELECT {STEP_DAY}, details FROM case_events WHERE case_id = ? AND {which} AND {revoked} "
                      "ORDER BY 1", [case.id, PAID, *([party_id] if party_id else []), *since]).fetchall()
    if not rows:
        return None
    amounts = [(Payment.from_json(details) or Payment()).paid_fen for _day, details in rows]
    paid = None if any(amount is None for amount in amounts) else sum(amounts)
    if paid == 0:
        return None
    return order, list(dict.fromkeys(day for day, _details in rows)), paid


def redone_refund_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """Closing a case whose decision was revoked with a new one ordered (撤销并责令重新作出) after payments were
    recorded under it, the new decision since made (``paid_under_revoked``): what was paid under the revoked
    decision is not counted by the new one, and is refunded (退还) to the party or offset (抵缴) against what the new
    decision asks — said as the payment step, the clocks and the court application say it, with the days paid, as
    the case page's payments say it (``payments.revoked_paid_said``)."""
    from workstation.payments import revoked_paid_said

    out = []
    for party_id in _payers(case):
        found = paid_under_revoked(db, case, party_id)
        if found is None:
            continue
        order, days, paid = found
        number, whose = (order.approved_by or "").strip() or "—", _whose(db, party_id)
        amount = figures(paid) if paid is not None else _("the amount decided then")
        out.append(ClosingWarning(
            revoked_paid_said(db, case, party_id, found),
            _("Closed with {paid} paid on {days} under the decision{whose} revoked on {date} by {number}, to be "
              "refunded or offset.").format(paid=amount, days="、".join(day[:10] for day in days), whose=whose,
                                            date=order.starts_on, number=number)))
    return out


def overpaid_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """Closing a case whose payments (of a party, in a case with several) are above what the decision as it now
    stands asks — its fine lowered by a reconsideration or lawsuit after it was paid, to nothing too
    (``payments.overpaid_note``) —: the difference is refunded (退还) to the party. A decision revoked is told by
    ``revoked_refund_warnings``."""
    from workstation.payments import balance, overpaid_note
    from workstation.store.clock_events import annulled_by

    out = []
    for party_id in _payers(case):
        said = overpaid_note(db, case, party_id)
        if not said or annulled_by(db, case, party_id) is not None:
            continue
        out.append(ClosingWarning(said, _("Closed with {over} paid above what the decision as it now stands "
                                          "asks{whose}, to be refunded.").format(
            over=figures(balance(db, case, party_id).over_fen), whose=_whose(db, party_id))))
    return out


def seizure_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """Closing while goods are still held: each 实施行政强制措施决定书 and 先行登记保存证据通知书 in force that still holds
    goods (``measures.still_held``: its items less those released, transferred with the case or disposed of by the
    documents issued here) is named with what it holds, item and quantity — the goods end released or, confiscated by
    a decision, disposed of (行政强制法 arts. 27, 28; 行政处罚法 art. 56), the case is not closed with them still
    held — whether or not its clock event was recorded; one whose event (of its date, and of its party when both name
    one) was recorded as ended, with no release or transfer ever issued here naming it (a voided one counts: the end
    may have been recorded on it) and nothing disposed of, counts as released on paper. A T14 (T13) still running
    is worded by its state (计时中, 已逾期 …): it stays on the deadline board until the event is ended. A seizure or
    preservation recorded only as a clock event (decided on paper) and still running is named by its date, and one
    whose goods were all given back while its event runs is told that its event is not ended. Warned, not refused:
    the goods may have been released or confiscated on paper. Also told before the 结案审批表 is issued
    (``stage_rules.stage_warnings``)."""
    from workstation.documents.drafts import find_form
    from workstation.formkit.measures import HOLDING_DOCUMENTS, measure_party_of, still_held
    from workstation.store.clock_events import clock_events_of
    from workstation.vocabulary import shown_label

    kinds = {kind: (form_id, clock) for form_id, (kind, clock, _field) in HOLDING_DOCUMENTS.items()}
    events = [e for e in clock_events_of(db, case.id) if e.kind in kinds]
    deadlines = _measure_deadlines(db, case) if any(not e.ends_on for e in events) else {}
    out, seen, emptied = [], set(), {}
    for holding in still_held(db, case):
        document = holding.document
        kind, clock, field = HOLDING_DOCUMENTS[document.form_id]
        day = str(document.values.get(field) or "")[:10]
        party = measure_party_of(document.values)
        own = [e for e in events if e.kind == kind and e.starts_on == day
               and (not e.party_id or party in (None, e.party_id))]
        running = [e for e in own if not e.ends_on]
        if not holding.holds:  # all given back: its event, still running, is told apart
            emptied.update((e.id, document) for e in running)
            continue
        seen.update(e.id for e in own)
        if own and not running and not holding.given_back and not holding.named_here:  # released on paper
            continue
        out.append(_held_warning(holding, day, _clock_sentence(running[:1], clock, deadlines)))
    for event in events:
        if event.ends_on or event.id in seen:
            continue
        clock = kinds[event.kind][1]
        said = _clock_sentence([event], clock, deadlines)
        name = shown_label("clock_events", event.kind)
        if event.id in emptied:
            document = emptied[event.id]
            what = _("{title} {number}").format(title=find_form(document.form_id).title, number=document.number or "")
            out.append(ClosingWarning(
                _("Every item of the {what} was given back (released, transferred or disposed of), but the "
                  "“{event}” begun on {date} is not ended: {clock}{state} stays on the deadline board until it is "
                  "ended on the case's 期限 tab.").format(what=what, event=name, date=event.starts_on, clock=clock,
                                                        state=_state_of(deadlines.get(event.id))),
                _("Closed before the “{event}” begun on {date} was ended.").format(event=name, date=event.starts_on)))
            continue
        what = _("“{event}” recorded on {date}").format(event=name, date=event.starts_on)
        out.append(ClosingWarning(
            _("The {what} has not been released: the goods it holds are released or, confiscated by a decision, "
              "disposed of (涉案物品处理记录) before the case is closed (行政强制法 arts. 27, 28; 行政处罚法 art. 56). "
              "{clock} Release or dispose of the goods first and end it there; close the case all the same only if "
              "that was done on paper.").format(what=what, clock=said),
            _("Closed before the {what} was released.").format(what=what),
            _("The case is recorded as closed. The {what} has not been released: release the goods or dispose of "
              "them under the decision confiscating them now. {clock}").format(what=what, clock=said)))
    return out


def _measure_deadlines(db: Database, case: Case) -> dict[str, object]:
    """{clock event id: its T13 or T14 deadline} of the case (a seizure's, a preservation's)."""
    from workstation.clocks import case_clocks

    return {d.event_id: d for d in case_clocks(db, case) if d.clock in ("T13", "T14") and d.event_id}


def _clock_sentence(running: list, clock: str, deadlines: dict) -> str:
    """What the still running event (the first of ``running``) keeps on the deadline board: its ``clock`` worded by
    its state (计时中, 已逾期, 已自动解除 …) and its day; "" when none runs."""
    from workstation.vocabulary import shown_label

    if not running:
        return ""
    event = running[0]
    return _("{clock}{state} stays on the deadline board until the “{event}” begun on {date} is ended on the case's "
             "期限 tab.").format(clock=clock, state=_state_of(deadlines.get(event.id)),
                                event=shown_label("clock_events", event.kind), date=event.starts_on)


def _state_of(deadline) -> str:
    """A T14's (T13's) state and day as a closing warning words it, " (计时中, due 2026-12-20)" — running, overdue,
    lapsed … as the board shows it, never overdue while it still has days to run; "" without one."""
    if deadline is None:
        return ""
    return _(" ({state}, due {due})").format(state=deadline.shown_state(), due=deadline.due or _("a day not yet known"))


def _held_warning(holding, day: str, clock: str) -> ClosingWarning:
    """Closing while the document of ``holding`` (``measures.Holding``), dated ``day``, still holds goods, naming them;
    ``clock`` what its running event keeps on the deadline board (``_clock_sentence``), else ""."""
    from workstation.documents.drafts import find_form

    document = holding.document
    what = _("{title} {number} of {date}").format(title=find_form(document.form_id).title,
                                                  number=document.number or "", date=day)
    items = "、".join(holding.items) or _("the items it lists on paper")
    if document.form_id == "preservation_notice":
        message = _("The {what} still holds {items}: goods registered for preservation are released (解除先行登记保存"
                    "证据通知书) or, confiscated by a decision, disposed of (涉案物品处理记录) before the case is closed "
                    "(行政处罚法 art. 56). {clock} Release or dispose of them first; close the case all the same only if "
                    "that was done on paper.")
    else:
        message = _("The {what} still holds {items}: goods sealed up or seized are released (解除行政强制措施决定书) or, "
                    "confiscated by a decision, disposed of (涉案物品处理记录) before the case is closed (行政强制法 arts. "
                    "27, 28). {clock} Release or dispose of them first; close the case all the same only if that was "
                    "done on paper.")
    return ClosingWarning(
        message.format(what=what, items=items, clock=clock).replace("  ", " "),
        _("Closed while the {what} still held {items}.").format(what=what, items=items),
        _("The case is recorded as closed. The {what} still holds {items}: release them, or dispose of them under "
          "the decision confiscating them, now. {clock}").format(what=what, items=items, clock=clock).strip())


def _due_and_late(deadline) -> tuple[str, str]:
    """A running deadline's day as a closing warning says it, and " (overdue)" once it passed ("" before)."""
    return (deadline.due or _("a day not yet known"),
            _(" (overdue)") if deadline.state in ("overdue", "expired") else "")


def _reporter_warning(case: Case, deadline) -> ClosingWarning:
    """Closing while the named reporter of the case's lead is not recorded as told whether it was filed (T24)."""
    due, late = _due_and_late(deadline)
    decision = _("not to file it") if case.status == "not_filed" else _("to file it")
    return ClosingWarning(
        _("The lead {lead} was reported by a named reporter, who is told of the decision {decision} within {period} "
          "(T24, due on {due}{late}), and that is not recorded. Closing the case does not end that duty: T24 stays on "
          "the deadline board until it is recorded on the lead (Leads → Advise the reporter…).").format(
            lead=deadline.lead_id, decision=decision, period=deadline.rule.unit_text(), due=due, late=late),
        _("Closed before the named reporter was told of the decision on the lead (T24 due on {due}).").format(
            due=due))


def _handover_warning(deadline) -> ClosingWarning:
    """Closing while the case articles are not handed over to the police who opened the case (T29 still runs)."""
    from workstation.vocabulary import shown_label

    due, late = _due_and_late(deadline)
    return ClosingWarning(
        _("The police opened a criminal case on {opened}, and the hand-over of the case articles to them is not "
          "recorded: {clock} {title} is due on {due}{late} (transfer rules art. 12). Closing the case does not end "
          "that duty: {clock} stays on the deadline board until “{handed}” or “{none}” is recorded.").format(
            opened=deadline.start, clock=HANDOVER_CLOCK, title=deadline.rule.title,
            due=due, late=late, handed=shown_label("clock_events", "exhibits_transferred"),
            none=shown_label("clock_events", "no_exhibits")),
        _("Closed before the case articles were handed over to the police ({clock} due on {due}).").format(
            clock=HANDOVER_CLOCK, due=due))
