"""The values an administrative interview (行政约谈) gives its documents (约谈通知书, 约谈记录, 约谈纪要): the flat
{source path: value} context the forms' ``interview.*`` sources draw their defaults from, as ``case_context``
does for a case's documents.

Attendees whose organisation is the interviewing agency (its full or short name, or 本局) are its staff: they
fill the interviewers (``interview.officers``, ``interview.officer1.*``), the recorder and the 送达回证's two
servers (``interview.server1.name``: the interviewers, then the recorder); the others attended
for the interviewed parties.

A one-party document of a joint interview (a 约谈记录 for each party) describes its party with what the register
holds for that party: its attendees (those naming it as their organisation), its commitments
(``interview.party.commitments``: the lines naming none of the other parties) and the parties interviewed with
it (``interview.party.joint_with``); the rest is the interview's common data."""

from __future__ import annotations

import datetime as dt
import json
from typing import NamedTuple

from workstation.clocks import data_dir_of
from workstation.db import Database
from workstation.errors import NotFound
from workstation.i18n import _, ngettext
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
                    person_names: set[str] = frozenset(), rules=None) -> str:
    """The attendees of an interview as its minutes list them, one headed line per side: 本局参加人员 (``staff``),
    the parties' people (those of a party, ``party_names``; headed by the parties' kinds, ``parties_heading``:
    ``person_names`` are the natural persons among them), 其他参加人员 (anyone else); a side with nobody is left
    out, and a person listed twice on a side (an interviewer who is also the 记录人) is named once with both posts; the
    bureau's recorder is named by that role apart from any unit and post, 罗建华（记录人）, 黄少芬（…科员）（记录人）
    (``staff_line``); a party's people name it by its full name or a short form of it (``PartyNames``, with the
    screening ``rules``)."""
    names = PartyNames(sorted(party_names), rules)
    parties = [a for a in attendees if a not in staff and names.owner(str(a.get("organisation", ""))) is not None]
    sides = [("本局参加人员", [a for a in attendees if a in staff], staff_line),
             (parties_heading(parties, person_names), parties, attendee_line),
             ("其他参加人员", [a for a in attendees if a not in staff and a not in parties], attendee_line)]
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
    # a deadline on the interview's day: the 约谈记录 words it 应当于约谈当日… (its `same_day` blocks)
    context["interview.same_day"] = context["interview.rectification_terms"] == SAME_DAY
    # the working days the party has to report its rectification in writing, as the legal data in force give them
    # (a bureau's copy of thresholds.toml may change them): the 约谈纪要 and the 约谈记录 print them
    context["interview.report_workdays"] = rectification_workdays()
    parties = [get_party(db, p) for p in interview.party_ids]
    context["interview.parties"] = "、".join(p.name for p in parties)
    staff_orgs = staff_names(db, interview)
    everyone = [a for a in interview.attendees if a.get("organisation") in staff_orgs]
    # the bureau's staff and the parties' representatives under headings of their own, never mixed in one list
    # the parties named as the screening rules in force read businesses' names (a bureau's edited copy)
    from workstation.screening.complaint import rules_or_shipped_for

    rules = rules_or_shipped_for(db)
    context["interview.attendees"] = attendee_groups(interview.attendees, everyone, {p.name for p in parties},
                                                     {p.name for p in parties if p.kind == "person"}, rules)
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
    # the 送达回证's two 送达人 (REFERENCE No. 50: ×2): the interviewers first, then the recorder — one interviewer with
    # a recorder, as the editor advises, is served by both —, each once
    servers = [name for name in dict.fromkeys([*(name for name, _post in staff),
                                               *(str(a.get("name", "")).strip() for a in recorders)]) if name]
    for position in (1, 2):
        context[f"interview.server{position}.name"] = (servers + ["", ""])[position - 1]
    # none marked 记录人: the second interviewer is proposed, the officer changes it in the editor if another wrote it
    context["interview.recorder"] = "、".join(a["name"] for a in recorders) or (
        staff[1][0] if len(staff) > 1 else staff[0][0] if staff else "")
    party = interview_party(db, interview, party_id)
    if party is not None:
        names = {p.name for p in parties}
        context.update(_party_context(party, [a for a in interview.attendees if a not in everyone], len(parties),
                                      names, rules))
        others = [p.name for p in parties if p.id != party.id]
        context["interview.party.joint_with"] = "、".join(others)
        context["interview.party.commitments"] = party_lines(interview.commitments, party.name, others, rules)
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


#: the 整改期限 of a deadline on the interview's day, printed after 自约谈之日起 (Chinese content, as the form's)
SAME_DAY = "当日书面报送整改情况"


def rectification_terms(db: Database, interview: Interview) -> str:
    """How long the party has to report its rectification, as a 约谈记录 words it after 自约谈之日起 next to the
    deadline it prints: "15个工作日内…" when the deadline falls that many working days after the interview, else the
    calendar days to it ("20日内…"), so that the period and the date never disagree; ``SAME_DAY`` for a deadline on
    the interview's day itself, which the register takes (a report asked for at once, as a harm still going on may
    need); "" without a deadline, or with one before the interview (the form's default then)."""
    if not (interview.held_on and interview.rectification_due):
        return ""
    held, due = dt.date.fromisoformat(interview.held_on), dt.date.fromisoformat(interview.rectification_due)
    if due == held:
        return SAME_DAY
    if due < held:
        return ""
    calendar = default_calendar(data_dir_of(db))
    workdays = calendar.workdays_between(held, due)
    if workdays > 0 and calendar.add_workdays(held, workdays) == due:
        return f"{workdays}个工作日内书面报送整改情况"
    return f"{(due - held).days}日内书面报送整改情况"


#: the words a national company's name begins with before its trade name (中国移动通信集团…): with the trade name
#: they are the brand officers write (中国移动)
NATIONAL_PLACES = ("中国", "中华")
#: what a company's name may hold between its trade and its organisational form (中国移动通信集团广东有限公司)
COMPANY_INFIXES = ("集团", "广东省", "广东")
#: the fewest characters of a trade name that name a party in a short form (移动公司, 栩诺公司)
TRADE_NAME_LEAST = 2
#: the fewest characters of a trade name with its trade written alone (栩诺装饰工程, 移动通信) that name a party
CORE_LEAST = 4
#: words of a trade a company's name holds after its trade name (栩诺|装饰工程, 移动|通信), besides the screening
#: rules' sector hint words (装饰, 地产 …): cut from its end a whole word at a time down to the trade name officers
#: write (栩诺公司, 移动公司), never within a word (移动通公司)
TRADE_WORDS = ("房地产", "网络", "通信", "工程", "家居", "代理", "经纪", "科技", "信息", "技术", "贸易", "商贸", "实业",
               "投资", "发展", "服务", "咨询", "管理", "文化", "传媒", "电子", "建材", "物业")
#: the name characters between a short form and a branch word in the name of another unit of the same company
#: (中国移动|南海分公司, 中国移动|通信集团广东有限公司南海分公司)
_BRANCH_AFTER = 16


def _unified(text: str) -> str:
    """``text`` as party names are looked for in it: as two names are compared (``party_name_key``), no spaces."""
    from workstation.store.parties import party_name_key

    return party_name_key(str(text or "")).replace(" ", "")


def _rules(rules):
    from workstation.screening.rules import load_rules

    return rules or load_rules()


def _trade_names(core: str, rules) -> list[str]:
    """``core`` (a company's trade name and trade: 栩诺装饰工程) and the whole trade names within it, a trade word
    (``TRADE_WORDS``, the rules' sector hint words) cut from its end at a time (栩诺装饰, 栩诺)."""
    words = sorted({*TRADE_WORDS, *(w for each in rules.sectors.values() for w in each)}, key=len, reverse=True)
    names = [core]
    while (word := next((w for w in words if names[-1].endswith(w)
                         and len(names[-1]) - len(w) >= TRADE_NAME_LEAST), None)) is not None:
        names.append(names[-1][:-len(word)])
    return names


def party_short_forms(name: str, rules=None) -> set[str]:
    """The ways an officer writes the party ``name`` (half-width, without spaces): in full, without the Foshan place
    it begins with, and — a company's — its trade name (whole: ``_trade_names``) with its organisational form as
    registered or as 公司 (移动公司, 栩诺公司), with its branch (移动佛山分公司), with the national place it begins
    with (中国移动, 中国移动佛山分公司), or its trade name with its trade alone (栩诺装饰工程). A branch's
    company's registered name without the branch (移动通信集团广东有限公司) is its parent's, another unit: no form of
    it. The place words and the organisational forms and branches are those the screening rules (``rules``, default
    the shipped ones) read businesses' names with ([businesses] suffixes and branches)."""
    from workstation.screening.phones import without_place

    rules = _rules(rules)
    full = _unified(name)
    forms = {full}
    bare = without_place(full)
    if bare != full and len(bare) >= CORE_LEAST:
        forms.add(bare)
    suffixes = sorted({*rules.businesses["suffixes"], *COMPANY_INFIXES}, key=len, reverse=True)
    company, branch = full, ""
    for word in sorted(rules.businesses["branches"], key=len, reverse=True):
        if full.endswith(word) and len(full) > len(word):
            head = full[:-len(word)]
            end = max((head.rfind(s) + len(s) for s in suffixes if s in head), default=0)
            if end:  # …有限公司 佛山分公司: the company, then its branch with the branch's place
                company, branch = head[:end], head[end:] + word
            break
    lead = next((p for p in NATIONAL_PLACES if company.startswith(p)), "")
    lead = lead or company[:len(company) - len(without_place(company))]
    core = company[len(lead):]
    while (suffix := next((s for s in suffixes if core.endswith(s) and len(core) > len(s)), None)) is not None:
        core = core[:-len(suffix)]
    ending = company[len(lead) + len(core):]
    if not ending:  # no organisational form (an association, a person): its name only
        return forms
    endings = {ending + branch}
    if "公司" in ending:
        endings.add("公司")
    if branch:
        endings |= {branch, branch.replace("市", "", 1)} | ({"公司" + branch} if "公司" in ending else set())
    for trade_name in _trade_names(core, rules):
        forms |= {trade_name + e for e in endings}
        if lead in NATIONAL_PLACES:  # 中国移动, 中国移动佛山分公司
            forms |= {lead + trade_name, *(lead + trade_name + e for e in endings)}
    if len(core) >= CORE_LEAST:
        forms.add(core)
    return forms


def _brand_of(brand: str, name: str) -> bool:
    """Whether the well-known name ``brand`` (中国联通, 联通公司) may be the party ``name``'s: what it says besides a
    national place and 公司 (联通) is written in the party's name in order (中国联合网络通信…)."""
    rest = brand[len(next((p for p in NATIONAL_PLACES if brand.startswith(p)), "")):]
    rest = rest.removesuffix("公司")
    if len(rest) < TRADE_NAME_LEAST:
        return False
    letters = iter(name)
    return all(c in letters for c in rest)


class NamesRead(NamedTuple):
    """What a line or an organisation says of the parties (``PartyNames.reading``)."""

    named: set[str]  # the parties it names (none when it names one and another's well-known name, ``several``)
    shared: list[str]  # the short forms in it fitting several parties, so naming none of them
    several: list[str]  # the well-known names of another party (中国联通) in it beside the party it names
    mentioned: bool  # a name or short form of a party or a well-known name of one is in it, named or not


class PartyNames:
    """The parties of an interview as its lines and attendees name them (``party_short_forms``, with the screening
    ``rules``, default the shipped ones): a form fitting one party names it; one fitting several (屹嘉公司 of two 屹嘉
    companies) names none of them; the well-known names of the rules' ``excluded`` businesses (中国联通, 联通公司)
    none either, but a line naming one party and another's well-known name is taken as naming several."""

    def __init__(self, names: list[str], rules=None):
        rules = _rules(rules)
        self.names = [n for n in dict.fromkeys(names) if n]
        self.owners: dict[str, set[str]] = {}
        for name in self.names:
            for form in party_short_forms(name, rules):
                self.owners.setdefault(form, set()).add(name)
        self._forms = sorted(self.owners, key=len, reverse=True)
        self.branches = tuple(rules.businesses["branches"])
        self.brands: dict[str, set[str]] = {}
        for word in rules.businesses["excluded"]:
            brand = _unified(word)
            owners = {n for n in self.names if _brand_of(brand, _unified(n))}
            if owners and brand not in self.owners:
                self.brands[brand] = owners

    def _another_unit(self, line: str, end: int, form: str) -> bool:
        """Whether ``form`` ending at ``end`` of ``line`` begins the name of another unit: directly followed by the
        name of a branch not its own (中国移动南海分公司, 中国移动通信集团广东有限公司南海分公司)."""
        if form.endswith(self.branches):
            return False
        run = line[end:end + _BRANCH_AFTER + max(map(len, self.branches), default=0)]
        return any(0 <= run.find(b) <= _BRANCH_AFTER for b in self.branches)

    def reading(self, text: str) -> NamesRead:
        """What ``text`` says of the parties (``NamesRead``); a form within a longer one found (the company's name
        within its branch's) is not read apart, and one beginning another unit's name (``_another_unit``) names
        nobody."""
        line = _unified(text)
        found: list[tuple[int, int, str]] = []
        for form in self._forms:
            start = line.find(form)
            while start >= 0:
                end = start + len(form)
                if not any(s <= start and end <= e for s, e, _f in found):
                    found.append((start, end, form))
                start = line.find(form, start + 1)
        named: set[str] = set()
        shared: list[str] = []
        for _start, end, form in found:
            if self._another_unit(line, end, form):
                continue
            if len(self.owners[form]) == 1:
                named |= self.owners[form]
            elif form not in shared:
                shared.append(form)
        brands = [b for b in self.brands if b in line]
        several = [b for b in brands if self.brands[b] - named] if named else []
        return NamesRead(set() if several else named, shared, several, bool(found or brands))

    def owner(self, organisation: str) -> str | None:
        """The party an attendee's organisation is, written whole as its full name or a short form only it has
        (中国移动, 移动公司), else None: another unit of the company (中国移动通信集团广东有限公司南海分公司) is none."""
        owners = self.owners.get(_unified(organisation), set())
        return next(iter(owners)) if len(owners) == 1 else None


def party_lines(text: str, name: str, others: list[str], rules=None) -> str:
    """The lines of ``text`` that concern the party ``name``: all but those naming one of the ``others`` and not
    it (a commitment the register wrote for another party of the same interview), a party named by its full name
    or a short form of it only it has (``PartyNames``, with the screening ``rules``); a line naming none prints for
    every party, and so does one naming a party and another's well-known name (中国联通和中国移动…)."""
    if not others:
        return text
    names = PartyNames([name, *others], rules)
    kept = []
    for line in text.split("\n"):
        named = names.reading(line).named
        if not named or name in named:
            kept.append(line)
    return "\n".join(kept).strip()


def shared_lines_warning(names: list[str], commitments: str, attendees: list[dict],
                         staff: set[str] = frozenset(), rules=None) -> str:
    """What the officer is told of a joint interview (the parties ``names``) whose commitments print in every
    party's 约谈记录 — the lines naming none of the parties, by a name or a short form only it has, and those naming
    one and another's well-known name (中国联通) — and of its attendees listed in every party's record whose
    organisation names a party without being it (a short form fitting several, another unit of its company:
    ``PartyNames.owner``); those of the agency (``staff``) are not parties' people. "" for one party, or when every
    line names its party."""
    if len(names) < 2:
        return ""
    parties = PartyNames(names, rules)
    every, several, brands, shared = [], [], [], {}
    for row, line in enumerate(commitments.split("\n"), start=1):
        if not line.strip():
            continue
        reading = parties.reading(line)
        if reading.several:
            several.append(str(row))
            brands.extend(b for b in reading.several if b not in brands)
        elif not reading.named:
            every.append(str(row))
            for form in reading.shared:
                shared.setdefault(form, sorted(parties.owners[form]))
    people = []
    for attendee in attendees:
        organisation = str(attendee.get("organisation", "")).strip()
        if not organisation or organisation in staff or parties.owner(organisation) is not None:
            continue
        reading = parties.reading(organisation)
        if reading.mentioned:
            people.append(f"{attendee.get('name', '')}（{organisation}）")
            for form in reading.shared:
                shared.setdefault(form, sorted(parties.owners[form]))
    parts = []
    if every:
        parts.append(ngettext(
            "Commitment line {rows} names none of the parties, so it prints in every party's 约谈记录; a line naming "
            "a party (by its name or a short form only it has) prints in its record only.",
            "Commitment lines {rows} name none of the parties, so they print in every party's 约谈记录; a line naming "
            "a party (by its name or a short form only it has) prints in its record only.", len(every))
                     .format(rows="、".join(every)))
    if several:
        parts.append(ngettext(
            "Commitment line {rows} names a party and also {names}, another party's name, so it prints in every "
            "party's 约谈记录: write each party's commitments on lines of their own.",
            "Commitment lines {rows} name a party and also {names}, another party's name, so they print in every "
            "party's 约谈记录: write each party's commitments on lines of their own.", len(several))
                     .format(rows="、".join(several), names="、".join(brands)))
    if people:
        parts.append(ngettext(
            "The attendee {people} is listed in every party's 约谈记录: the organisation names none of the parties "
            "alone.",
            "The attendees {people} are listed in every party's 约谈记录: their organisation names none of the "
            "parties alone.", len(people)).format(people="、".join(people)))
    if shared:
        parts.append(ngettext("{forms} fits several parties: write the party's full name instead.",
                              "{forms} each fit several parties: write the party's full name instead.",
                              len(shared)).format(
            forms="；".join(_("{form} ({parties})").format(form=form, parties="、".join(owners))
                           for form, owners in shared.items())))
    return " ".join(parts)


def _party_context(party: Party, others: list[dict], party_count: int,
                   party_names: set[str] | None = None, rules=None) -> dict[str, object]:
    context: dict[str, object] = {f"interview.party.{key}": getattr(party, key) for key in PARTY_KEYS}
    # the kind chooses the forms' party_defaults (你 or 你单位, 被约谈人 or 被约谈单位), as a case's first party's does
    context["party.kind"] = context["interview.party.kind"] = party.kind
    context["interview.party.kind_label"] = label("party_kinds", party.kind)
    context["interview.party.code"] = party.uscc or party.id_number
    context["interview.party.code_label"] = "统一社会信用代码" if party.uscc or not party.id_number else "身份证件号码"
    # the party's own people (those naming it; one party interviewed: everyone not of the agency), then those of
    # another unit naming none of the parties (another bureau's officer, an association's…) with their unit: none of
    # the listed attendees is left out of the record
    # a party named by its full name or a short form only it has (移动公司); one fitting several names none of them
    named = PartyNames(sorted(party_names or {party.name}), rules)
    owners = {id(a): named.owner(str(a.get("organisation", ""))) for a in others}
    own = [a for a in others if party_count == 1 or owners[id(a)] in (party.name, None)]
    for position, attendee in enumerate(own[:ATTENDEE_ROWS], start=1):
        unit = attendee.get("organisation", "")
        post = attendee.get("post", "")
        if unit and owners[id(attendee)] != party.name:
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
        posts = [" ".join(p for p in (a.get("organisation", "") if owners[id(a)] != party.name else "",
                                      a.get("post", "")) if p) for a in rest]
        context[f"interview.attendee{ATTENDEE_ROWS}.post"] = "、".join(posts) if any(posts) else ""
    # nobody recorded: the rows stay blank, ruled for those who attended to write in by hand when they sign — the
    # record says who attended, never who was summoned (the legal representative, the 经营者: the notice names those)
    return context


def joint_lines_warning(db: Database, interview: Interview) -> str:
    """``shared_lines_warning`` of ``interview`` as the register holds it (its parties' names, its agency's staff):
    what its editor and `interviews add`/`edit` tell the officer, not refused."""
    if len(interview.party_ids) < 2:
        return ""
    names = []
    for party_id in interview.party_ids:
        try:
            names.append(get_party(db, party_id).name)
        except NotFound:
            continue
    from workstation.screening.complaint import rules_or_shipped_for

    return shared_lines_warning(names, interview.commitments or "", interview.attendees,
                                staff_names(db, interview), rules_or_shipped_for(db))
