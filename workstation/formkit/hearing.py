"""Sources of the hearing's documents (Penalty Law arts. 64–65): the 听证通知书 says when and where the hearing is
held and who chairs, sits on and records it; the 听证笔录 records it as held, and the 听证报告 is written from the
笔录. So the 听证通知书 starts with the day the party asked for the hearing (the 申请听证 recorded, the party's own in
a case with several), the 听证笔录 with its notice's time, place, publicity and hearing staff (``hearing.notice_*``),
and the 听证报告 with those of its 听证笔录 (``hearing.*``), else of the notice — but for whom the 笔录 records as
present for the party (``hearing.representative``), which no notice says. Each document drawn on is the last
one issued to the party (``addressee.party_condition``), neither voided nor superseded. A hearing asked for and not
held — the request withdrawn, or the party absent — is said in the documents of the decision (``given_up_text``).
A party takes part in person or through one or two agents (Penalty Law art. 64 (5)): more are refused
(``agents_refusal``)."""

from __future__ import annotations

import json

from workstation.db import Database
from workstation.records import Case, now, short_time
from workstation.validators import parse_time_of_day

#: the 听证通知书's fields the 听证笔录 starts with: {source suffix: the notice's field}
NOTICE_FIELDS = {"place": "hearing_place", "chair": "chair", "members": "members", "clerk": "clerk",
                 "publicity": "publicity"}
#: the 听证笔录's fields the 听证报告 starts with: {source suffix: the record's field}
RECORD_FIELDS = {"start": "time_from", "end": "time_to", "place": "place", "chair": "chair", "members": "members",
                 "clerk": "clerk", "publicity": "publicity", "agents": "agents", "representative": "representative"}
#: the forms naming the party's agents at the hearing (their field ``agents``), one or two (Penalty Law art. 64 (5))
AGENT_FORMS = ("hearing_record", "hearing_report")
MAX_AGENTS = 2


def hearing_context(db: Database, case: Case, party_id: str | None, parties: list) -> dict[str, object]:
    """``hearing.requested_on`` (the day the party asked for a hearing), ``hearing.notice_start`` (the notice's
    听证日期 and 听证时间 as ``YYYY-MM-DD HH:MM``; None while it names no hour) and ``hearing.notice_place`` /
    ``_chair`` / ``_members`` / ``_clerk`` / ``_publicity``; ``hearing.record_start``: the notice's start, else
    now (the 听证笔录 is typed as the hearing goes on); ``hearing.start`` / ``end`` / ``place`` / ``chair`` /
    ``members`` / ``clerk`` / ``publicity`` / ``agents``: the issued 听证笔录's, else the notice's;
    ``hearing.representative``: whom the issued 听证笔录 records as present for the party (its 当事人到场人员), which
    no notice gives. None where nothing gives one."""
    context: dict[str, object] = {"hearing.requested_on": requested_on(db, case, party_id, parties)}
    notice = _last_issued(db, case, party_id, "hearing_notice")
    for key, field in NOTICE_FIELDS.items():
        context[f"hearing.notice_{key}"] = _given(notice.get(field))
    context["hearing.notice_start"] = notice_start(notice)
    # the 听证笔录 is typed as the hearing goes on: without a notice naming the hour, it starts now
    context["hearing.record_start"] = context["hearing.notice_start"] or short_time(now())
    record = _last_issued(db, case, party_id, "hearing_record")
    for key, field in RECORD_FIELDS.items():
        noticed = context.get(f"hearing.notice_{key}")
        context[f"hearing.{key}"] = _given(record.get(field)) if record else noticed
    return context


def given_up_text(db: Database, case: Case, party_id: str | None, parties: list) -> str | None:
    """What the 行政处罚决定书 and the 行政处理决定审批表 say of a hearing the party asked for and that was not held
    (``procedure.hearing_given_up``): the party withdrew its request (撤回听证申请), or did not appear at it without
    good reason, which gives the hearing up (Penalty Law art. 64 (6)); None otherwise — a hearing held is said by
    ``party.hearing_held_on``."""
    from workstation.money import chinese_date
    from workstation.procedure import hearing_given_up

    found = hearing_given_up(db, case, party_id, parties)
    if found is None:
        return None
    step, day, asked = found
    if step == "withdraw_hearing":
        return f"当事人于{chinese_date(asked)}要求听证，后于{chinese_date(day)}撤回听证申请。"
    return f"当事人于{chinese_date(asked)}要求听证，经依法通知后，无正当理由未于{chinese_date(day)}参加听证，视为放弃听证权利。"


def notice_start(values: dict) -> str | None:
    """The hearing's start a 听证通知书 names (its 听证日期 and 听证时间, 上午9时30分 → ``2026-11-24 09:30``);
    None when it leaves either blank for the hand or the time cannot be read."""
    day = str(values.get("hearing_date") or "")[:10]
    if not day:
        return None
    try:
        parsed = parse_time_of_day(values.get("hearing_time"))
    except ValueError:
        return None
    return f"{parsed[0] or day} {parsed[1]}" if parsed else None


def requested_on(db: Database, case: Case, party_id: str | None, parties: list) -> str | None:
    """The day the party asked for a hearing, as the case recorded it (申请听证) and a hearing given up says it
    (``procedure._asked_on``): in a case with several parties the party's own request (the first party's without
    ``party_id``), else the case's latest — a party that gave its hearing up and, served a corrected notice again,
    asked anew is heard on its new request; None without one."""
    from workstation.procedure import _asked_on

    asked = _asked_on(db, case, party_id, parties)
    return str(asked)[:10] if asked else None


def _last_issued(db: Database, case: Case, party_id: str | None, form_id: str) -> dict:
    from workstation.documents.addressee import party_condition

    of_party, params = party_condition(db, case, party_id, "d")
    row = db.execute(
        f"SELECT values_json FROM documents d WHERE case_id = ? AND status = 'issued' AND form_id = ?{of_party} "
        "AND NOT EXISTS (SELECT 1 FROM documents s WHERE s.supersedes_id = d.id AND s.status = 'issued') "
        "ORDER BY issued_at DESC, rowid DESC LIMIT 1", [case.id, form_id, *params]).fetchone()
    return json.loads(row[0] or "{}") if row else {}


def _given(value) -> object:
    return value if value not in ("", None, []) else None


def agents_refusal(form, values: dict) -> dict[str, str]:
    """{label of the field ``agents``: why} when the 听证笔录 or 听证报告 names more than two agents of the party: it
    takes part in person or through one or two (Penalty Law art. 64 (5)). The names are counted as the hearing
    staff's are told apart (``stage_rules._NAME_SEPARATORS``: 、，,；;/), what is in brackets after one — its
    work unit, 李明（广东某某律师事务所律师） — left out; {} otherwise, and for other forms."""
    from workstation.documents.stage_rules import _BRACKETED, _NAME_SEPARATORS
    from workstation.i18n import _

    if form.id not in AGENT_FORMS or form.field("agents") is None:
        return {}
    names = [name.strip() for name in _NAME_SEPARATORS.split(_BRACKETED.sub(" ", str(values.get("agents") or "")))]
    names = [name for name in names if name]
    if len(names) <= MAX_AGENTS:
        return {}
    label = form.field("agents").label
    return {label: _("The {field} names {count} persons ({names}): a party takes part in the hearing in person or "
                     "through one or two agents (行政处罚法 art. 64 (5)). Name at most two.").format(
        field=label, count=len(names), names="、".join(names))}
