"""The values an administrative interview (行政约谈) gives its documents (约谈通知书, 约谈记录, 约谈纪要): the flat
{source path: value} context the forms' ``interview.*`` sources draw their defaults from, as ``case_context``
does for a case's documents.

Attendees whose organisation is the interviewing agency (its full or short name, or 本局) are its staff: they
fill the interviewers (``interview.officers``, ``interview.officer1.*``) and the recorder; the others attended
for the interviewed parties.

A one-party document of a joint interview (a 约谈记录 for each party) describes its party with what the register
holds for that party: its attendees (those naming it as their organisation), its commitments
(``interview.party.commitments``: the lines naming none of the other parties) and the parties interviewed with
it (``interview.party.joint_with``); the rest is the interview's common data."""

from __future__ import annotations

import datetime as dt
import json

from workstation.clocks import data_dir_of
from workstation.db import Database
from workstation.errors import NotFound
from workstation.i18n import _
from workstation.records import Agency, Interview, Party, today
from workstation.store import get_agency, get_party
from workstation.validators import clock_text, normalize_phone
from workstation.vocabulary import label
from workstation.workdays import default_calendar

#: the rows of a 约谈记录 for the party's attendees (参加人员（一）至（三）)
ATTENDEE_ROWS = 3
#: the lines of a 约谈记录 for the interviewing agency's staff (约谈人员（一）至（三）)
OFFICER_ROWS = 3
PARTY_KEYS = ("name", "uscc", "id_number", "address", "legal_rep", "phone")
TEXT_KEYS = ("subject", "held_on", "place", "topics", "provisions", "commitments", "rectification_due",
             "follow_up_on", "follow_up_result", "summary", "contact_phone")


def acting_agency(db: Database, agency_id: str) -> Agency:
    """The agency whose name the documents carry: a town office acts in its district bureau's name."""
    agency = get_agency(db, agency_id)
    if agency.level == "town" and agency.parent_id:
        return get_agency(db, agency.parent_id)
    return agency


def attendee_line(attendee: dict) -> str:
    """姓名（单位职务）, leaving out what is not known: the post follows its unit as one writes it
    (佛山市市场监督管理局网络交易监督管理科科长), with no space between them."""
    detail = "".join(str(p).strip() for p in (attendee.get("organisation", ""), attendee.get("post", "")) if p)
    return f"{attendee['name']}（{detail}）" if detail else attendee["name"]


def attendee_key(attendee: dict) -> tuple[str, str]:
    """Who an attendee is: the name and unit, so that one person listed twice — an interviewer who also keeps the
    record (post 记录人) — is one person."""
    return str(attendee.get("name", "")).strip(), str(attendee.get("organisation", "")).strip()


def each_person(attendees: list[dict]) -> list[dict]:
    """``attendees`` with each person once, where first listed, the posts of the rows naming them joined with 、
    (黄少芬, 科员 and 记录人: 科员、记录人)."""
    people: dict[tuple[str, str], dict] = {}
    for attendee in attendees:
        person = people.setdefault(attendee_key(attendee), {**attendee, "post": ""})
        post = str(attendee.get("post", "")).strip()
        if post and post not in person["post"].split("、"):
            person["post"] = f"{person['post']}、{post}" if person["post"] else post
    return list(people.values())


def repeated_attendees(attendees: list[dict]) -> list[tuple[int, int, bool]]:
    """The rows of ``attendees`` (numbered from 1) naming a person an earlier row names (``attendee_key``), each as
    (its row, the first row naming that person, whether with the same post too): with another post it is the same
    person in a second role (an interviewer who keeps the record), printed once with both posts (``each_person``);
    with the same post, the same row typed twice. Rows without a name are left out."""
    first: dict[tuple[str, str], int] = {}
    posts: dict[tuple[str, str], set[str]] = {}
    repeats = []
    for row, attendee in enumerate(attendees, start=1):
        key = attendee_key(attendee)
        if not key[0]:
            continue
        post = str(attendee.get("post", "")).strip()
        if key in first:
            repeats.append((row, first[key], post in posts[key]))
        first.setdefault(key, row)
        posts.setdefault(key, set()).add(post)
    return repeats


def parties_heading(attendees: list[dict], person_names: set[str]) -> str:
    """The heading of the line of the parties' people in the minutes, by the kinds of the parties they attended for
    (``person_names``: the natural persons' names), as the 约谈记录 calls a natural person 被约谈人, not 被约谈单位, and
    as the minutes' parties_label words them: 被约谈单位参加人员 for units only (个体工商户 and associations among
    them), 被约谈人参加人员 for natural persons only, 被约谈方参加人员 for both."""
    persons = [a.get("organisation") in person_names for a in attendees]
    if not any(persons):
        return "被约谈单位参加人员"
    return "被约谈人参加人员" if all(persons) else "被约谈方参加人员"


def attendee_groups(attendees: list[dict], staff: list[dict], party_names: set[str],
                    person_names: set[str] = frozenset()) -> str:
    """The attendees of an interview as its minutes list them, one headed line per side: 本局参加人员 (``staff``),
    the parties' people (those of a party, ``party_names``; headed by the parties' kinds, ``parties_heading``:
    ``person_names`` are the natural persons among them), 其他参加人员 (anyone else); a side with nobody is left
    out, and a person listed twice on a side (an interviewer who is also the 记录人) is named once with both posts; the
    bureau's recorder is named by that role apart from any unit and post, 罗建华（记录人）, 黄少芬（…科员）（记录人）
    (``staff_line``)."""
    parties = [a for a in attendees if a not in staff and a.get("organisation") in party_names]
    sides = [("本局参加人员", [a for a in attendees if a in staff], staff_line),
             (parties_heading(parties, person_names), parties, attendee_line),
             ("其他参加人员", [a for a in attendees if a not in staff and a.get("organisation") not in party_names],
              attendee_line)]
    return "\n".join(f"{heading}：{'、'.join(line(a) for a in each_person(people))}"
                     for heading, people, line in sides if people)


#: the posts marking the agency's attendee who keeps the record (``is_recorder``)
RECORDER_POSTS = ("记录人", "记录员")


def staff_line(attendee: dict) -> str:
    """The bureau's attendee as the minutes' 本局参加人员 line names him: an interviewer as ``attendee_line``
    (姓名（单位职务）); the recorder (``is_recorder``) by that role alone, 罗建华（记录人） — he keeps the record, and
    the line is the bureau's: 罗建华（佛山市南海区市场监督管理局记录人） would make 记录人 a post of the bureau —; and an
    interviewer who also keeps the record (his rows joined by ``each_person``: posts 科员、记录人) with his unit and
    post, then the role apart, as the recorder alone is named: 黄少芬（佛山市南海区市场监督管理局科员）（记录人）, not
    黄少芬（佛山市南海区市场监督管理局科员、记录人）."""
    posts = [p.strip() for p in str(attendee.get("post", "")).split("、") if p.strip()]
    roles = [p for p in posts if p in RECORDER_POSTS]
    if not roles:
        return attendee_line(attendee)
    role = f"（{'、'.join(dict.fromkeys(roles))}）"
    others = [p for p in posts if p not in RECORDER_POSTS]
    if not others:
        return f"{attendee['name']}{role}"
    return attendee_line({**attendee, "post": "、".join(others)}) + role


def is_recorder(attendee: dict) -> bool:
    """Whether the agency's attendee is there to keep the record (post 记录人 or 记录员), not as an interviewer."""
    return str(attendee.get("post", "")).strip() in RECORDER_POSTS


def staff_names(db: Database, interview: Interview) -> set[str]:
    """The organisation names that mark an attendee as the interviewing agency's own staff."""
    names = {"本局"}
    for agency in (get_agency(db, interview.agency_id), acting_agency(db, interview.agency_id)):
        names |= {agency.name, agency.short_name}
    return names


def officer_names(db: Database, interview: Interview) -> list[str]:
    """The names of the interviewing agency's officers the interview's register lists (its attendees of the agency,
    ``staff_names``: interviewers and recorder alike), each once: those a 约谈记录 may name as its 约谈人员 and 记录人."""
    own = staff_names(db, interview)
    names = (str(a.get("name", "")).strip() for a in interview.attendees if a.get("organisation") in own)
    return list(dict.fromkeys(n for n in names if n))


def notice_officers(db: Database, interview: Interview) -> list[tuple[str, str]]:
    """The interviewers, (name, post) in the order the register lists them: the agency's staff (``staff_names``) but
    the recorder (``is_recorder``). A 约谈通知书 prints them as its 约谈人 (姓名（职务）, joined with 、) and the first as
    its 联系人, a 约谈记录 as its 约谈人员; the check of a change to an issued notice compares them
    (``store.interviews.PRINTED_FIELDS``)."""
    own = staff_names(db, interview)
    return [(str(a.get("name", "")).strip(), str(a.get("post", "")).strip()) for a in interview.attendees
            if a.get("organisation") in own and not is_recorder(a)]


def printed_contact_phone(db: Database, interview: Interview) -> str:
    """The contact phone a 约谈通知书 prints: the interview's (in the form numbers are printed in, when it is one),
    else — none typed — its agency's own, as its cases' documents print it; the check of a change to an issued
    notice compares it (``store.interviews.PRINTED_FIELDS``)."""
    from workstation.agency_details import document_details

    phone = interview.contact_phone.strip()
    try:
        phone = normalize_phone(phone) if phone else ""
    except ValueError:
        pass
    return phone or document_details(db, interview.agency_id)["contact_phone"]


def interview_party(db: Database, interview: Interview, party_id: str | None = None) -> Party | None:
    """The party a one-party document is addressed to: ``party_id`` (one of the interview's), else the first."""
    if party_id and party_id not in interview.party_ids:
        raise NotFound(_("The party {id} was not interviewed in this interview.").format(id=party_id))
    chosen = party_id or (interview.party_ids[0] if interview.party_ids else None)
    return get_party(db, chosen) if chosen else None


def interview_context(db: Database, interview: Interview, party_id: str | None = None) -> dict[str, object]:
    """The flat {source path: value} an interview's documents draw their defaults from; ``interview.party.*``
    and ``interview.attendee1.*`` describe the party ``party_id`` (default: the first party)."""
    agency = acting_agency(db, interview.agency_id)
    context: dict[str, object] = {"today": today(), "agency.name": agency.name, "agency.short_name": agency.short_name,
                                  "agency.district": agency.district}
    for key in TEXT_KEYS:
        context[f"interview.{key}"] = getattr(interview, key)
    context["interview.contact_phone"] = printed_contact_phone(db, interview)
    context["interview.kind_label"] = label("interview_kinds", interview.kind)
    # the topics said of the parties (the 约谈纪要's); the rectification period in force
    from workstation.store.interviews import rectification_workdays, topic_stated

    context["interview.topics_stated"] = "\n".join(topic_stated(t) for t in interview.topics.splitlines() if t.strip())
    # the time of day recorded with the interview: the notice prints it with 上午/下午, the record starts from it;
    # none recorded leaves both empty (the notice then asks for it), never a time nobody chose
    held_at = interview.held_at or ""
    context["interview.time_text"] = clock_text(held_at, half_day=True) if held_at else ""
    context["interview.time_from"] = clock_text(held_at) if held_at else ""
    # the 约谈通知书 is dated the day it is issued, never backdated to an interview that has passed (one whose day
    # has passed, or is marked held, is refused its notice: ``interview_documents.passed_refusal``)
    context["interview.notice_on"] = str(context["today"])
    context["interview.rectification_terms"] = rectification_terms(db, interview)
    # the working days the party has to report its rectification in writing, as the legal data in force give them
    # (a bureau's copy of thresholds.toml may change them): the 约谈纪要 and the 约谈记录 print them
    context["interview.report_workdays"] = rectification_workdays()
    parties = [get_party(db, p) for p in interview.party_ids]
    context["interview.parties"] = "、".join(p.name for p in parties)
    staff_orgs = staff_names(db, interview)
    everyone = [a for a in interview.attendees if a.get("organisation") in staff_orgs]
    # the bureau's staff and the parties' representatives under headings of their own, never mixed in one list
    context["interview.attendees"] = attendee_groups(interview.attendees, everyone, {p.name for p in parties},
                                                     {p.name for p in parties if p.kind == "person"})
    # an attendee of the agency whose post is 记录人 keeps the record and is not one of the interviewers
    recorders = [a for a in everyone if is_recorder(a)]
    staff = notice_officers(db, interview)
    context["interview.officers"] = "、".join(f"{name}（{post}）" if post else name for name, post in staff)
    for position, (name, post) in enumerate(staff[:OFFICER_ROWS], start=1):
        context[f"interview.officer{position}.name"] = name
        context[f"interview.officer{position}.post"] = post
    if len(staff) > OFFICER_ROWS:  # the record's last line lists the others, so that no interviewer is left out
        rest = staff[OFFICER_ROWS - 1:]  # each with the post beside the name, as the lines above print them
        context[f"interview.officer{OFFICER_ROWS}.name"] = "、".join(
            f"{name}　{post}" if post else name for name, post in rest)
        context[f"interview.officer{OFFICER_ROWS}.post"] = ""
    # none marked 记录人: the second interviewer is proposed, the officer changes it in the editor if another wrote it
    context["interview.recorder"] = "、".join(a["name"] for a in recorders) or (
        staff[1][0] if len(staff) > 1 else staff[0][0] if staff else "")
    party = interview_party(db, interview, party_id)
    if party is not None:
        names = {p.name for p in parties}
        context.update(_party_context(party, [a for a in interview.attendees if a not in everyone], len(parties),
                                      names))
        others = [p.name for p in parties if p.id != party.id]
        context["interview.party.joint_with"] = "、".join(others)
        context["interview.party.commitments"] = party_lines(interview.commitments, party.name, others)
        # the notice its 送达回证 proves served, and its date: the receipt's 送达日期 is not before it (not_before)
        context["interview.party.notice"], context["interview.party.notice_issued_on"] = notice_of(
            db, interview, party, len(parties))
    return context


def notice_issued_to(db: Database, interview: Interview, party: Party, party_count: int) -> str:
    """The 约谈通知书 issued to ``party`` in ``interview`` with its 文号, as its 送达回证 names it: 约谈通知书（佛顺市监约
    〔2026〕1号）, the latest in force (a correction's, once issued); "" while none is issued."""
    return notice_of(db, interview, party, party_count)[0]


def notice_of(db: Database, interview: Interview, party: Party, party_count: int) -> tuple[str, str]:
    """(``notice_issued_to``, its 落款日期) of the 约谈通知书 issued to ``party`` in ``interview``; ("", "") while
    none is issued. A joint interview's notices are told apart by the party each is addressed to."""
    for title, number, values_json, issued_at in db.execute(
            "SELECT title, number, values_json, issued_at FROM documents WHERE interview_id = ? "
            "AND form_id = 'interview_notice' AND status = 'issued' ORDER BY issued_at DESC, rowid DESC",
            [interview.id]):
        values = json.loads(values_json or "{}")
        if party_count > 1 and values.get("party_name") != party.name:
            continue
        return (f"{title}（{number}）" if number else title), str(values.get("issued_on") or issued_at)[:10]
    return "", ""


def rectification_terms(db: Database, interview: Interview) -> str:
    """How long the party has to report its rectification, as a 约谈记录 words it after 自约谈之日起 next to the
    deadline it prints: "15个工作日内…" when the deadline falls that many working days after the interview, else the
    calendar days to it ("20日内…"), so that the period and the date never disagree; "" without a deadline after
    the interview (the form's default then)."""
    if not (interview.held_on and interview.rectification_due):
        return ""
    held, due = dt.date.fromisoformat(interview.held_on), dt.date.fromisoformat(interview.rectification_due)
    if due <= held:
        return ""
    calendar = default_calendar(data_dir_of(db))
    workdays = calendar.workdays_between(held, due)
    if workdays > 0 and calendar.add_workdays(held, workdays) == due:
        return f"{workdays}个工作日内书面报送整改情况"
    return f"{(due - held).days}日内书面报送整改情况"


def party_lines(text: str, name: str, others: list[str]) -> str:
    """The lines of ``text`` that concern the party ``name``: all but those naming one of the ``others`` and not
    it (a commitment the register wrote for another party of the same interview)."""
    if not others:
        return text
    return "\n".join(line for line in text.split("\n")
                     if name in line or not any(other and other in line for other in others)).strip()


def _party_context(party: Party, others: list[dict], party_count: int,
                   party_names: set[str] | None = None) -> dict[str, object]:
    context: dict[str, object] = {f"interview.party.{key}": getattr(party, key) for key in PARTY_KEYS}
    # the kind chooses the forms' party_defaults (你 or 你单位, 被约谈人 or 被约谈单位), as a case's first party's does
    context["party.kind"] = context["interview.party.kind"] = party.kind
    context["interview.party.kind_label"] = label("party_kinds", party.kind)
    context["interview.party.code"] = party.uscc or party.id_number
    context["interview.party.code_label"] = "统一社会信用代码" if party.uscc or not party.id_number else "身份证件号码"
    # the party's own people (those naming it; one party interviewed: everyone not of the agency), then those of
    # another unit naming none of the parties (another bureau's officer, an association's…) with their unit: none of
    # the listed attendees is left out of the record
    named = party_names or {party.name}
    own = [a for a in others if a.get("organisation") == party.name or party_count == 1
           or a.get("organisation") not in named]
    for position, attendee in enumerate(own[:ATTENDEE_ROWS], start=1):
        unit = attendee.get("organisation", "")
        post = attendee.get("post", "")
        if unit and unit != party.name:
            post = " ".join(p for p in (unit, post) if p)
        context[f"interview.attendee{position}.name"] = attendee["name"]
        context[f"interview.attendee{position}.post"] = post
        # a natural person attending in person, in whichever row: the ID number the register holds for him
        if party.kind == "person" and party.id_number and str(attendee["name"]).strip() == party.name:
            context[f"interview.attendee{position}.id_number"] = party.id_number
    if len(own) > ATTENDEE_ROWS:  # the record's last row lists the others, so that none is left out
        rest = own[ATTENDEE_ROWS - 1:]
        context.pop(f"interview.attendee{ATTENDEE_ROWS}.id_number", None)  # several people: no one's number
        context[f"interview.attendee{ATTENDEE_ROWS}.name"] = "、".join(a["name"] for a in rest)
        # each with its unit only when not the party's, as the rows above (a party's own people under its name)
        posts = [" ".join(p for p in (a.get("organisation", "") if a.get("organisation", "") != party.name else "",
                                      a.get("post", "")) if p) for a in rest]
        context[f"interview.attendee{ATTENDEE_ROWS}.post"] = "、".join(posts) if any(posts) else ""
    # nobody recorded: the rows stay blank, ruled for those who attended to write in by hand when they sign — the
    # record says who attended, never who was summoned (the legal representative, the 经营者: the notice names those)
    return context
