"""The interview register (约谈台账) as an officer hands it on: one row per interview with its date, interviewing
agency, parties, kind, 事由 (its topics), how many attended (each person once), rectification deadline (marked
日历待核实 when counted through a year without holiday data), follow-up, the cases it was escalated to — a case
not filed named by its party and cause —, its state (已安排 or 已约谈), the outcome of the follow-up (跟进结论: 未整改，待转立案 or
待再次核实 while a party is still awaited) and the 约谈情况 (the summary of the meeting the officer wrote; last, as
the longest text, so that the short columns stay readable) — then a 合计 row, as CSV in UTF-8 with a byte order mark (Excel and WPS read the Chinese). Phone and ID
numbers written in the texts are masked, as in every list."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from workstation.db import Database
from workstation.records import Interview
from workstation.sheet_cells import csv_writer

# the register's columns as exported: Chinese content, like the publicity log's
EXPORT_HEADER = ("日期", "约谈机关", "被约谈方", "类型", "事由", "参与人数", "整改期限", "跟进结果", "转立案案件",
                 "状态", "跟进结论", "约谈情况")
UNCONFIRMED_MARK = "（日历待核实）"
#: the mark of a deadline an issued 约谈记录 prints whose working days end on another day on the calendar now in force
#: (``store.interviews.record_recount``), Chinese content like the other
RECOUNTED_MARK = "（约谈记录所载；{days}个工作日按现行日历至{date}）"
#: the mark of a deadline that falls on a rest day of a year whose holidays are known: it runs to the next working day
#: (REFERENCE §1.2 rule 3), the day the deadline board counts to; {rest} the holiday (春节 …) or 周末
ROLLED_MARK = "（逢{rest}，顺延至{date}）"
WEEKEND_REST = "周末"


def due_text(db: Database, interview: Interview, calendar=None, documents: list | None = None) -> str:
    """The rectification deadline, marked 日历待核实 while the report is awaited and the deadline was counted
    through a year without holiday data (as the register's column and the deadline board mark it), or typed in on
    a day of such a year that may be a rest day (``deadline_unconfirmed_years``: judged overdue after the working
    day it runs to on the calendar assumed), and marked with
    the day its working days now end on while an issued 约谈记录 prints another (``record_recount``: until the record
    is voided and issued again); "" for none. ``documents``: the interview's documents when read already
    (``register_links``). A deadline on a rest day of a year whose holidays are known is marked with the working day
    it runs to (``rolled_mark``), as the deadline board counts it."""
    from workstation.store.interviews import deadline_unconfirmed_years, record_recount

    due = interview.rectification_due or ""
    awaited = not interview.follow_up_result and not interview.case_id
    if due and awaited and deadline_unconfirmed_years(db, interview, calendar=calendar):
        due += UNCONFIRMED_MARK
    if due:
        due += rolled_mark(db, interview.rectification_due, calendar)
    if due and (recount := record_recount(db, interview, calendar=calendar, documents=documents)):
        due += RECOUNTED_MARK.format(days=recount.days, date=recount.due)
    return due


def rolled_mark(db: Database, due: str | None, calendar=None) -> str:
    """``ROLLED_MARK`` for the deadline ``due`` when it falls on a rest day of a year whose holidays are known
    (``store.interviews.rolled_to``); "" otherwise."""
    from workstation.store.interviews import rolled_to

    rolled = rolled_to(db, due, calendar)
    return ROLLED_MARK.format(rest=rolled[0] or WEEKEND_REST, date=rolled[1]) if rolled else ""


#: the 跟进结论 of a follow-up as the export words it (``follow_up_outcomes``), Chinese content like its other
#: columns; a party not rectified or not verified and still awaited (``store.interviews.PENDING_LABELS``) as such
OUTCOME_TEXTS = {"rectified": "已整改", "not_rectified": "未整改", "unverified": "未核实"}
PENDING_TEXTS = {"not_rectified": "未整改，待转立案", "unverified": "待再次核实"}


def follow_up_outcomes(interview: Interview) -> list[tuple[str | None, str, bool]]:
    """(party id — None for an interview of no party —, outcome ``store.interviews.follow_up_outcome``, whether the
    party is still awaited: ``party_awaited``) of each party of the interview followed up, in its order."""
    from workstation.store.interviews import PartyResult, follow_up_outcome, party_awaited, party_results

    results = party_results(interview) or [PartyResult("", interview.follow_up_on, interview.follow_up_result,
                                                       interview.case_id, interview.follow_up_outcome)]
    return [(r.party_id or None, follow_up_outcome(r.follow_up_result, r.follow_up_outcome), party_awaited(r))
            for r in results if r.follow_up_result.strip()]


def outcome_cell(interview: Interview, word, names: dict[str, str], each: str = "{party}：{result}",
                 separator: str = "；") -> str:
    """The 跟进结论 of the interview: ``word(outcome, awaited)`` of its parties followed up — one for all when they
    stand alike, else each party (``each``, by its name in ``names``) — or "" when none was followed up."""
    found = follow_up_outcomes(interview)
    words = [(party, word(outcome, awaited)) for party, outcome, awaited in found]
    if len({w for _party, w in words}) <= 1 and len(found) == len(interview.party_ids or [None]):
        return words[0][1] if words else ""
    return separator.join(each.format(party=names.get(party, party or ""), result=w) for party, w in words)


def outcome_text(outcome: str, awaited: bool) -> str:
    """The export's word of a follow-up's ``outcome`` (``OUTCOME_TEXTS``; ``PENDING_TEXTS`` when still awaited)."""
    return PENDING_TEXTS[outcome] if awaited and outcome in PENDING_TEXTS else OUTCOME_TEXTS.get(outcome, "")


def escalated_cases(interview: Interview) -> list[str]:
    """The ids of the cases the interview was escalated to (``escalated_to``), the whole interview's first, then its
    parties' in their order."""
    from workstation.store.interviews import party_results

    return [c for c in dict.fromkeys([interview.case_id, *(r.case_id for r in party_results(interview))]) if c]


def register_found(interview: Interview, query: str, links, *also: str) -> bool:
    """Whether the register's search ``query`` (every word, any case: ``store.interviews.search_texts_found``) finds
    the interview by its texts (``store.interviews.interview_search_texts``), its parties' names, every case it or a
    party of it was escalated to (its number, or a case not filed by its party and cause), the 文号 of its documents
    and ``also``; ``links``: ``register_links`` of the register. The one search of `interviews list`, `interviews
    export` and the window."""
    from workstation.store.cases import search_terms
    from workstation.store.interviews import search_texts_found

    return search_texts_found(register_search_texts(interview, links, *also), search_terms(query))


def register_search_texts(interview: Interview, links, *also: str) -> tuple[str, ...]:
    """What ``register_found`` looks in (``store.interviews.interview_search_texts`` with the parties' names, the
    cases and the 文号 of the documents ``links`` give, and ``also``), made once for an interview: the window makes
    it as it reads the register, and a keystroke in its search only looks in it."""
    from workstation.store.interviews import interview_search_texts

    cases = escalated_cases(interview)
    return interview_search_texts(interview, *(links.party_names.get(p, p) for p in interview.party_ids),
                                  *(links.case_numbers.get(c, c) for c in cases),
                                  *(links.filed_numbers.get(c) or "" for c in cases),
                                  *(d.number or "" for d in links.documents.get(interview.id, [])), *also)


#: the 跟进结果 of a party escalated to a case whose filing was then declined (不予立案), which the statistics do not
#: count as 转立案查处 (``stats.cases_not_declined``)
DECLINED_ESCALATION = "转立案后不予立案"


def register_rows(db: Database, interviews: list[Interview], standing: set[str] | None = None) -> list[list]:
    """One row of ``EXPORT_HEADER``'s columns for each interview, in the order given; ``standing``: the cases
    escalated to whose filing was not declined (``standing_cases``, read here when not given)."""
    from workstation.clocks import data_dir_of
    from workstation.formkit.interview_values import each_person
    from workstation.masking import mask_text
    from workstation.store.interviews import interview_state, party_results, register_links
    from workstation.vocabulary import label
    from workstation.workdays import default_calendar

    links = register_links(db, interviews)
    standing = standing_cases(db, interviews) if standing is None else standing
    agencies = {row[0]: row[1] or row[2] for row in db.execute("SELECT id, short_name, name FROM agencies")}
    calendar = default_calendar(data_dir_of(db))
    rows = []
    for i in interviews:
        names = {p: links.party_names.get(p, p) for p in i.party_ids}
        results = party_results(i) if i.party_results else []
        # the cases escalated to, named as ``register_links`` read them for the whole list (its number, or for a
        # case not filed （未立案：当事人，案由）)
        cases = list(dict.fromkeys(links.case_numbers.get(c, c) for c in
                                   [i.case_id, *(r.case_id for r in results)] if c))
        if results and len({(r.follow_up_on, r.follow_up_result, r.case_id) for r in results}) > 1:  # each its own
            follow_up = "；".join(f"{names.get(r.party_id, r.party_id)}：" + (
                f"{r.follow_up_on or ''} {r.follow_up_result}".strip() if r.follow_up_result else
                _escalation_text(r.case_id, standing)) for r in results)
        else:  # one for all: the whole interview's, or the same found for each party on its own
            found = results[0] if results else i
            follow_up = f"{found.follow_up_on or ''} {found.follow_up_result}".strip() if found.follow_up_result else ""
        # 事由: the 约谈事由 its notice prints (the topics, a line each), the subject only for an interview without
        # them — the subject the command line gives one by default is 约谈 and the parties, the column beside it
        reason = "；".join(line.strip() for line in i.topics.splitlines() if line.strip()) or i.subject
        rows.append([i.held_on, agencies.get(i.agency_id, ""), mask_text("、".join(names.values())),
                     label("interview_kinds", i.kind), mask_text(reason), len(each_person(i.attendees)),
                     due_text(db, i, calendar, links.documents.get(i.id, [])), mask_text(follow_up), mask_text("；".join(cases)),
                     label("interview_states", interview_state(i)), mask_text(outcome_cell(i, outcome_text, names)),
                     mask_text(summary_text(i.summary))])
    return rows


def _escalation_text(case_id: str | None, standing: set[str]) -> str:
    """A party's 跟进结果 with none written: 已转立案, or ``DECLINED_ESCALATION`` for a case whose filing was declined;
    — when not escalated."""
    if not case_id:
        return "—"
    return "已转立案" if case_id in standing else DECLINED_ESCALATION


def summary_text(summary: str) -> str:
    """The summary of the meeting as one cell: its lines joined, a line closed by its own punctuation (。；…) run
    on to the next, any other followed by ；."""
    lines = [line.strip() for line in summary.splitlines() if line.strip()]
    return "".join(line if n == len(lines) - 1 or line[-1] in "。；！？，、：;,.!?:" else line + "；"
                   for n, line in enumerate(lines))


def followed_up(interview: Interview) -> bool:
    """Whether the interview's follow-up is recorded for every party: a joint interview one of whose parties is not
    followed up yet (— in its row, or only 已转立案) is not."""
    from workstation.store.interviews import party_results

    if not interview.party_ids:
        return bool(interview.follow_up_result)
    return all(r.follow_up_result for r in party_results(interview))


def escalated_to(interview: Interview) -> set[str]:
    """The ids of the cases the interview was escalated to: its parties' (each its own, ``party_results``) and the
    whole interview's (``case_id``: one of no party, such as an association's meeting)."""
    from workstation.store.interviews import party_results

    return {r.case_id for r in party_results(interview) if r.case_id} | ({interview.case_id} if interview.case_id
                                                                         else set())


def standing_cases(db: Database, interviews: list[Interview]) -> set[str]:
    """The cases ``interviews`` were escalated to whose filing was not declined (``stats.cases_not_declined``)."""
    from workstation.stats import cases_not_declined

    return cases_not_declined(db, (case for i in interviews for case in escalated_to(i)))


def register_totals(rows: list[list], interviews: list[Interview], standing: set[str]) -> list:
    """The 合计 row of ``register_rows`` of ``interviews``: how many interviews were held — as the statistics count
    them, those only scheduled said apart (另2次已安排) —, the attendees of those held, and interviews with a deadline, followed up (every
    party of it: ``followed_up``) and escalated to a case (one of ``standing``, ``stats.cases_not_declined``: as the
    statistics count 转立案查处, not to a case whose filing was declined); nothing under the state, 跟进结论 and 约谈情况."""
    from workstation.store.interviews import interview_state

    states = [interview_state(i) for i in interviews]
    held, scheduled, absent = states.count("held"), states.count("scheduled"), states.count("absent")
    # those the party did not attend count among the interviews, as in the statistics, said apart
    return ["合计", "", "", "", f"{held + absent}次约谈" + (f"（其中当事人未到场{absent}次）" if absent else "")
            + (f"（另{scheduled}次已安排）" if scheduled else ""),
            # those who attended: not those summoned to an interview still to come
            sum(r[5] for r, state in zip(rows, states, strict=True) if state == "held"),
            f"{sum(1 for r in rows if r[6])}次有期限",
            f"{sum(1 for i in interviews if followed_up(i))}次已跟进",
            f"{sum(1 for i in interviews if escalated_to(i) & standing)}次转立案", "", "", ""]


def register_csv(db: Database, interviews: list[Interview], *, report: Callable[[int], None] | None = None,
                 step: int = 500) -> bytes:
    """The interviews as CSV in UTF-8 with BOM: the header, one row each in the order given, then the 合计 row; its
    rows made ``step`` interviews at a time, ``report(done)`` called before each step (it may raise: Cancelled)."""
    standing = standing_cases(db, interviews)
    rows: list[list] = []
    for start in range(0, len(interviews), step):
        if report is not None:
            report(start)
        rows += register_rows(db, interviews[start:start + step], standing)
    out = io.StringIO(newline="")
    writer = csv_writer(out)  # a subject or summary worded "=…" written as text, not run as a formula
    writer.writerow(EXPORT_HEADER)
    writer.writerows(rows)
    writer.writerow(register_totals(rows, interviews, standing))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_register(db: Database, interviews: list[Interview], path: str | Path, *, progress=None, cancel=None,
                    step: int = 500) -> Path:
    """Write the register of ``interviews`` (as listed) to ``path`` as CSV, whole or not at all: ``register_csv``,
    its rows made ``step`` interviews at a time, ``progress`` (a ``ProgressFn``) told and ``cancel`` (a
    ``CancelToken``) looked at before each step and once more before the file is written (a task of the window's
    runner: a city's register of thousands of interviews takes a while); cancelled, nothing is written. A name ending
    in another format's extension (约谈.xlsx) is refused before anything is made (``output_names.output_format``): CSV
    under it opens as garbage."""
    from workstation.i18n import _
    from workstation.output import write_output
    from workstation.output_names import output_format

    output_format(path, ("csv",))

    message = _("Writing {file}").format(file=Path(str(path)).name)

    def report(done: int) -> None:
        if cancel is not None:
            cancel.check()
        if progress is not None:
            progress(done, len(interviews), message)

    content = register_csv(db, interviews, report=report, step=step)
    report(len(interviews))  # a Cancel pressed while the last rows were made: nothing written
    return write_output(str(path), content)


def lone_interviewer(db: Database, interview: Interview) -> str | None:
    """The name of the agency's only attendee when the interview lists no recorder (post 记录人): its 约谈记录
    would name that officer both as the interviewer and as the recorder. Warned, not refused — an interview is
    administrative guidance, and no rule found asks for two officers (REFERENCE §2.4). None otherwise."""
    from workstation.formkit.interview_values import is_recorder, staff_names

    if not interview.agency_id or db.execute("SELECT 1 FROM agencies WHERE id = ?",
                                             [interview.agency_id]).fetchone() is None:
        return None
    own = staff_names(db, interview)
    staff = [a for a in interview.attendees if a.get("organisation") in own and str(a.get("name", "")).strip()]
    if len(staff) != 1 or any(is_recorder(a) for a in staff):
        return None
    return staff[0]["name"].strip()


def lone_interviewer_warning(db: Database, interview: Interview) -> str:
    """What the editor says under the attendees when ``lone_interviewer`` finds one; "" otherwise."""
    from workstation.i18n import _

    name = lone_interviewer(db, interview)
    if name is None:
        return ""
    return _("Only one of the agency's staff attends: the 约谈记录 would name {name} both as the interviewer and "
             "as its recorder (记录人). List the officer who writes the record too, with 记录人 as the post, or a "
             "second interviewer.").format(name=name)


def repeated_attendee_refusal(attendees: list[dict]) -> str:
    """Why the editor refuses ``attendees``: a row repeating an earlier one — the same person (name and unit) with
    the same post, typed twice; "" when none does. The same person in another post is a second role, only noted
    (``repeated_attendee_note``)."""
    from workstation.formkit.interview_values import attendee_line, repeated_attendees
    from workstation.i18n import _

    for row, first, same_post in repeated_attendees(attendees):
        if same_post:
            return _("Attendee {row} repeats attendee {first}, the same person with the same post ({who}): remove "
                     "one of the two rows.").format(row=row, first=first, who=attendee_line(attendees[row - 1]))
    return ""


def repeated_attendee_note(attendees: list[dict]) -> str:
    """What the editor says under the attendees of a person listed in two rows with two posts (an interviewer who
    also keeps the record): the documents name the person once, with the posts of both rows; "" when nobody is."""
    from workstation.formkit.interview_values import repeated_attendees
    from workstation.i18n import _

    return "\n".join(_("Attendee {row} is {name}, already listed as attendee {first}: the documents name the person "
                       "once, with the posts of both rows.").format(
        row=row, first=first, name=str(attendees[row - 1]["name"]).strip())
        for row, first, same_post in repeated_attendees(attendees) if not same_post)


class PrincipalTitles(NamedTuple):
    """The posts of a party's legal representative or principal person, what before one makes it another's, and the
    words of an authorisation (``resources/reference/interview_principals.toml``)."""

    posts: tuple[str, ...]
    not_after: tuple[str, ...]
    authorised: tuple[str, ...]


@functools.cache
def principal_titles() -> PrincipalTitles:
    """``PrincipalTitles`` as the shipped data file gives them (read once)."""
    import tomllib

    from workstation.paths import resource

    with resource("reference", "interview_principals.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return PrincipalTitles(tuple(data["posts"]), tuple(data["not_after"]), tuple(data["authorised"]))


#: what separates the posts one person holds (董事长兼总经理, 法定代表人、总经理)
_POSTS = re.compile(r"[、，,/／;；\s]+|兼")


def principal_post(post: str) -> bool:
    """Whether an attendee of ``post`` answers for the party (PIPL art. 64): one of the posts of ``principal_titles``
    — alone or ending a longer one not right after a deputy's or a department's word (副总经理, 政企客户部总经理 are
    not) — or attending under the party's authorisation (授权委托人)."""
    titles = principal_titles()
    for part in (p.strip() for p in _POSTS.split(str(post or ""))):
        if not part:
            continue
        if any(word in part for word in titles.authorised):
            return True
        for title in titles.posts:
            if part.endswith(title) and not part[:-len(title)].endswith(titles.not_after):
                return True
    return False


def parties_without_principal(db: Database, interview: Interview) -> list[str]:
    """The names of the interview's parties none of whose attendees answers for it (``principal_post``, or named as
    the party's legal representative the register records, under whatever post), in its order; never a natural
    person, who answers for himself (attending in person, or listed with no attendee); none for an interview voided or not attended, nor for one still
    scheduled whose parties' attendees are not listed yet."""
    from workstation.errors import NotFound
    from workstation.formkit.interview_values import PartyNames, staff_names
    from workstation.store import get_party

    if interview.status in ("void", "absent") or not interview.agency_id:
        return []
    try:
        own = staff_names(db, interview)
    except NotFound:
        own = set()
    others = [a for a in interview.attendees if a.get("organisation") not in own and str(a.get("name", "")).strip()]
    if not others and interview.status == "scheduled":
        return []
    parties = []
    for party_id in interview.party_ids:
        try:
            parties.append(get_party(db, party_id))
        except NotFound:
            continue
    named = PartyNames([p.name for p in parties])
    missing = []
    for party in parties:
        if party.kind == "person":  # a natural person answers for himself, whoever is listed with him
            continue
        theirs = [a for a in others if len(parties) == 1 or named.owner(str(a.get("organisation", ""))) == party.name]
        legal_rep = str(party.legal_rep or "").strip()  # the one the register records, under whatever post
        if not any(principal_post(str(a.get("post", ""))) or (legal_rep and str(a["name"]).strip() == legal_rep)
                   for a in theirs):
            missing.append(party.name)
    return missing


def principal_warning(db: Database, interview: Interview, party_id: str | None = None) -> str:
    """What the officer is told (not refused) of an interview some party of which — ``party_id``'s alone when given
    (its 约谈记录) — had no attendee answering for it (``parties_without_principal``); "" otherwise."""
    from workstation.i18n import _
    from workstation.store import get_party

    missing = parties_without_principal(db, interview)
    if party_id is not None:
        name = get_party(db, party_id).name
        missing = [m for m in missing if m == name]
    if not missing:
        return ""
    titles = principal_titles()
    return _("No attendee of {parties} is its legal representative or principal person ({posts}) or attends under "
             "its authorisation (授权委托书): PIPL art. 64 summons the legal representative or principal person. "
             "Check the attendees' posts, or keep the authorisation with the interview's papers.").format(
        parties="、".join(missing), posts="、".join(titles.posts))


#: what separates the names of several attendees written in one row of a 约谈记录 (王五、赵六)
_NAMES = re.compile(r"[、，,;；]+")


def principal_inputs(form_id: str, values: dict) -> tuple:
    """What ``document_principal_warning`` reads of ``values`` (the attendee rows of a 约谈记录, 参加人员（一）至（三）
    with their posts; nothing of another document): while it is unchanged, so is the warning — an editor works it out
    again only when these change, a 约谈纪要's once."""
    from workstation.documents.interview_documents import ONE_PARTY
    from workstation.formkit.interview_values import ATTENDEE_ROWS

    if form_id != ONE_PARTY:
        return ()
    return tuple(str(values.get(f"attendee{row}{part}") or "") for row in range(1, ATTENDEE_ROWS + 1)
                 for part in ("", "_post"))


def document_principal_warning(db: Database, interview: Interview, form_id: str, values: dict,
                               party_id: str | None = None) -> str:
    """``principal_warning`` of the 约谈记录 or 约谈纪要 (``store.interviews.RECORDS_HELD``) ``form_id`` being written
    for ``interview``, "" for another document: in the editor of either, of a party none of whose attendees answers
    for it — the interviews page warns only before a 约谈记录 is opened, the 约谈纪要 being issued from the register
    as it is. A 约谈记录 — of ``party_id``, else of the first party, as it describes it — is read with that party's
    attendees as its rows (参加人员（一）至（三）, several names of one row joined with 、) say them in ``values``, so
    that a post corrected there is read as written; a 约谈纪要, whose 参加人员 is one free text, with the attendees
    the register lists."""
    from dataclasses import replace

    from workstation.documents.interview_documents import ONE_PARTY
    from workstation.formkit.interview_values import ATTENDEE_ROWS
    from workstation.store import get_party
    from workstation.store.interviews import RECORDS_HELD

    if form_id not in RECORDS_HELD:
        return ""
    if form_id != ONE_PARTY:
        return principal_warning(db, interview)
    party_id = party_id or next(iter(interview.party_ids), None)
    if party_id is None:
        return ""
    party = get_party(db, party_id).name
    typed = [{"name": name.strip(), "post": str(values.get(f"attendee{row}_post") or "").strip(),
              "organisation": party}
             for row in range(1, ATTENDEE_ROWS + 1)
             for name in _NAMES.split(str(values.get(f"attendee{row}") or "")) if name.strip()]
    return principal_warning(db, replace(interview, attendees=typed), party_id)
