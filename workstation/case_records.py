"""The records of the case files: parties, cases with their timeline and clock events, the case list's rows,
leads, administrative interviews, publicity activities and evidence. Imported through ``workstation.records``
(``from workstation.records import Case``), which loads this module when one of them is first needed."""

from __future__ import annotations

from dataclasses import dataclass, field

from workstation.records import new_id


@dataclass
class Party:
    """A party (当事人): company, individual business, natural person or association."""

    name: str
    kind: str = "company"
    uscc: str = ""
    id_number: str = ""
    address: str = ""
    legal_rep: str = ""
    phone: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Case:
    """A case (案件) with its parties, officers, key dates, infringing-record counts and amounts."""

    case_number: str
    cause: str
    sector: str
    agency_id: str
    status: str = "pending_filing"
    violations: list[str] = field(default_factory=list)
    district: str = ""
    party_ids: list[str] = field(default_factory=list)
    officer_ids: list[str] = field(default_factory=list)
    lead_received_on: str | None = None
    filed_on: str | None = None
    notice_served_on: str | None = None
    notice_waived: bool = False
    decided_on: str | None = None
    served_on: str | None = None
    closed_on: str | None = None
    records_trace: int = 0
    records_sensitive: int = 0
    records_other: int = 0
    duty_related: bool = False
    illegal_gains_fen: int = 0
    fine_fen: int = 0
    confiscated_fen: int = 0
    facts: str = ""
    party_names: str = ""
    review_on: str | None = None
    act_on: str | None = None
    prior_punished: bool = False
    penalty_norm: str = ""
    discretion_tier: str = ""
    discretion_factors: list[str] = field(default_factory=list)
    discretion_reason: str = ""
    # the day the filing was proposed for approval (立案呈批日期); ``filed_on`` is the day it was approved
    filing_proposed_on: str | None = None
    # the procedure the case was decided under: "simple" (简易程序, decided on the spot), None the ordinary one
    procedure_kind: str | None = None
    # the grounds of Penalty Law art. 58 para. 1 the officer marked (thresholds.toml [[legal_review.grounds]] keys:
    # major_public_interest, complex, required_by_law): the decision needs the legal review recorded first
    review_grounds: list[str] = field(default_factory=list)
    # the facts the officer established that change the law applied (catalogue.toml ``[conditions]`` keys:
    # refused_correction, intermediary; criminal.toml's lawful_business), '[]' for none
    law_conditions: list[str] = field(default_factory=list)
    version: int = 1
    id: str = field(default_factory=new_id)

    @property
    def records_total(self) -> int:
        return self.records_trace + self.records_sensitive + self.records_other

    @property
    def penalties_fen(self) -> int:
        return self.fine_fen + self.confiscated_fen


@dataclass
class CaseEvent:
    """One line of a case's timeline: creation, an edit or a procedure transition."""

    case_id: str
    kind: str
    at: str
    on_date: str | None = None
    actor: str = ""
    from_status: str | None = None
    to_status: str | None = None
    note: str = ""
    id: str = field(default_factory=new_id)
    # the party the action was taken for (a hearing request in a case with several parties), else None
    party_id: str | None = None
    # what the action recorded besides its date and note, as JSON text (the payment: ``payments.Payment``), else None
    details: str | None = None


@dataclass
class ClockEvent:
    """An event that stops, extends or starts a statutory clock of a case: an interval (suspension, hearing,
    public notice, testing/appraisal …) from ``starts_on`` to ``ends_on`` (None while it lasts), or an
    extension of ``clock`` by ``days`` approved on ``approved_on`` by ``approved_by``."""

    case_id: str
    kind: str
    starts_on: str
    ends_on: str | None = None
    clock: str = ""
    days: int = 0
    approved_on: str | None = None
    approved_by: str = ""
    note: str = ""
    id: str = field(default_factory=new_id)
    # the party whose own reconsideration or litigation it is (a case with several parties), else None: the case's
    party_id: str | None = None
    # an outcome changing the decision (变更, challenge_changed) to no fine at all (m047): its ``days``, the fine as
    # changed otherwise, is then 0
    no_fine: bool = False
    # the seal-up or seizure (its "seizure" event's id) an extension of its period (T14) extends, as its
    # 延长行政强制措施期限决定书 names it (m061): that measure's T14 alone; None, one recorded before, extends each
    measure_id: str | None = None


@dataclass
class CaseRow:
    """One row of the case list (what the list shows, without loading the whole case)."""

    id: str
    case_number: str
    party_names: str
    cause: str
    sector: str
    district: str
    agency_id: str
    status: str
    filed_on: str | None
    records_total: int
    penalties_fen: int
    # 1: a case closed without deciding the amount it records (不予处罚 …), which the statistics do not count
    penalties_undecided: int = 0
    # what a decision revoked on the party's reconsideration or lawsuit imposed (fen), left out of ``penalties_fen``
    penalties_revoked_fen: int = 0


@dataclass
class Lead:
    """A lead (线索): a complaint, report, referral or assignment that may become a case."""

    source: str
    received_at: str
    description: str = ""
    target_name: str = ""
    target_phone: str = ""
    target_party_id: str | None = None
    agency_id: str | None = None
    sector: str = ""
    status: str = "registered"
    case_id: str | None = None
    # made by screening (workstation.screening): the key that finds the lead again, the numbers and business
    # names behind it (space-separated), its category, district, complaint count and first/last complaint
    group_key: str = ""
    phones: str = ""
    businesses: str = ""
    category: str = ""
    district: str = ""
    complaint_count: int = 0
    first_at: str | None = None
    last_at: str | None = None
    # assignment (交办) and decision: file / not file (with reason) / refer (to whom)
    assigned_on: str | None = None
    decision: str = ""
    decided_on: str | None = None
    decision_reason: str = ""
    referred_to: str = ""
    # the number of whoever reported a lead registered by hand (personal information, masked in lists)
    complainant_phone: str = ""
    # the reporter's name and postal address (m056; a letter may give them without a number), masked in lists
    reporter_name: str = ""
    reporter_address: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Interview:
    """An administrative interview (行政约谈) with one or several parties (businesses or associations): where
    it was held, who attended (``attendees``: {"name", "organisation", "post"}, the bureau's staff among them),
    the topics raised, the provisions explained, what the parties committed to, the rectification deadline,
    its follow-up (date and result) and the case it was escalated to, if any. ``status`` is ``scheduled`` (已安排)
    until it was held, ``held`` (已约谈) after; a date still to come is always scheduled; ``void`` (已作废) for a
    mistaken one, left out of the register, the statistics and the deadline board."""

    agency_id: str
    held_on: str
    subject: str
    kind: str = "single"
    summary: str = ""
    rectification_due: str | None = None
    status: str = "held"
    place: str = ""
    attendees: list[dict] = field(default_factory=list)
    topics: str = ""
    provisions: str = ""
    commitments: str = ""
    follow_up_on: str | None = None
    follow_up_result: str = ""
    case_id: str | None = None
    # the lead the interview was held because of, and the contact phone its notice prints
    lead_id: str | None = None
    contact_phone: str = ""
    held_at: str = ""  # the time of day it is held, HH:MM ('' when not recorded)
    void_reason: str = ""  # why it was voided (status ``void``, m039: a mistaken interview), '' otherwise
    # the follow-up's outcome as the officer chose it (m054: ``store.interviews.OUTCOMES``); None before one was
    # chosen (a follow-up recorded earlier is read from its text)
    follow_up_outcome: str | None = None
    # each party's own escalation and follow-up ({party id: {"case_id", "follow_up_on", "follow_up_result",
    # "follow_up_outcome"}}, m038;
    # empty while none has one): ``store.interviews.party_result`` reads it
    party_results: dict[str, dict] = field(default_factory=dict)
    party_ids: list[str] = field(default_factory=list)
    id: str = field(default_factory=new_id)


@dataclass
class Publicity:
    """A publicity activity of the campaign (宣传活动) with flyers handed out and SMS sent."""

    agency_id: str
    held_on: str
    title: str
    kind: str = "community"
    flyers: int = 0
    sms: int = 0
    participants: int = 0
    id: str = field(default_factory=new_id)


@dataclass
class Evidence:
    """An evidence item of a case: a file kept by content (``sha256``) with its kind, where, when and by whom it
    was collected; for a spreadsheet of personal records, the distinct records counted in it, the category they
    were counted into (``trace``/``sensitive``/``other``) and how they were counted. A voided item (``void_reason``)
    keeps its number in the register and is left out of what is drafted from then on."""

    case_id: str
    sha256: str
    file_name: str
    size: int
    media_type: str = "application/octet-stream"
    kind: str = "other"
    source: str = ""
    collected_on: str | None = None
    collector: str = ""
    description: str = ""
    record_count: int | None = None
    record_category: str = ""
    count_note: str = ""
    recipient: str = ""  # 提供对象: the item is a separate sale or provision of its records to this person or unit
    void_reason: str = ""  # why it was voided (m045: a file registered by mistake), '' while it is in force
    voided_at: str | None = None  # when it was voided (m045), None while it is in force
    id: str = field(default_factory=new_id)
