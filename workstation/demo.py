"""The demo data set: the seed campaign of ``resources/demo/seed.json`` loaded through the same store
functions as an officer's own data. Records already present (same id) are left alone, so loading twice
adds nothing.

With its complaints (the default), the seed's 31 leads come out of screening as an officer's would: the leads
are registered with the number that identifies them, the demo's two exports of 13,543 complaints
(``workstation.demo_complaints``) go through the complaint importer, screening groups the related complaints
into those leads (their descriptions, dates and numbers are then screening's), and each lead is assigned to its
bureau and decided as the seed says: those of a business the campaign filed a case against are filed (立案) and
linked to that case, the others not filed or referred to the communications administration, but for the few
received last, still within their verification period. A lead the seed marks ``by_hand`` is one an officer
registered (no group key): the telecom operator whose own number it is about, which screening never takes for a
business (``resources/screening/rules.toml`` excludes the operators), is its party, and its complaints join it
keeping its words (``screening.hand_leads``), so that its 案件移送函 gives the operators' 《电信条例》 reason.

A case whose investigation is over (its 行政处罚告知书 served, or decided) holds the evidence its facts rest on, registered
in its evidence register as an officer registers a file (``store.evidence.add_evidence``, kept in the data
directory's file store): the 告知书 and 决定书 then list it under 证据 as for an officer's case, and a decision with no
evidence is refused (行政处罚法 arts. 40, 59)."""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager
from pathlib import Path

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.i18n import _, join_names
from workstation.paths import resource
from workstation.progress import CancelToken, ProgressFn, no_progress
from workstation.records import Case, ClockEvent, Interview, Lead, Officer, Party, Publicity
from workstation.store import (
    agency_id_for_code,
    create_case,
    save_interview,
    save_lead,
    save_officer,
    save_party,
)
from workstation.store.clock_events import record_clock_event
from workstation.store.publicity import save_publicity

TABLES = {"officers": "officers", "parties": "parties", "cases": "cases", "leads": "leads",
          "interviews": "interviews", "publicity": "publicity", "clock_events": "clock_events"}
INTERVIEW_FIELDS = ("held_at", "place", "attendees", "topics", "provisions", "commitments", "follow_up_on",
                    "follow_up_result")


def load_seed() -> dict:
    with resource("demo", "seed.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def last_record_day(seed: dict | None = None) -> str:
    """The last day of the demo's records that the store refuses while it is still to come (ISO: 2026-11-27, the end
    of a 检测 period): the dates of its events, but for those an event may carry ahead of today
    (``clock_events.MAY_BE_AHEAD``: a deferral's end, a hearing's day), which do not make the demo refused. Loaded on
    an earlier day, the store would refuse that event part way."""
    from workstation.store.clock_events import MAY_BE_AHEAD

    return max(event[field][:10] for event in (load_seed() if seed is None else seed)["clock_events"]
               for field in ("starts_on", "ends_on", "approved_on")  # the dates the store checks against today
               if event.get(field) and field not in MAY_BE_AHEAD.get(event["kind"], ()))


def refuse_before_last_record(seed: dict | None = None) -> None:
    """Refuse the demo, before anything is loaded, on a computer whose date is before the demo's last record
    (``last_record_day``): its clock is wrong, or set back; that record would be refused part way, naming a field of
    it the officer never typed."""
    from workstation.errors import WorkstationError
    from workstation.records import today

    last, day = last_record_day(seed), today()
    if day < last:
        raise WorkstationError(_("The demo's records run to {last}, but this computer's date is {today}, which is "
                                 "earlier: check the computer's date and time settings, then load the demo again. "
                                 "Nothing was loaded.").format(last=last, today=day))


def records_not_from_demo(db: Database) -> dict[str, int]:
    """How many records the database holds that the demo data set did not bring (an officer's own records):
    {"cases", "leads", "interviews", "publicity", "officers", "complaints", "documents", "evidence",
    "number_blocks", "station_agency": n}, zero where there are none. The demo's complaints are those of its two
    exports (``demo_complaint_sql``); it issues no document, enters no number block (号段) and chooses no station
    agency. A station set up in its first steps (its agency chosen, its officers added: ``ui.first_steps``) holds
    records of its own before its first case: its 1 under "station_agency" is the agency chosen."""
    from workstation.store import get_setting

    seed = load_seed()
    counts = {}
    for kind in ("cases", "leads", "interviews", "publicity", "officers"):
        ids = json.dumps([item["id"] for item in seed.get(kind, [])])
        counts[kind] = db.execute(f"SELECT COUNT(*) FROM {kind} WHERE id NOT IN (SELECT value FROM json_each(?))",
                                  [ids]).fetchone()[0]
    where, params = demo_complaint_sql()
    counts["complaints"] = db.execute(f"SELECT COUNT(*) FROM complaints WHERE NOT ({where})", params).fetchone()[0]
    counts["documents"] = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    evidence = json.dumps([evidence_id(item["id"], number) for item in seed.get("cases", [])
                           for number in range(1, len(demo_evidence(item)) + 1)])
    counts["evidence"] = db.execute("SELECT COUNT(*) FROM evidence WHERE id NOT IN (SELECT value FROM json_each(?))",
                                    [evidence]).fetchone()[0]
    counts["number_blocks"] = db.execute("SELECT COUNT(*) FROM number_blocks").fetchone()[0]
    counts["station_agency"] = int(bool(get_setting(db, "station_agency")))
    return counts


def own_records_said(own: dict[str, int]) -> list[tuple[str, int]]:
    """The records of ``records_not_from_demo`` there are, each said as a text to format with ``n`` (「{n}件自有案件」)
    and its number."""
    from workstation.i18n import ngettext

    said = {"cases": lambda n: ngettext("{n} case of its own", "{n} cases of its own", n),
            "leads": lambda n: ngettext("{n} lead of its own", "{n} leads of its own", n),
            "interviews": lambda n: ngettext("{n} interview of its own", "{n} interviews of its own", n),
            "complaints": lambda n: ngettext("{n} complaint of its own", "{n} complaints of its own", n),
            "publicity": lambda n: ngettext("{n} publicity activity of its own", "{n} publicity activities of its own",
                                            n),
            "documents": lambda n: ngettext("{n} issued document of its own", "{n} issued documents of its own", n),
            "evidence": lambda n: ngettext("{n} evidence item of its own", "{n} evidence items of its own", n),
            "officers": lambda n: ngettext("{n} officer of its own", "{n} officers of its own", n),
            "number_blocks": lambda n: ngettext("{n} number block of its own", "{n} number blocks of its own", n),
            "station_agency": lambda n: _("this workstation's agency chosen")}
    return [(said[kind](n), n) for kind, n in own.items() if n]


def demo_held(db: Database) -> dict[str, int]:
    """The demo data set's size as the database holds it: the seed's cases, leads and interviews there, and the
    complaints imported (``demo_loaded_text``)."""
    seed = load_seed()
    held = {kind: sum(db.execute(f"SELECT 1 FROM {kind} WHERE id = ?", [item["id"]]).fetchone() is not None
                      for item in seed[kind]) for kind in ("cases", "leads", "interviews")}
    held["complaints"] = db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]
    return held


def demo_loaded_text(added: dict[str, int], held: dict[str, int]) -> str:
    """What loading the demo did, ``added`` by ``load_demo`` into a database now holding ``held`` (``demo_held``):
    what it added, or that it was loaded already and nothing was added (the command line's and the window's)."""
    if any(added.get(kind) for kind in held):
        return _("Demo data: {cases} cases, {leads} leads, {interviews} interviews, {complaints} complaints "
                 "added.").format(**{kind: added.get(kind, 0) for kind in held})
    return _("The demo data is loaded already ({cases} cases, {leads} leads, {interviews} interviews, {complaints} "
             "complaints): nothing was added.").format(**held)


def demo_complaint_sql() -> tuple[str, list]:
    """The condition (SQL on ``complaints``, and its parameters) of the demo's own complaints: imported from its two
    exports (``workstation.demo_complaints.write_exports``: their file names), numbered as those number them."""
    from workstation.demo_complaints import settings

    config = settings()
    return ("(source_file = ? AND external_id GLOB 'FS12345-2026-[0-9][0-9][0-9][0-9][0-9][0-9]') OR "
            "(source_file = ? AND external_id GLOB 'XWH2026[0-9][0-9][0-9][0-9][0-9][0-9]')",
            [config["hotline"]["file"], config["council"]["file"]])


def _present(db: Database, table: str) -> set[str]:
    return {r[0] for r in db.execute(f"SELECT id FROM {table}")}


def _case(item: dict) -> Case:
    records = item.get("records", {})
    return Case(
        id=item["id"], case_number=item["case_number"], cause=item["cause"], sector=item["sector"],
        agency_id=agency_id_for_code(item["agency"]), status=item["status"], violations=item["violations"],
        district=item.get("district", ""), party_ids=item["parties"], officer_ids=item["officers"],
        **{k: item.get(k) for k in ("lead_received_on", "filed_on", "notice_served_on", "decided_on",
                                     "served_on", "closed_on")},
        records_trace=records.get("trace", 0), records_sensitive=records.get("sensitive", 0),
        records_other=records.get("other", 0), duty_related=item.get("duty_related", False),
        illegal_gains_fen=item.get("illegal_gains_fen", 0), fine_fen=item.get("fine_fen", 0),
        confiscated_fen=item.get("confiscated_fen", 0), facts=item.get("facts", ""),
        # the facts changing the law applied (a case of calls: 条例 art. 24, not the law of messages), checked by
        # ``create_case`` as an officer's are
        law_conditions=list(item.get("law_conditions", [])),
        # the tier a fine outside 一般 was decided in, with the circumstances its facts tell of and the reason
        discretion_tier=item.get("discretion_tier", ""), discretion_factors=list(item.get("discretion_factors", [])),
        discretion_reason=item.get("discretion_reason", ""))


def _check_discretion_choice(db: Database, item: dict) -> None:
    """Refuse the seed case ``item`` (just created) whose tier, circumstances and reason an officer saving them under
    Penalty and discretion… would be refused (``case_law.save_penalty_choice``), which ``create_case`` does not
    check: a circumstance the legal data does not define (a misspelt key, counted for nothing), a tier against a
    circumstance in which no penalty is given or the penalty must be lighter or heavier (``penalty_tier_refusal``),
    a fine outside its norm's range or its tier without a reason (``check_discretion``). Raised naming the seed
    file, the case and the field: the load rolls back."""
    from workstation.errors import ValidationError, WorkstationError, join_reasons
    from workstation.law import discretion
    from workstation.law.case_law import as_decided, case_law, check_discretion, penalty_tier_refusal
    from workstation.store import get_case

    case = get_case(db, item["id"])
    field, refusal = "", None
    if undefined := discretion.undefined_circumstances(case.discretion_factors):
        field, refusal = "discretion_factors", _(
            "Circumstances the legal data in force does not define, not counted: {names}.").format(
            names=join_names(undefined))
    elif refusal := penalty_tier_refusal(case.discretion_tier, case.fine_fen, case.discretion_factors,
                                         case.discretion_reason):
        field = "discretion_tier"
    elif (law := case_law(db, case)).penalty is not None:
        try:
            check_discretion(law.penalty, as_decided(db, case).fine_fen, case.discretion_tier,
                             case.discretion_reason, case.discretion_factors)
        except ValidationError as exc:
            # the fine checked is the seed's fine_fen
            field = join_names({"amount": "fine_fen"}.get(name, name) for name in exc.errors)
            refusal = join_reasons(exc.errors.values())
    if refusal:
        raise WorkstationError(_("The demo data was not loaded: its case {number} (resources/demo/seed.json) records "
                                 "a tier, circumstances or reason that Penalty and discretion… refuses ({field}): "
                                 "{refusal} Correct the case's {field} in the seed file.").format(
            number=item["case_number"], field=field, refusal=refusal))


#: the steps a seed case records, in their order: (step id, the seed's date of it, from status, to status), each as
#: ``procedure`` records the action (``send_pre_notice``, ``decide_penalty``, ``serve_decision``,
#: ``record_performance``, ``close``). The seed holds no date of the review (提交审核) nor of the statement period's
#: end: those steps are not recorded (the case's own dates do not hold them either)
DEMO_STEPS = (("notice_served", "notice_served_on", "under_review", "pre_notice"),
              ("decided", "decided_on", "decision_pending", "penalty_decided"),
              ("decision_served", "served_on", "penalty_decided", "served"),
              ("performed", "performed_on", "served", "performed"),
              ("closed", "closed_on", "performed", "closed"))


def demo_step_id(case_id: str, step: str) -> str:
    """The id of the seed case's timeline event ``step`` (``DEMO_STEPS``): the same at every installation, so that
    the demo loaded at two stations merges once."""
    return str(uuid.uuid5(uuid.UUID(case_id), step))


def _record_steps(db: Database, item: dict, actor: str) -> None:
    """Record the procedure steps of a seed case on the days the seed gives them (``DEMO_STEPS``), in their order:
    a transition event on its day with the details the action keeps, as ``procedure._record`` writes it, but no
    audit ``transition`` entry (the case's creation is audited; the steps replay its seed dates, they are no
    officer's act). So its timeline holds the days the case shows, and its last step is the one that took it to its
    status (撤销上一步 can undo it). The steps do not chain exactly: the decided step starts from decision_pending
    while the notice's service left pre_notice, the end of the statement period (陈述申辩期满) having no date in the
    seed. The case was created at its status with its dates: the steps change neither.

    Each step is stamped (``at``) its case's creation stamp plus one microsecond more than the step before, not
    ``now()``: on a coarse clock (Windows: 1–15.6 ms) every event of the case would share one stamp, ordered by
    rowid at the station but scrambled at headquarters, whose merge inserts the rows in id order while the timeline
    reads ``ORDER BY at, rowid``.

    Only a case added by this load records its steps (``_load_records``' ``fresh``): a database holding an earlier
    demo, whose cases recorded the notice's service and the performance alone, keeps that timeline (loading the demo
    again adds nothing; load it into a new data directory for the full steps)."""
    import datetime as dt

    from workstation.records import CaseEvent
    from workstation.store.cases import add_event

    created = db.execute("SELECT at FROM case_events WHERE id = ?",
                         [demo_step_id(item["id"], "created")]).fetchone()[0]
    stamp = dt.datetime.fromisoformat(created)
    for step, field, source, target in DEMO_STEPS:
        if not item.get(field):
            continue
        stamp += dt.timedelta(microseconds=1)
        details = None
        if step == "notice_served":
            details = _served_notice_details(item)
        elif step == "performed":
            details = _paid(item)
        add_event(db, CaseEvent(case_id=item["id"], kind="transition", at=stamp.isoformat(), on_date=item[field],
                                actor=actor, from_status=source, to_status=target, note=_("Demo data"),
                                id=demo_step_id(item["id"], step), details=details))


def _served_notice_details(item: dict) -> str | None:
    """What the service of a seed case's notice keeps of the penalty it told of, as serving the notice in the window
    does (``penalty_terms.served_details``): a case told of a penalty it is not yet decided on
    (``proposed_fine_fen``) keeps that penalty, its decision then checked against it (Penalty Law arts. 44, 45); a
    case decided with a warning alone (``warning``: no fine, no confiscation; 消法 art. 56) the warning it was told
    of: its record shows which penalty its decision imposed, and that it is not published (REFERENCE §1.9). None for
    the others, whose seed states no proposal: their service is recorded without one, as a notice written outside the
    workstation is (the demo's earlier versions recorded no service for them, and a decision issued in them is not
    checked against a proposal the seed never stated)."""
    from workstation.penalty_terms import PROPOSED_KEY

    if item.get("warning"):
        proposed = {"fine_fen": item.get("fine_fen", 0), "confiscated_fen": item.get("confiscated_fen", 0),
                    "warning": True, "number": ""}
    elif "proposed_fine_fen" in item:
        proposed = {"fine_fen": item["proposed_fine_fen"], "confiscated_fen": item.get("proposed_confiscated_fen", 0),
                    "number": ""}
    else:
        return None
    return json.dumps({PROPOSED_KEY: proposed}, ensure_ascii=False, sort_keys=True)


def _paid(item: dict) -> str | None:
    """What a seed case's performance (履行完毕) keeps, as recording it in the window does: the fine and confiscated
    gains paid (``payments.Payment``), or, decided with a warning alone, nothing to pay (the warning was carried out
    by serving the decision). Its payment then shows beside the decision, the 结案审批表 prints it and the payment
    period T8 is done."""
    from workstation.payments import Payment

    owed = item.get("fine_fen", 0) + item.get("confiscated_fen", 0)
    return Payment(paid_fen=owed).to_json() if owed else None


#: the evidence of a seed case, by what it proves: (kind, description, source, file name); the list of the
#: consumers' personal information is every case's, the others follow its violations (and the facts it records:
#: calls, messages or both)
_HELD_LIST = ("customer_list", "当事人持有的消费者个人信息名单", "当事人办公电脑", "消费者个人信息名单.txt")
_SMS_LOG = ("sms_log", "当事人短信群发平台导出的发送记录", "短信群发平台后台", "短信发送记录.txt")
_CALL_LOG = ("call_log", "当事人外呼平台导出的呼叫记录", "第三方外呼平台后台", "外呼记录.txt")
_PROVISION_CHAT = ("chat_export", "当事人向他人提供消费者个人信息的网络聊天记录", "当事人员工手机", "聊天记录.txt")
_SOURCE_STATEMENT = ("party_statement", "当事人关于消费者个人信息来源的书面说明", "当事人", "情况说明.txt")


def demo_evidence(item: dict) -> list[tuple[str, str, str, str]]:
    """The evidence a seed case holds once its investigation is over (its notice served, or decided): none for a
    case still investigated; else the list of personal information it held, then what shows each violation — the
    messages or calls sent (unsolicited commercial messages), the chat in which the information was passed on
    (provided or leaked), the party's account of where it came from (collected or used unlawfully). The messages
    or calls follow the facts the case records (``law_conditions``): calls alone the call log, calls and messages
    both logs, messages alone (neither fact) the SMS log. The second log of a case of calls and messages comes last,
    so that the items an earlier demo registered keep their numbers (``evidence_id``)."""
    from workstation.law.case_law import COMMERCIAL_CALLS, COMMERCIAL_MESSAGES

    if not (item.get("notice_served_on") or item.get("decided_on")):
        return []
    violations, conditions = item.get("violations", []), item.get("law_conditions", [])
    calls, messages = COMMERCIAL_CALLS in conditions, COMMERCIAL_MESSAGES in conditions
    items = [_HELD_LIST]
    if "unsolicited_commercial_messages" in violations:
        items.append(_CALL_LOG if calls and not messages else _SMS_LOG)
    if "illegal_provision_or_leak" in violations:
        items.append(_PROVISION_CHAT)
    if "illegal_collection_or_use" in violations:
        items.append(_SOURCE_STATEMENT)
    if "unsolicited_commercial_messages" in violations and calls and messages:
        items.append(_CALL_LOG)
    return items


def evidence_id(case_id: str, number: int) -> str:
    """The id of the ``number``-th evidence item of the seed case ``case_id`` (1 for the first): the same at every
    installation, so that the demo loaded at two stations merges once."""
    return str(uuid.uuid5(uuid.UUID(case_id), f"evidence-{number}"))


def _register_evidence(db: Database, data_dir: Path, folder: Path, item: dict, officer_names: dict) -> None:
    """Register the evidence of a seed case (``demo_evidence``) as an officer registers a file: written to
    ``folder`` (a made-up file saying what it stands for: the demo holds no one's personal information) and added
    with ``add_evidence``, collected on the day the case was filed by its officers, its id ``evidence_id``."""
    from workstation.records import today
    from workstation.store.evidence import add_evidence

    collector = "、".join(officer_names[o] for o in item.get("officers", []) if o in officer_names)
    collected = min(str(item.get("filed_on") or today()), today())
    for number, (kind, description, source, file_name) in enumerate(demo_evidence(item), 1):
        path = folder / item["id"] / file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"演示数据，不含任何真实个人信息。\n{item['case_number']}\n{description}（{source}）\n",
                        encoding="utf-8")
        add_evidence(db, data_dir, item["id"], path, kind=kind, source=source, collected_on=collected,
                     collector=collector, description=description,
                     evidence_id=evidence_id(item["id"], number), after_closing=True)  # a seed case closed too


def load_demo(db: Database, progress: ProgressFn = no_progress, *, complaints: bool = True,
              data_dir: Path | None = None, cancel: CancelToken | None = None) -> dict[str, int]:
    """Load the seed campaign in one transaction, then (with ``complaints``) import and screen its complaints;
    returns how many records of each kind were added. Without ``complaints`` (most tests) the leads are stored
    as the seed describes them, assigned and decided, and no complaint is loaded. The evidence files of its cases
    go into the file store of ``data_dir`` (default: the folder of the database file). ``cancel`` (the window's
    Cancel): heard while the records load, which then roll back (Cancelled, nothing added), and while the
    complaints are imported and screened: the records stay, and loading the demo again adds the complaints and
    completes its leads (``_waiting_leads``), as after a full disk."""
    refuse_before_last_record()  # before anything is loaded
    data_dir = data_dir or (db.file().parent if db.file() else None)
    if data_dir is None:
        raise ValueError("the demo's evidence files need a data directory: give data_dir for a database in memory")
    with loading_alone(Path(data_dir), progress, cancel):
        return _load_demo(db, progress, complaints, Path(data_dir), cancel)


DEMO_LOCK = "demo.lock"  # held in the data directory by the program loading the demo (``loading_alone``)


@contextmanager
def loading_alone(data_dir: Path, progress: ProgressFn = no_progress, cancel: CancelToken | None = None):
    """Load the demo into ``data_dir`` as its only program: two windows started at once with --demo (or a window
    and `demo`) would both take the leads one of them registered, waiting for its complaints, and decide them twice
    (该线索已处理). The second waits, saying so, for the first to finish (Cancel heard meanwhile: nothing added);
    its load then adds nothing, or completes what the first left cut off. A folder the lock file cannot be made in
    (a read-only disk) is loaded without it: its database refuses the load with the reason."""
    import os
    import time

    from workstation.progress import check_cancel
    from workstation.shared_file import try_lock, unlock_fd

    try:
        fd = os.open(Path(data_dir) / DEMO_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        fd = None
    if fd is None:  # outside the except: the load's own error is not chained to the lock's ("During handling of…")
        yield
        return
    try:
        said = False
        while not try_lock(fd):
            if not said:
                progress(0, 0, _("Waiting: another window or command of the workstation is loading the demo data "
                                 "into {folder}…").format(folder=data_dir))
                said = True
            check_cancel(cancel)
            time.sleep(0.1)
        try:
            yield
        finally:
            unlock_fd(fd)
    finally:
        os.close(fd)


def _load_demo(db: Database, progress: ProgressFn, complaints: bool, data_dir: Path,
               cancel: CancelToken | None) -> dict[str, int]:
    """``load_demo`` while its lock is held."""
    seed = load_seed()
    added, new_leads = _load_records(db, seed, progress, complaints, Path(data_dir), cancel)
    added["complaints"] = 0
    if complaints:
        from workstation.errors import Cancelled, DiskFull
        from workstation.repair import noted_stage

        try:
            # named in the open marker: killed now, the records stay and the next start or command says how to finish
            with noted_stage(_("Adding the demo's complaints (not finished: run `demo` again to add them)")):
                added["complaints"] = _load_complaints(db, seed, _waiting_leads(db, seed, new_leads), progress,
                                                       cancel)
        except Cancelled:
            raise Cancelled(_("Cancelled while the demo's complaints were loading: its cases, leads and interviews "
                              "are loaded, its complaints not all imported and screened. Load the demo again to "
                              "complete them: nothing is added twice.")) from None
        except DiskFull as exc:  # the records are in: said of the demo, not of its temporary complaint files
            raise DiskFull(_("The demo's complaints were not loaded: the disk holding {path} is full. Free some space "
                             "on that disk, then load the demo again: it adds its complaints and completes its leads "
                             "(its cases, leads and interviews are loaded already).").format(path=exc.path),
                           exc.path) from None
    progress(6, 6, _("Done"))
    return added


def demo_cut_off(db: Database) -> bool:
    """Whether a demo load was cut off after its records (a Cancel, the window closed, a full disk): some of the seed's
    leads still wait, registered, for its complaints to be screened — loading the demo again completes them."""
    return bool(_waiting_leads(db, load_seed(), []))


def _waiting_leads(db: Database, seed: dict, new_leads: list[dict]) -> list[dict]:
    """The seed's leads waiting for the screening of the demo's complaints to be assigned: those added just now, and
    those a demo cut off after its records (killed, or its complaints refused by a full disk) left registered."""
    added = {item["id"] for item in new_leads}
    registered = {row[0] for row in db.execute("SELECT id FROM leads WHERE status = 'registered'")}
    return [item for item in seed.get("leads", []) if item["id"] in added or item["id"] in registered]


def _load_records(db: Database, seed: dict, progress: ProgressFn, complaints: bool,
                  data_dir: Path, cancel: CancelToken | None = None) -> tuple[dict, list[dict]]:
    """The seed's records not present yet, in one transaction: how many of each kind were added, and the leads
    added. ``cancel`` is heard at each step and after each case: the transaction rolls back."""
    import tempfile

    def progress(done: int, total: int, message: str, _report=progress) -> None:
        if cancel is not None:
            cancel.check()
        _report(done, total, message)

    added = dict.fromkeys(TABLES, 0)
    with db.atomic(), tempfile.TemporaryDirectory(prefix="demo-evidence-") as folder:
        audit = AuditWriter(db)
        present = {kind: _present(db, table) for kind, table in TABLES.items()}

        def fresh(kind: str):
            for item in seed.get(kind, []):
                if item["id"] not in present[kind]:
                    added[kind] += 1
                    yield item

        for item in fresh("officers"):
            save_officer(db, Officer(id=item["id"], name=item["name"], cert_no=item["cert_no"],
                                     agency_id=agency_id_for_code(item["agency"])), audit, namesakes=False)
        for item in fresh("parties"):
            save_party(db, Party(**{k: item.get(k, "") for k in ("id", "kind", "name", "uscc", "id_number",
                                                                  "address", "legal_rep", "phone")}), audit)
        progress(1, 6, _("Loading demo cases"))
        for item in fresh("cases"):
            # the 'created' event's id follows the case's: the demo loaded at two stations merges once
            create_case(db, _case(item), audit, note=_("Demo data"),
                        event_id=demo_step_id(item["id"], "created"))
            if item.get("discretion_tier"):  # as Penalty and discretion… would check it
                _check_discretion_choice(db, item)
            _record_steps(db, item, audit.actor)
            if cancel is not None:
                cancel.check()
        progress(2, 6, _("Loading demo leads"))
        new_leads = []
        loader = audit.actor
        officer_names = {item["id"]: item["name"] for item in seed.get("officers", [])}
        for item in fresh("leads"):
            # with the complaints: registered under the number screening will group their complaints by (one
            # registered by hand, by none), and assigned once screening has filled them in. Each is registered by
            # the demo officer the seed names (registered_by, an officer's id): its creation is audited under that
            # officer, whom its 案件来源登记表 prints as 登记人, as for a lead an officer registers at the station
            audit.actor = officer_names.get(item.get("registered_by", ""), loader)
            save_lead(db, Lead(id=item["id"], source=item["source"], received_at=item["received_at"],
                               description=item.get("description", ""), target_name=item.get("target_name", ""),
                               target_phone=item.get("target_phone", ""), sector=item.get("sector", ""),
                               agency_id=agency_id_for_code(item["agency"]),
                               status="registered",
                               group_key=item["target_phone"] if complaints and not item.get("by_hand") else ""),
                      audit)
            audit.actor = loader
            new_leads.append(item)
        for item in fresh("interviews"):
            save_interview(db, Interview(id=item["id"], agency_id=agency_id_for_code(item["agency"]),
                                         held_on=item["held_on"], subject=item["subject"],
                                         kind=item.get("kind", "single"), summary=item.get("summary", ""),
                                         rectification_due=item.get("rectification_due"),
                                         party_ids=item["parties"], case_id=item.get("case"),
                                         **{k: item[k] for k in INTERVIEW_FIELDS if k in item}), audit)
        progress(3, 6, _("Loading demo publicity"))
        for item in fresh("publicity"):
            save_publicity(db, Publicity(id=item["id"], agency_id=agency_id_for_code(item["agency"]),
                                         held_on=item["held_on"], title=item["title"],
                                         kind=item.get("kind", "community"), flyers=item.get("flyers", 0),
                                         sms=item.get("sms", 0), participants=item.get("participants", 0)), audit,
                           any_agency=True)  # the whole city's campaign, wherever it is loaded
        for item in fresh("clock_events"):
            record_clock_event(db, ClockEvent(
                id=item["id"], case_id=item["case"], kind=item["kind"], starts_on=item["starts_on"],
                ends_on=item.get("ends_on"), clock=item.get("clock", ""), days=item.get("days", 0),
                approved_on=item.get("approved_on"), approved_by=item.get("approved_by", ""),
                note=item.get("note", "")), audit)
        audit.flush()
        for item in seed.get("cases", []):  # audited after the records, as an officer registers it afterwards
            if item["id"] not in present["cases"]:
                _register_evidence(db, data_dir, Path(folder), item, officer_names)
        if not complaints:  # no screening to wait for: assigned and decided at once (audited after the records)
            for item in new_leads:
                _assign_and_decide(db, item, item["received_at"][:10])
    return added, new_leads


def _load_complaints(db: Database, seed: dict, new_leads: list[dict], progress: ProgressFn,
                     cancel: CancelToken | None = None) -> int:
    """Import the demo's complaint exports and screen them; the leads waiting for it (``_waiting_leads``) are then
    assigned as the seed says. Returns how many complaints were imported (none when loaded before)."""
    import tempfile
    from dataclasses import replace
    from pathlib import Path

    from workstation.demo_complaints import write_exports
    from workstation.importing.complaints import import_complaints
    from workstation.screening import screen
    from workstation.store.base import fetch_dict, from_row

    progress(4, 6, _("Importing the demo complaints"))
    with tempfile.TemporaryDirectory(prefix="demo-complaints-") as folder:
        result = import_complaints(db, write_exports(Path(folder), seed["leads"]), cancel=cancel)
    imported = result.imported
    joined = _join_loaded_leads(db, seed) if imported else []
    if imported or new_leads:  # loaded before: nothing new to screen
        progress(5, 6, _("Screening the demo complaints"))
        where, params = demo_complaint_sql()
        if db.execute(f"SELECT 1 FROM complaints WHERE NOT ({where}) LIMIT 1", params).fetchone() is None:
            screen(db, cancel=cancel)
        else:  # screening takes every complaint: the officer's own would become leads of the demo's loading
            joined += _join_leads(db, new_leads, set(joined))
    _recount_joined(db, joined)
    for item in new_leads:
        source, received = db.execute("SELECT source, received_at FROM leads WHERE id = ?", [item["id"]]).fetchone()
        if source != item["source"]:  # e.g. 上级交办: a fact about the lead that its complaints do not tell
            lead = from_row(Lead, fetch_dict(db, "SELECT * FROM leads WHERE id = ?", [item["id"]]))
            save_lead(db, replace(lead, source=item["source"]))
        _assign_and_decide(db, item, received[:10])
    return imported


def _join_loaded_leads(db: Database, seed: dict) -> list[str]:
    """The seed's leads that were loaded before without the complaints (``load_demo(complaints=False)``: assigned and
    decided at once, no complaint in them): the complaints just imported naming their number linked to them, so that
    screening keeps those complaints in them instead of registering each group again as a new lead, and those
    screening would have made given the group key it gives them (their number). Returns their ids."""
    from dataclasses import replace

    from workstation.records import now
    from workstation.store.base import fetch_dict, from_row

    joined = []
    with db.atomic():
        stamp = now()
        for item in seed.get("leads", []):
            phone = item.get("target_phone", "")
            row = fetch_dict(db, "SELECT * FROM leads WHERE id = ? AND group_key = '' AND NOT EXISTS (SELECT 1 FROM "
                                 "complaints WHERE lead_id = leads.id)", [item["id"]]) if phone else None
            if row is None:
                continue
            if not item.get("by_hand"):  # one registered by hand keeps none: the complaints join it (hand_leads)
                save_lead(db, replace(from_row(Lead, row), group_key=phone))
            _link_by_number(db, item["id"], phone, stamp)
            joined.append(item["id"])
    return joined


def _link_by_number(db: Database, lead_id: str, phone: str, stamp: str) -> None:
    """Link to the lead ``lead_id`` the demo's related complaints naming ``phone`` and in no lead yet (never an
    officer's own complaint: ``demo_complaint_sql``)."""
    where, params = demo_complaint_sql()
    db.execute(f"UPDATE complaints SET lead_id = ?, screened_at = ? WHERE lead_id IS NULL AND category != '' "
               f"AND (' ' || phones || ' ') LIKE ? AND ({where})", [lead_id, stamp, f"% {phone} %", *params])


def _join_leads(db: Database, leads: list[dict], done: set[str]) -> list[str]:
    """The seed's ``leads`` waiting for the demo's complaints, in a database holding complaints of the officer's own
    that screening would take too: the demo's complaints naming each one's number linked to it instead, as
    ``_join_loaded_leads`` does (those in ``done`` were linked there). Returns their ids."""
    from workstation.records import now

    joined = []
    with db.atomic():
        stamp = now()
        for item in leads:
            if item["id"] in done or not item.get("target_phone"):
                continue
            _link_by_number(db, item["id"], item["target_phone"], stamp)
            joined.append(item["id"])
    return joined


def _recount_joined(db: Database, lead_ids: list[str]) -> None:
    """The count, dates and description of the leads ``_join_loaded_leads`` gave complaints, worked out from them as
    screening does for the leads it fills in."""
    if not lead_ids:
        return
    from workstation.records import now
    from workstation.screening.complaint import rules_for
    from workstation.screening.verdict import _recount

    with db.atomic():
        audit, rules, stamp = AuditWriter(db), rules_for(db), now()
        for lead_id in lead_ids:
            _recount(db, audit, lead_id, rules, stamp)
        audit.flush()


def _assign_and_decide(db: Database, item: dict, received_on: str) -> None:
    """Assign a seed lead to its bureau on the day the seed says (``assigned_on``, else its receipt) and record the
    decision the bureau took on it within its verification period, as an officer does in the window
    (``leads_workflow``): 立案 linked to the case the seed filed from it (``case``, decided on the case's filing
    day), 不予立案 with its reason, or 移送 to the agency named; a lead the seed gives no decision stays open. The
    seed's leads came to the city bureau (its hotlines' work orders, 上级交办), which assigns them down: so they are
    at a station of the district they go to (``init --agency``), whose own receipt would keep their T1
    (``leads_workflow.restart_refusal``)."""
    from workstation.leads_workflow import assign_lead, decide_lead
    from workstation.station_role import city_bureau
    from workstation.store import get_case

    if item.get("status", "assigned") != "assigned":
        return
    assign_lead(db, item["id"], agency_id_for_code(item["agency"]), on=item.get("assigned_on") or received_on,
                received_by=city_bureau(db) or "")
    decision = item.get("decision")
    if decision == "file":
        decide_lead(db, item["id"], "file", on=item["decided_on"], case=get_case(db, item["case"]))
    elif decision:
        decide_lead(db, item["id"], decision, on=item["decided_on"], reason=item.get("decision_reason", ""),
                    referred_to=item.get("referred_to", ""))
