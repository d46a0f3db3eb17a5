"""Parties (当事人): validation of names, USCC and ID numbers, saving, finding and listing."""

from __future__ import annotations

import re
import unicodedata
from contextlib import AbstractContextManager

from workstation import read_once
from workstation.audit import AuditWriter, digest
from workstation.db import Database
from workstation.errors import NotFound, ValidationError, WorkstationError, join_sentences
from workstation.i18n import _
from workstation.records import Party, now, today
from workstation.store.agencies import HAN
from workstation.store.base import fetch_dict, fetch_dicts, from_row, like_contains, write_row
from workstation.validators import (
    compact_code,
    id_number_not_uscc,
    id_number_warnings,
    legacy_id_note,
    legacy_id_number,
    mistyped_id_number,
    normalize_id_number,
    normalize_phone,
    normalize_uscc,
    uscc_kinds,
    uscc_warnings,
)
from workstation.vocabulary import labels, vocabulary

ORGANISATION_KINDS = ("company", "individual_business", "association")
SETTLED_STATUSES = ("closed", "archived")  # a case whose cause no longer changes with its party's name
#: the most characters each text field of a party holds: the name as many as the register import takes
#: (``importing.register.TEXT_LIMITS``), and so the address and the legal representative's name
PARTY_TEXT_LIMITS = (("name", 200), ("address", 200), ("legal_rep", 200))


def text_field_problem(text: str, limit: int) -> str | None:
    """Why a text typed or pasted in an editor cannot be stored as its field's value, as the register import
    refuses such a cell (``importing.tables.text_problem``): a control character or a text-direction control
    (``tables.UNSAFE_TEXT``; neither shows, and the second shows a name or number reversed wherever it is printed),
    or more than ``limit`` characters (a paste that took more than the value). None when it can."""
    if problem := control_problem(text):
        return problem
    if len(text.strip()) > limit:
        return _("The text holds {n:,} characters, more than this field holds ({limit:,}): check that only its "
                 "own value was typed or pasted.").format(n=len(text.strip()), limit=limit)
    return None


def control_problem(text: str) -> str | None:
    """Why a text typed or pasted cannot be stored, whatever its length (a lead's or an interview's texts, which
    hold as much as is typed): a control character or a text-direction control, said as ``text_field_problem``
    says it. None when it can."""
    from workstation.importing.tables import unsafe_character

    unsafe = unsafe_character(text)
    if unsafe is not None and unsafe[1]:
        return _("The text holds an invisible text-direction control character (U+{code:04X}), which shows a name "
                 "or a number reversed: type the text again rather than pasting it.").format(code=unsafe[0])
    if unsafe is not None:
        return _("The text holds an invisible control character (U+{code:04X}), as text pasted from a damaged or "
                 "converted file does: type the text again rather than pasting it.").format(code=unsafe[0])
    return None


#: Word's manual line break (U+000B) and page break (U+000C), as a text pasted from it brings them: line breaks, as
#: ``sheet_cells.xlsx_text`` and ``documents.glyphs`` read them
_WORD_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def word_breaks(text: str) -> str:
    """``text`` with Word's manual line and page breaks (U+000B, U+000C) as line breaks: a lead's or an interview's
    text as it is checked (``changed_text_errors``) and stored."""
    return text.translate(_WORD_BREAKS)


def changed_text_errors(texts) -> dict[str, str]:
    """The texts of ``texts`` — (field, the text typed or pasted, the one stored, None when nothing is) — holding a
    control character or a text-direction control (``control_problem``; Word's line and page breaks are line breaks,
    ``word_breaks``), by field; a text kept as it is stored is not refused again (a lead's, an interview's)."""
    errors: dict[str, str] = {}
    for field, text, stored in texts:
        if stored is not None and text.strip() == stored.strip():
            continue
        if problem := control_problem(word_breaks(text)):  # only what it holds: their length is not limited
            errors[field] = problem
    return errors


def _party_uscc(value: str, kind: str = "") -> str:
    """The party's USCC normalised; ValueError for one ``normalize_uscc`` refuses, and for digits that pass its check
    but read as an ID number mistyped and are no plausible credit code (``mistyped_id_number``): the rule by which
    every document refuses the party's code and the register import its row, so that a party saved is one its
    documents take. A valid resident ID number that is no plausible credit code (``id_number_not_uscc``: as the
    register import stores it, the party's ID number) the code's check refuses is refused saying where it goes
    (``_id_number_typed_as_uscc``: ``kind``, the party's); one that passes
    the check (1 in 31) is left to ``party_code_errors``, which knows whether the party was saved with it earlier."""
    try:
        uscc = normalize_uscc(value)
    except ValueError:
        if id_number_not_uscc(compact := compact_code(value)):
            raise ValueError(_id_number_typed_as_uscc(compact, kind)) from None
        raise
    if (mistyped := mistyped_id_number(uscc)) is not None:
        raise ValueError(mistyped)
    return uscc


def _id_number_typed_as_uscc(number: str, kind: str) -> str:
    """Why ``number``, a resident ID number, is refused as the 统一社会信用代码 of a party of ``kind``, and where it
    goes: an individual business's operator's ID number (the field's label as shown, ``kind_field_labels``), else the
    field of the kind of party it belongs to. Named masked, as every ID number in a message."""
    from workstation.masking import mask_id

    if kind == "individual_business":
        return _("{number} is a resident ID number, not a unified social credit code: enter it under “{field}”, and "
                 "here only the code on the business licence (nothing if it has none).").format(
            number=mask_id(number), field=kind_field_labels(kind)["id_number"])
    return _("{number} is a resident ID number, not a unified social credit code: if the party is a natural person "
             "or an individual business, choose that kind and enter the number under its ID number; otherwise enter "
             "here the code on the business licence.").format(number=mask_id(number))


def party_field_errors(party: Party, field_labels: dict[str, str] | None = None) -> dict[str, str]:
    """Field errors of a party as an editor shows them while the officer types ({} when valid): a text field
    holding what the register import refuses too (``text_field_problem``) among them. ``field_labels``: {field: its label
    as the form shows it for the party's kind} (an individual business's 经营者身份证号码), by which a message naming
    the field names it; the ID number's generic name without it."""
    errors: dict[str, str] = {}
    if not party.name.strip():
        errors["name"] = _("Enter the party's name.")
    for field, limit in PARTY_TEXT_LIMITS:
        problem = text_field_problem(getattr(party, field), limit)
        if problem and field not in errors:
            errors[field] = problem
    if party.kind not in labels("party_kinds"):
        errors["kind"] = _("Choose the kind of party.")
    id_label = (field_labels or {}).get("id_number", "")
    for field, check in (("uscc", lambda v: _party_uscc(v, party.kind)),
                         ("id_number", lambda v: normalize_id_number(v, field=id_label)), ("phone", normalize_phone)):
        value = getattr(party, field).strip()
        if value:
            try:
                check(value)
            except ValueError as exc:
                errors[field] = str(exc)
    if party.kind == "person" and party.uscc.strip():  # whatever is typed there: a person has none
        errors["uscc"] = _("A natural person has no unified social credit code; enter the ID number.")
    return errors


def party_code_errors(db: Database, party: Party) -> dict[str, str]:
    """Field errors of a party whose unified social credit code or ID number another stored party already has
    ({} when neither): one code is one party, so the officer chooses that party instead of entering it twice (its
    cases, documents and statistics would be split between the two). The codes are compared as stored
    (normalised); a field with another error is left to that one, and a code the party kept as stored before this
    check is not refused at every later edit. A valid resident ID number typed as the USCC that passes the code's
    check (``id_number_not_uscc``) is refused here too, saying where it goes, unless it is the party's as stored
    (saved so before it was refused: warned of, ``party_field_warnings``). An ID number is compared with those of
    parties of the same kind only: a natural person's is that person's, an individual business's its operator's — two
    subjects, each a party of its own (张三 and 张三小吃店), while two natural persons never share one."""
    errors: dict[str, str] = {}
    stored = fetch_dict(db, "SELECT uscc, id_number, kind FROM parties WHERE id = ?", [party.id]) or {}
    for field, normalize in (("uscc", normalize_uscc), ("id_number", normalize_id_number)):
        value = getattr(party, field).strip()
        if not value:
            continue
        try:
            value = normalize(value)
        except ValueError:
            continue
        if value == stored.get(field) and (field == "uscc" or party.kind == stored.get("kind")):
            continue  # kept as stored (an ID number of a party whose kind changed is checked again)
        if field == "uscc" and id_number_not_uscc(value):  # an ID number passing the code's check, newly typed there
            # (one saved so before is kept, warned of: ``party_field_warnings``)
            errors[field] = _id_number_typed_as_uscc(value, party.kind)
            continue
        same_kind = " AND kind = ?" if field == "id_number" else ""
        # "!= ''" lets SQLite read the partial index on the code (parties_uscc, parties_id_number), not every party
        row = db.execute(f"SELECT name FROM parties WHERE {field} = ? AND {field} != '' AND id != ?{same_kind} "
                         "ORDER BY created_at LIMIT 1", [value, party.id, *([party.kind] if same_kind else [])]
                         ).fetchone()
        if row is None:
            continue
        if field == "uscc":
            errors[field] = _("This unified social credit code is already that of the party “{name}”: choose that "
                              "party (search for it by its code) rather than entering it again.").format(name=row[0])
        else:
            errors[field] = _("This ID number is already that of the party “{name}”: choose that party (search for "
                              "it by its number) rather than entering it again.").format(name=row[0])
    return errors


def party_field_warnings(party: Party, errors: dict[str, str] | None = None) -> dict[str, str]:
    """Notes on fields that are valid but to be checked, as an editor shows them beside the field without blocking
    Save: an ID number converted from its old 15-digit form, a USCC whose organisation code or division code is
    doubtful or whose registration type is of another kind of party than the one chosen (``kind_doubt``) ({} when
    there is none; a field with an error, in ``errors`` if they are known, has no note)."""
    errors = party_field_errors(party) if errors is None else errors
    warnings: dict[str, str] = {}
    if "id_number" not in errors and party.id_number.strip():
        number = normalize_id_number(party.id_number)
        doubts = ([legacy_id_note(number)] if legacy_id_number(party.id_number) else []) + id_number_warnings(number)
        if party.kind == "person" and (minor := minor_note(number)):
            doubts.append(minor)
        if doubts:
            warnings["id_number"] = "\n".join(doubts)
    if "uscc" not in errors and party.uscc.strip():
        uscc = normalize_uscc(party.uscc)
        doubts = [*uscc_warnings(uscc), *filter(None, [kind_doubt(party.kind, uscc)])]
        if id_number_not_uscc(uscc):  # saved so before it was refused (``party_code_errors``): kept, to be moved
            doubts = [join_sentences([_id_number_typed_as_uscc(uscc, party.kind), _(
                "It was saved so earlier and is kept until it is changed; documents print it as an ID number "
                "(身份证件号码).")])]
        if doubts:
            warnings["uscc"] = "\n".join(doubts)
    return warnings


def minor_note(id_number: str, on: str | None = None) -> str | None:
    """What the party editor says under the ID number of a natural person under 18 ``on`` (today) by its birth date
    (``validators.id_age_on``): a person under 14 is not penalised, one of 14 to 17 penalised lighter or reduced
    (Penalty Law art. 30; ``discretion_tiers.minor_circumstance``) — the case records it as a circumstance (Penalty
    and discretion), and a fine or decision for the party without it is warned of (``discretion_tiers.
    minor_party_warning``). None for an adult, or a number writing no birth date."""
    from workstation.discretion_tiers import UNDER_14, minor_circumstance
    from workstation.validators import id_age_on

    age = id_age_on(id_number, on or today())
    if (minor := minor_circumstance(age)) is None:
        return None
    key, circumstance = minor
    if key == UNDER_14:
        return _("By the birth date in the ID number this person is {age} today, under 14: a person under 14 is not "
                 "given an administrative penalty (Penalty Law art. 30). In a case of the party, record “{"
                 "circumstance}” under Penalty and discretion; the age counts on the day of the act.").format(
            age=age, circumstance=circumstance)
    return _("By the birth date in the ID number this person is {age} today, under 18: a minor of 14 to 17 is "
             "penalised lighter or reduced (Penalty Law art. 30). In a case of the party, record “{circumstance}” "
             "under Penalty and discretion; the age counts on the day of the act.").format(
        age=age, circumstance=circumstance)


def kind_doubt(kind: str, uscc: str) -> str | None:
    """What to check when the kind of party chosen is not the one the registration type of its USCC (characters
    1–2) registers (``inferred_party_kind``: a 92… 个体工商户 entered as a 企业): the documents name the party's
    representative by its kind (an individual business's 经营者, another's 法定代表人). None when they agree, for a
    natural person (who has no USCC: an error of its own), and for a registration type that names none of the kinds
    (only 91 企业, 92 个体工商户 and 51–59 社会组织 do)."""
    from workstation.vocabulary import shown_label

    if uscc[:2] not in code_kinds() and uscc[:2] != "91":  # 12 事业单位, 31 律师事务所 …: the code does not say which
        return None
    by_code = inferred_party_kind("", uscc)
    if kind == "person" or kind not in labels("party_kinds") or kind == by_code:
        return None
    return _("A credit code beginning {prefix} registers a party of the kind “{code_kind}”, but “{kind}” is chosen: "
             "check the kind, by which the documents name the party's representative (经营者 for an individual "
             "business, 法定代表人 otherwise).").format(prefix=uscc[:2], code_kind=shown_label("party_kinds", by_code),
                                                      kind=shown_label("party_kinds", kind))


def audit_legacy_id(audit: AuditWriter, party_id: str, legacy: str, number: str, at: str | None = None) -> None:
    """Record that the party's ID number ``number`` was converted from the old 15-digit ``legacy``: an entry of
    action "convert_legacy_id" on entity "party.id_number" (the audit log has no other column for the field, as for
    a reveal) whose digests are of the old number and of the new one."""
    audit.add_digests("convert_legacy_id", "party.id_number", party_id, digest({"id_number": legacy}),
                      digest({"id_number": number}), at)


def kind_field_labels(kind: str) -> dict[str, str]:
    """{field: its label} for the fields a kind of party names otherwise than generically, as the party dialog labels
    them (``ui.party_dialog.KIND_FIELDS``): an individual business's ID number is its operator's (经营者身份证号码)."""
    return {"id_number": _("Operator's ID number")} if kind == "individual_business" else {}


def normalized_party(party: Party) -> Party:
    """The party with trimmed text and normalised numbers; ValidationError naming each bad field, a field named by
    its label for the party's kind as the dialog names it (``kind_field_labels``: a party saved by the command line,
    an import or a script)."""
    errors = party_field_errors(party, kind_field_labels(party.kind))
    if errors:
        raise ValidationError(errors)
    return Party(
        id=party.id, name=party.name.strip(), kind=party.kind,
        uscc=normalize_uscc(party.uscc) if party.uscc.strip() else "",
        id_number=normalize_id_number(party.id_number) if party.id_number.strip() else "",
        address=party.address.strip(), legal_rep=party.legal_rep.strip(),
        phone=normalize_phone(party.phone) if party.phone.strip() else "",
    )


def party_row(party: Party, created_at: str | None = None) -> dict:
    stamp = now()
    return {"id": party.id, "kind": party.kind, "name": party.name, "uscc": party.uscc,
            "id_number": party.id_number, "address": party.address, "legal_rep": party.legal_rep,
            "phone": party.phone, "created_at": created_at or stamp, "updated_at": stamp}


#: the columns of a party an editor shows and saves: another process's save of any of them since the editor loaded
#: the party is not to be written over (``changed_since``)
EDITED_FIELDS = ("kind", "name", "uscc", "id_number", "address", "legal_rep", "phone")


def changed_since(db: Database, loaded: Party) -> str | None:
    """Why ``loaded`` (a party as an editor opened it) may not be saved over: another process (another window, the
    command line) saved the party since, and saving the editor's copy, every field of it, would silently take back
    what it saved — an address printed on served documents among them. None when the stored party is still as it
    was loaded, or is not stored (a new party). The values are compared as stored (normalised)."""
    stored = fetch_dict(db, f"SELECT {', '.join(EDITED_FIELDS)} FROM parties WHERE id = ?", [loaded.id])
    if stored is None:
        return None
    try:
        expected = normalized_party(loaded)  # a party a caller built by hand reads as it was stored
    except ValidationError:
        expected = loaded
    if all(stored[field] == getattr(expected, field) for field in EDITED_FIELDS):
        return None
    from workstation.masking import mask_text  # a party known by a number is named after it

    return _("Party “{name}” was changed elsewhere since you opened it: reopen it and apply your changes "
             "again.").format(name=mask_text(loaded.name.strip() or stored["name"]))


def save_party(db: Database, party: Party, audit: AuditWriter | None = None, *, rename_causes: bool = False,
               loaded: Party | None = None) -> Party:
    """Validate and create or update a party (audited); renaming updates the case list's party names, and with
    ``rename_causes`` the 案由 of its open, undecided cases that named it by its old name (``cases_naming``; each an audited
    case edit). An ID number given in its old 15-digit form is stored converted, and the conversion audited
    (``audit_legacy_id``). ``rename_causes`` writes audit entries of its own: not with a caller's ``audit``.
    ``loaded``: the party as the editor saving it opened it; WorkstationError, nothing written, when the stored
    party is no longer that (``changed_since``: saved by another process meanwhile)."""
    if rename_causes and audit is not None:
        raise ValueError("rename_causes appends to the audit chain itself: call save_party without audit")
    legacy = legacy_id_number(party.id_number)
    party = normalized_party(party)
    with db.atomic():
        if loaded is not None and (refusal := changed_since(db, loaded)) is not None:
            raise WorkstationError(refusal)
        if errors := party_code_errors(db, party):
            raise ValidationError(errors)
        writer = audit or AuditWriter(db)
        old = fetch_dict(db, "SELECT created_at, name, id_number FROM parties WHERE id = ?", [party.id])
        write_row(db, "parties", party_row(party, old and old["created_at"]), audit=writer, entity="party")
        if legacy and (old is None or old["id_number"] != party.id_number):
            audit_legacy_id(writer, party.id, legacy, party.id_number)
        if old and old["name"] != party.name:
            from workstation.store.cases import refresh_party_names

            for (case_id,) in db.execute("SELECT case_id FROM case_parties WHERE party_id = ?", [party.id]):
                refresh_party_names(db, case_id)
        if audit is None:
            writer.flush()
        if rename_causes and old and old["name"] != party.name:  # after the party's entries: each case edit
            _rename_in_causes(db, party.id, old["name"], party.name)  # appends its own to the audit chain
    return party


def cases_naming(db: Database, party_id: str, name: str) -> list:
    """The cases of the party whose 案由 has ``name`` in it (its name before a rename: a case filed from a lead about
    a number names its placeholder party, 号码…的使用人), by case number; closed and archived cases are left out,
    their documents are all issued under the cause they had, and so are cases with a decision in force
    (``cases.binding_decisions``: 行政处罚决定书, 不予行政处罚决定书, 当场行政处罚决定书), which keep the 案由 they were
    decided under (``cases.decided_legal_errors`` refuses it changed, and would refuse the party's save)."""
    from workstation.store.cases import binding_decisions, get_case

    if not name.strip():
        return []
    rows = db.execute("SELECT c.id FROM cases c JOIN case_parties cp ON cp.case_id = c.id WHERE cp.party_id = ? "
                      "AND instr(c.cause, ?) > 0 AND c.status NOT IN (?, ?) ORDER BY c.case_number",
                      [party_id, name, *SETTLED_STATUSES])
    return [case for case in (get_case(db, case_id) for (case_id,) in rows) if not binding_decisions(db, case)]


def _rename_in_causes(db: Database, party_id: str, old: str, new: str) -> None:
    from dataclasses import replace

    from workstation.store.cases import update_case

    for case in cases_naming(db, party_id, old):
        update_case(db, replace(case, cause=case.cause.replace(old, new)))


def get_party(db: Database, party_id: str) -> Party:
    row = fetch_dict(db, "SELECT * FROM parties WHERE id = ?", [party_id])
    if row is None:
        raise NotFound(_("No party {id}.").format(id=party_id))
    return from_row(Party, row)


def code_kinds() -> dict[str, str]:
    """{characters 1–2 of a USCC: the kind of party its registration-authority code and type registers} (GB 32100-2015;
    ``[party_kinds]`` of resources/reference/uscc_kinds.toml, UNCONFIRMED, editable): 92 个体工商户 an individual
    business, 51–53 and 59 (民政: 社会团体, 民办非企业单位, 基金会) a social organisation, the kind ``association``;
    another (91 企业, 93 农民专业合作社, N 农村集体经济组织; the other authorities' organisations — 1 编办: 机关, 事业单位;
    3 司法: 律师事务所 … — legal persons with a legal representative but no members to organise, which the
    association's documents speak of, such as its interview notice) a company (their licence:
    ``party_rows.licence_name``). A kind that is none of vocabulary.toml's is a WorkstationError naming the file.
    Checked once for the tables read (both cached): ``_insert`` asks this of each party it imports."""
    kinds, known = uscc_kinds()["party_kinds"], vocabulary()["party_kinds"]
    if _CODE_KINDS_CHECKED.get("kinds") is not kinds or _CODE_KINDS_CHECKED.get("known") is not known:
        if wrong := next((f"{code} = {kind!r}" for code, kind in kinds.items() if kind not in known), None):
            raise WorkstationError(_("uscc_kinds.toml: [party_kinds] holds {entry}, but a party's kind is one of "
                                     "{kinds}: correct the file.").format(entry=wrong, kinds=", ".join(known)))
        _CODE_KINDS_CHECKED.update(kinds=kinds, known=known)
    return kinds


#: the tables ``code_kinds`` last found to agree (``uscc_kinds`` and ``vocabulary`` keep theirs until their
#: ``cache_clear``, which gives new tables, checked again)
_CODE_KINDS_CHECKED: dict[str, dict] = {}


#: words of a name that make it an organisation's (a name without them of two to four CJK characters is a person's)
_COMPANY_WORDS = ("公司", "集团", "合作社", "企业", "厂")
_ASSOCIATION_WORDS = ("协会", "商会", "学会", "联合会", "促进会", "研究会", "基金会")
_PERSON_NAME = re.compile(rf"[{HAN}]{{2,4}}|[{HAN}]+·[{HAN}]+")  # rare characters too (陈䶮, 王𠮷)


def inferred_party_kind(name: str, uscc: str = "", id_number: str = "") -> str:
    """The kind of a party known by its name and codes, as an import enters it: a USCC's registration-authority
    code and type decide (``code_kinds``: a 92… 商会路小吃店 is an individual business, a 52… 民办非企业单位 a social
    organisation, a 91… 协会服务中心有限公司, a 12… 事业单位 or any other a company), an ID number alone makes a
    natural person; only a party with neither code is judged by its name (a company's or an association's words,
    个体, else a person's name, or a number's 使用人, is a natural person; anything else a company)."""
    uscc = (uscc or "").strip().upper()
    if uscc:
        return code_kinds().get(uscc[:2], "company")
    if (id_number or "").strip():
        return "person"
    name = party_name_key(name or "")
    if any(word in name for word in _COMPANY_WORDS):
        return "company"
    if any(word in name for word in _ASSOCIATION_WORDS):
        return "association"
    if "个体" in name:
        return "individual_business"
    if _PERSON_NAME.fullmatch(name) or name.endswith("的使用人"):
        return "person"
    return "company"


def party_name_key(name: str) -> str:
    """A party's name as two names are compared: full-width brackets, letters and spaces as half-width ones (NFKC),
    runs of spaces as one and none at the ends, so that 佛山市某（分店） and 佛山市某(分店) are one name."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def party_codes(text: str) -> tuple[str, str]:
    """(USCC, ID number) that ``text`` is when read as either, normalised (a lower-case letter, full-width
    characters, spaces, an old 15-digit ID number converted); "" for a reading that fails."""
    codes = []
    for normalize in (normalize_uscc, normalize_id_number):
        try:
            codes.append(normalize(text))
        except ValueError:
            codes.append("")
    return codes[0], codes[1]


def party_named(db: Database, text: str) -> Party | None:
    """The party ``text`` names, however the officer wrote it: its id, its USCC or ID number (normalised, see
    ``party_codes``), its exact name, else its name compared as ``party_name_key`` compares names (the earliest
    stored of several); None when the register holds none."""
    text = " ".join(str(text or "").split())
    if not text:
        return None
    row = fetch_dict(db, "SELECT * FROM parties WHERE id = ?", [text])
    if row:
        return from_row(Party, row)
    uscc, id_number = party_codes(text)
    party = find_party(db, uscc=uscc, id_number=id_number, name=text)
    if party is not None:
        return party
    key = party_name_key(text)
    for party_id, name in db.execute("SELECT id, name FROM parties ORDER BY created_at, id"):
        if party_name_key(name) == key:
            return get_party(db, party_id)
    return None


def find_party(db: Database, *, uscc: str = "", id_number: str = "", name: str = "") -> Party | None:
    """The party with this USCC, else this ID number (a natural person's before an individual business's of which
    it is the operator's), else exactly this name."""
    for column, value in (("uscc", uscc), ("id_number", id_number), ("name", name)):
        if value:
            # a code's partial index (WHERE code != '') is read only when the query says so
            indexed = f" AND {column} != ''" if column != "name" else ""
            row = fetch_dict(db, f"SELECT * FROM parties WHERE {column} = ?{indexed} ORDER BY kind != 'person', "
                             "created_at LIMIT 1", [value])
            if row:
                return from_row(Party, row)
    return None


def list_parties(db: Database, search: str = "", limit: int = 200) -> list[Party]:
    """Parties whose name, USCC or ID number contains ``search``, by name. The name is looked for as typed and as
    ``party_name_key`` reads it, its brackets half-width or full-width (餐饮店(桂城 finds 餐饮店（桂城分店）, and the
    other way round); a code as typed and as ``compact_code`` cleans it (full-width digits, spaces and dashes: ４４０６
    or 4406 0519 finds 440605199001014568). A search of several words (中国移动 佛山) finds the parties having every
    word, each in the name or a code, as well as those having the whole search. % and _ typed are themselves;
    characters no stored text holds (a NUL pasted with the text: ``importing.tables.without_unsafe``) are left out."""
    from workstation.importing.tables import without_unsafe

    text = without_unsafe(search).strip()
    where, params = _party_found(text)
    if len(words := text.split()) > 1:
        each = [_party_found(word) for word in words]
        where = f"({where}) OR (" + " AND ".join(f"({clause})" for clause, _values in each) + ")"
        params += [value for _clause, values in each for value in values]
    rows = fetch_dicts(db, f"SELECT * FROM parties WHERE {where} ORDER BY name LIMIT ?", params + [limit])
    return [from_row(Party, r) for r in rows]


def _party_found(text: str) -> tuple[str, list]:
    """The condition (and its values) of a party whose name or code contains ``text`` as ``list_parties`` reads it:
    the name also in full width (``complaints._written_ways``: ABC, abc or 123信息 finds 佛山市ＡＢＣ科技有限公司 as the
    register import keeps it; LIKE folds the case of ASCII letters only)."""
    from workstation.store.complaints import _written_ways
    from workstation.validators import compact_code

    key = party_name_key(text)
    names = list(dict.fromkeys([text, key, key.translate(_FULL_BRACKETS), *_written_ways(text)]))
    codes = list(dict.fromkeys([text, compact_code(text), *_as_stored_id(text)]))
    clauses = (["name LIKE ? ESCAPE '\\'"] * len(names)
               + ["uscc LIKE ? ESCAPE '\\' OR id_number LIKE ? ESCAPE '\\'"] * len(codes))
    params = [like_contains(n) for n in names] + [like for c in codes for like in (like_contains(c),) * 2]
    return " OR ".join(clauses), params


def _as_stored_id(text: str) -> list[str]:
    """The 18-digit ID number an old 15-digit one ``text`` is stored as (``normalize_id_number`` converts it when the
    party is saved), so that the number on an old card finds its party; [] for any other text."""
    from workstation.validators import legacy_id_number

    legacy = legacy_id_number(text)
    if not legacy:
        return []
    try:
        return [normalize_id_number(legacy)]
    except ValueError:  # no such birth date: no party stored it
        return []


#: round brackets written full-width, as a name stored so holds them
_FULL_BRACKETS = str.maketrans("()", "（）")


#: the parties read within ``parties_read_once`` in this thread (``read_once.held``)
_READ_ONCE = read_once.kept("parties_read_once")


def parties_read_once() -> AbstractContextManager[None]:
    """Within it, ``parties_of_case`` reads each case's parties once: a draft asks for them some 30 times through
    the parts of its case context, defaults and checks (the notice, decision and served document of the party, the
    hearing, the decisions in force …). What was read is forgotten when it ends (the next draft reads them again)
    and read again after any change made on the connection meanwhile, or rolled back (``read_once.held``); nested,
    the outermost one holds. Per thread (``read_once.scope``): the editor's preview worker keeps its own. Also a
    decorator (``@parties_read_once()``)."""
    return read_once.scope(_READ_ONCE)


def parties_of_case(db: Database, case_id: str) -> list[Party]:
    """The case's parties in their order (the first is the main one); within ``parties_read_once`` read once."""
    # a list of its own: a caller may add to or sort what it is given
    return list(read_once.held(_READ_ONCE, db, case_id, lambda: _read_parties(db, case_id)))


def _read_parties(db: Database, case_id: str) -> list[Party]:
    rows = fetch_dicts(db, "SELECT p.* FROM parties p JOIN case_parties cp ON cp.party_id = p.id "
                           "WHERE cp.case_id = ? ORDER BY cp.position", [case_id])
    return [from_row(Party, r) for r in rows]
