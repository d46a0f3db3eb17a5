"""Agencies (the city bureau, district bureaus and town offices) and officers."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from workstation.audit import AuditWriter
from workstation.db import Database
from workstation.errors import NotFound, ValidationError, WorkstationError
from workstation.i18n import _, ngettext
from workstation.paths import read_when_changed, resource
from workstation.records import Agency, Officer, now
from workstation.store.base import fetch_dict, fetch_dicts, from_row, write_row
from workstation.store.sort_keys import text_sort_key

AGENCY_NAMESPACE = "6f1c2d7e-4b1a-5e8e-9a57-0c3f3e1d2a40"
# An agency and every office under it, down to the towns of a city's districts (the agency id is given twice).
AGENCY_AND_OFFICES = ("SELECT a.id FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id "
                      "WHERE a.id = ? OR ? IN (a.parent_id, p.parent_id)")


def agency_condition(agency_id: str, own: bool = False) -> tuple[str, list]:
    """The SQL condition (and its parameters) on a table's ``agency_id`` selecting the records of an agency: with
    those of every office under it, or with ``own`` the agency's own records only (for the city bureau, whose
    offices are every agency, the only way to count what the city bureau itself did)."""
    if own:
        return "agency_id = ?", [agency_id]
    return f"agency_id IN ({AGENCY_AND_OFFICES})", [agency_id, agency_id]


# The agencies whose records an agency's filter of a list shows: the agency's and its offices' (AGENCY_AND_OFFICES), but
# the city bureau's own only — every agency is an office under it, and "all agencies" lists the whole city already
# (``agency_condition``'s ``own``, in one statement; the agency id is given three times).
LISTED_AGENCIES = ("SELECT a.id FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id WHERE a.id = ? OR "
                   "(? IN (a.parent_id, p.parent_id) AND NOT EXISTS (SELECT 1 FROM agencies c WHERE c.id = ? AND "
                   "c.level = 'city'))")


def listed_agency_condition(agency_id: str, column: str = "agency_id") -> tuple[str, list]:
    """The SQL condition (and its parameters) on a table's ``agency_id`` (``column``: another column or expression
    holding an agency id) selecting the records a list filtered by the agency shows (``LISTED_AGENCIES``): a
    district bureau's with its town offices', a town office's, and the city bureau's own records only."""
    return f"{column} IN ({LISTED_AGENCIES})", [agency_id] * 3


def agency_id_for_code(code: str) -> str:
    """Agencies get a UUID derived from their code, so every laptop agrees on it."""
    import uuid

    return str(uuid.uuid5(uuid.UUID(AGENCY_NAMESPACE), code))


# what the start-up check reads of the reference file without parsing it: the tables and their code lines
TABLE_LINE = re.compile(r"^\s*\[", re.MULTILINE)
CODE_LINE = re.compile(r'^code = "([0-9]+)"[ \t]*$', re.MULTILINE)


def _reference_agencies() -> list[dict]:
    import tomllib

    with resource("reference", "agencies.toml").open("rb") as fh:
        return tomllib.load(fh)["agency"]


def _reference_codes() -> list[str] | None:
    """The codes of the reference agencies, read without a TOML parser (importing tomllib and parsing the file
    was ~6 ms of every start) when the file is written as shipped: nothing but ``[[agency]]`` tables, each
    with one ``code = "…"`` line and no multi-line string. None otherwise, and the caller parses the file."""
    text = resource("reference", "agencies.toml").read_text(encoding="utf-8")
    tables = TABLE_LINE.findall(text)
    codes = CODE_LINE.findall(text)
    if '"""' in text or "'''" in text or len(codes) != len(tables) or text.count("[[agency]]") != len(tables):
        return None
    return codes


# a 文号 type code as agencies.toml may set it: one to four Chinese characters (处, 罚, 责改 …)
TYPE_CODE_CHARS = 4
_TYPE_CODE = rf"[\u3400-\u9fff\uf900-\ufaff]{{1,{TYPE_CODE_CHARS}}}"
_type_codes_read: dict[tuple, dict[str, dict[str, str]]] = {}


def reference_type_codes() -> dict[str, dict[str, str]]:
    """The per-bureau 文号 type codes of ``resources/reference/agencies.toml`` (an agency's optional ``type_codes``
    table, form id → code), by agency code: {} when no agency sets any. Read again when the file changed, and
    checked as read: an unknown form (or one that takes no 文号), a code that is not 1–4 Chinese characters, a code
    given to two document types of one bureau, the case numbers' 立, or a table on a town office (which numbers in
    its district bureau's name) is refused with a WorkstationError naming the file, the line and the field."""
    return read_when_changed(resource("reference", "agencies.toml"), _type_codes_read, _read_type_codes)


def _read_type_codes(path) -> dict[str, dict[str, str]]:
    import tomllib

    text = path.read_text(encoding="utf-8")
    if "type_codes" not in text:  # as shipped: every bureau uses the forms' own codes
        return {}
    try:
        entries = tomllib.loads(text).get("agency", [])
    except tomllib.TOMLDecodeError as exc:
        raise WorkstationError(_("{file}: {error}; correct the file.").format(file=path, error=exc)) from None
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"\s*\[\[\s*agency\s*\]\]", line)] + [len(lines)]
    result: dict[str, dict[str, str]] = {}
    forms: dict[str, str] = {}
    for index, entry in enumerate(entries):
        if "type_codes" not in entry:
            continue
        if not forms:
            from workstation.formkit.spec import load_forms

            forms = {f.id: f.type_code for f in load_forms()[0].values() if f.type_code}
        block = lines[starts[index]:starts[index + 1]] if index + 1 < len(starts) else lines
        table = _checked_type_codes(_TypeCodeSource(path, block, starts[index] if index < len(starts) else 0),
                                    entry, forms)
        if table:
            result[str(entry.get("code", ""))] = table
    return result


class _TypeCodeSource:
    """Where an agency's ``type_codes`` are written: the file, the lines of the agency's table and the index of its
    first line (to name the line of a refused field). A plain class: this module is loaded before the window's first
    paint, and a dataclass writes and compiles its methods when it is made (~0.5 ms)."""

    __slots__ = ("path", "lines", "first")

    def __init__(self, path: object, lines: list[str], first: int):
        self.path, self.lines, self.first = path, lines, first

    def line_of(self, name: str, after: int = 0) -> int:
        """The line (counted from 1 in the file) of the key ``name`` at or after the table's line ``after``."""
        key = re.compile(r"(^|[{,\s])" + re.escape(name) + r"\s*=")
        table = re.compile(r"^\s*\[\s*agency\.type_codes\s*\]")
        found = next((i for i in range(after, len(self.lines)) if key.search(self.lines[i]) or
                      (name == "type_codes" and table.match(self.lines[i]))), after)
        return self.first + found + 1


def _checked_type_codes(source: _TypeCodeSource, entry: dict, forms: dict[str, str]) -> dict[str, str]:
    """An agency's ``type_codes`` table (``forms``: the default code of each form taking a 文号), checked."""
    code, table = str(entry.get("code", "")), entry["type_codes"]
    at = source.line_of("type_codes") - source.first - 1

    def refuse(message: str, field: str = "type_codes") -> WorkstationError:
        line = source.line_of(field.removeprefix("type_codes."), at) if field != "type_codes" else at + source.first + 1
        return WorkstationError(_("{file}, line {line}, agency {code}, {field}: {message}").format(
            file=source.path, line=line, code=code, field=field, message=message))

    if not isinstance(table, dict):
        raise refuse(_("write it as a table of form ids and codes, e.g. {example}.").format(
            example='type_codes = { penalty_decision = "罚" }'))
    if entry.get("level") == "town" and table:
        raise refuse(_("a town office numbers in its district bureau's name: set the codes on agency {parent} and "
                       "remove them here.").format(parent=entry.get("parent") or "—"))
    codes = dict(forms)
    for form_id, value in table.items():
        field = f"type_codes.{form_id}"
        if form_id not in forms:
            raise refuse(_("no document form {form} takes a 文号; the forms that do are: {forms}.").format(
                form=form_id, forms="、".join(sorted(forms))), field)
        if not isinstance(value, str) or not _compiled(_TYPE_CODE).fullmatch(value.strip()):
            raise refuse(_("“{value}” is not a 文号 type code: give one to {n} Chinese characters, such as 处 or 罚.")
                         .format(value=value, n=TYPE_CODE_CHARS), field)
        if value.strip() == "立":
            raise refuse(_("立 is the code of the case numbers: choose another code."), field)
        codes[form_id] = value.strip()
    for form_id in table:
        twin = next((other for other, c in codes.items() if c == codes[form_id] and other != form_id), None)
        if twin is not None:
            raise refuse(_("{form} and {other} would both be numbered {value}: give each document type its own code.")
                         .format(form=form_id, other=twin, value=codes[form_id]), f"type_codes.{form_id}")
    return {form_id: codes[form_id] for form_id in table}


def ensure_reference_data(db: Database) -> int:
    """Add the reference agencies the database lacks (in one audited transaction holding the write lock, only
    when some are missing), so that records can refer to them; returns how many were added."""
    existing = {row[0] for row in db.execute("SELECT code FROM agencies")}
    codes = _reference_codes()
    if codes is None:
        codes = [entry["code"] for entry in _reference_agencies()]
    if all(code in existing for code in codes):
        return 0
    from workstation.db.connection import immediate, refuse_damaged

    refuse_damaged(db)  # not into a database a crash may have damaged
    # the write lock taken at once (waiting the busy timeout for another program's): a deferred transaction that
    # read first could not take it once another program starting on the same new data has added them meanwhile;
    # what is missing is read again under the lock, so nothing that program added is added twice
    with immediate(db):
        writer = AuditWriter(db)
        added = load_reference_agencies(db, writer)
        writer.flush()
    return added


def load_reference_agencies(db: Database, audit: AuditWriter) -> int:
    """Add the agencies of ``resources/reference/agencies.toml`` that the database lacks; returns how many.
    Existing agencies keep their (possibly edited) names and 文号 abbreviations."""
    existing = {row[0] for row in db.execute("SELECT code FROM agencies")}
    added = 0
    for entry in _reference_agencies():
        if entry["code"] in existing:
            continue
        row = {
            "id": agency_id_for_code(entry["code"]), "code": entry["code"], "level": entry["level"],
            "name": entry["name"], "short_name": entry["short_name"],
            "parent_id": agency_id_for_code(entry["parent"]) if entry.get("parent") else None,
            "district": entry.get("district", ""), "town": entry.get("town", ""),
            "doc_abbrev": entry.get("doc_abbrev", ""),
            "reconsideration_body": entry.get("reconsideration_body", ""),
            "police": entry.get("police", ""), "updated_at": now(),
        }
        write_row(db, "agencies", row, audit=audit, entity="agency")
        added += 1
    return added


def list_agencies(db: Database) -> list[Agency]:
    rows = fetch_dicts(db, "SELECT * FROM agencies ORDER BY code")
    return [from_row(Agency, r) for r in rows]


def get_agency(db: Database, agency_id: str) -> Agency:
    row = fetch_dict(db, "SELECT * FROM agencies WHERE id = ?", [agency_id])
    if row is None:
        raise NotFound(_("No agency {id}.").format(id=agency_id))
    return from_row(Agency, row)


def agencies_above(db: Database, agency_id: str) -> list[str]:
    """The ids of the agencies above ``agency_id``, nearest first (a town office: its district bureau, then the city
    bureau); the chain read up its ``parent_id`` until an agency without one, one not in the register or one met
    already (a loop stops there)."""
    above: list[str] = []
    row = db.execute("SELECT parent_id FROM agencies WHERE id = ?", [agency_id]).fetchone()
    while row and row[0] and row[0] != agency_id and row[0] not in above:
        above.append(row[0])
        row = db.execute("SELECT parent_id FROM agencies WHERE id = ?", [row[0]]).fetchone()
    return above


def agency_by_code(db: Database, code: str) -> Agency:
    """The agency of ``code`` as typed: in full-width digits (４４０６０５) or ASCII, the spaces around it left out;
    NotFound for an unknown or empty code."""
    # imported here, not with the module: the window's first paint does not need it
    from workstation.fullwidth import DIGITS, to_ascii

    code = code.translate(to_ascii(DIGITS)).strip()
    if not code:
        raise NotFound(_("The agency code is empty: give the code, e.g. 440605 (see `init --help` for the codes)."))
    row = fetch_dict(db, "SELECT * FROM agencies WHERE code = ?", [code])
    if row is None:
        raise NotFound(_("No agency with code {code}: see `init --help` for the codes.").format(code=code))
    return from_row(Agency, row)


def districts(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT district FROM agencies WHERE level = 'district' ORDER BY code")]


def update_agency(db: Database, agency: Agency) -> None:
    """Save edited names, 文号 abbreviation and bodies of an agency (audited)."""
    if not agency.name.strip():
        raise ValidationError({"name": _("The agency needs a name.")})
    with db.atomic():
        audit = AuditWriter(db)
        row = {k: v for k, v in agency.__dict__.items()}
        row["updated_at"] = now()
        write_row(db, "agencies", row, audit=audit, entity="agency")
        audit.flush()


# a 文号 abbreviation (文号机关代字) as a bureau sets it: two to ten Chinese characters (佛南市监)
DOC_ABBREV = r"[\u3400-\u9fff\uf900-\ufaff]{2,10}"
#: the setting holding {bureau id: the 文号 abbreviations it numbered with before} (``former_doc_abbrevs``)
FORMER_ABBREVS_KEY = "doc_abbrev.former"


def former_doc_abbrevs(db: Database) -> dict[str, list[str]]:
    """{agency id: the 文号 abbreviations its numbers were written with before ``set_doc_abbrev`` changed it}: its
    case numbers and 文号 go on after those (``number_blocks.case_serials``), and no other bureau may take them."""
    import json

    from workstation.store.base import get_setting

    try:
        stored = json.loads(get_setting(db, FORMER_ABBREVS_KEY) or "{}")
    except ValueError:
        stored = {}
    if not isinstance(stored, dict):
        return {}
    # each once, in the order first kept (a version before this one wrote one many times)
    return {str(k): list(dict.fromkeys(str(a) for a in v if a)) for k, v in stored.items() if isinstance(v, list)}


def doc_abbrev_refusal(db: Database, agency_id: str, abbrev: str) -> str | None:
    """Why ``abbrev`` cannot be the 文号 abbreviation of the agency ``agency_id``, or None: it is empty or not two to
    ten Chinese characters, the agency is a town office (it numbers in its district bureau's name), or another
    bureau numbers (or numbered) with it, whose numbers would then read as this one's."""
    agency = get_agency(db, agency_id)
    text = abbrev.strip()
    if agency.level == "town" and agency.parent_id:
        bureau = get_agency(db, agency.parent_id)
        return _("{agency} numbers its documents in the name of {bureau}: set the 文号 abbreviation of {bureau} "
                 "(agency code {code}).").format(agency=agency.short_name or agency.name, bureau=bureau.short_name
                                                 or bureau.name, code=bureau.code)
    if not text:
        return _("Give the 文号 abbreviation of {agency}, such as 佛南市监.").format(agency=agency.short_name or agency.name)
    if not _compiled(DOC_ABBREV).fullmatch(text):
        return _("“{value}” is not a 文号 abbreviation: write it in 2 to 10 Chinese characters, such as 佛南市监."
                 ).format(value=text)
    former = former_doc_abbrevs(db)
    for other in list_agencies(db):
        if other.id == agency_id or other.parent_id == agency_id and other.level == "town":
            continue  # its own town offices carry its abbreviation
        owner = get_agency(db, other.parent_id) if other.level == "town" and other.parent_id else other
        if text == other.doc_abbrev or text in former.get(other.id, []):
            return _("{value} is or was the 文号 abbreviation of {agency}: numbers written with it would read as "
                     "that bureau's. Choose another.").format(value=text, agency=owner.short_name or owner.name)
    return None


def set_doc_abbrev(db: Database, agency_id: str, abbrev: str) -> Agency:
    """Set the 文号 abbreviation of the bureau ``agency_id`` (the city or a district bureau) and of its town offices,
    which number in its name (audited; nothing when it is unchanged); refused as ``doc_abbrev_refusal`` says
    (ValidationError under ``doc_abbrev``, nothing changed). The abbreviation it had is kept (``former_doc_abbrevs``):
    its case numbers go on after those written with it, rather than from 1 again."""
    import json

    from workstation.store.base import set_setting

    if refusal := doc_abbrev_refusal(db, agency_id, abbrev):
        raise ValidationError({"doc_abbrev": refusal})
    text = abbrev.strip()
    agency = get_agency(db, agency_id)
    towns = [a for a in list_agencies(db) if a.level == "town" and a.parent_id == agency_id]
    changed = [a for a in (agency, *towns) if a.doc_abbrev != text]
    if not changed:
        return agency
    former = former_doc_abbrevs(db)
    # each once: the bureau and its town offices carried the same one
    kept = dict.fromkeys([*former.get(agency_id, []), *(a.doc_abbrev for a in changed if a.doc_abbrev)])
    former[agency_id] = [a for a in kept if a != text]  # taken back, it is its abbreviation again
    with db.atomic():
        audit = AuditWriter(db)
        for each in changed:
            write_row(db, "agencies", {**each.__dict__, "doc_abbrev": text, "updated_at": now()}, audit=audit,
                      entity="agency")
        set_setting(db, FORMER_ABBREVS_KEY, json.dumps(former, ensure_ascii=False, separators=(",", ":")))
        audit.flush()
    return get_agency(db, agency_id)


#: the Chinese characters a person's name may be written in, as the inside of a character class (``[{HAN}]``): the
#: CJK unified ideographs with Extension A (䶮) and Extensions B–H (𠮷), and the compatibility ideographs — an
#: officer's name here, a party's (``store.parties.inferred_party_kind``) and those a publication copy masks
#: (``documents.publication``)
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
# a person's name as officers write it on documents: Chinese characters, a minority name's middle dot (·, •)
PERSON_NAME = rf"[{HAN}]+(?:[·•][{HAN}]+)*"
# the spaces an input method leaves inside a Chinese name (黄 丽娟): not part of it
NAME_SPACES = rf"(?<=[{HAN}·•])\s+(?=[{HAN}·•])"
# an enforcement certificate number as printed: digits and capital letters, maybe a Chinese prefix (粤) or dashes
CERT_NO = r"[\u3400-\u9fff]{0,4}[0-9A-Z-]+"
# the digits of a certificate number in a row (groups of two or more joined by dashes count as one row: 4406-0012-034)
CERT_RUN = r"[0-9]{2,}(?:-[0-9]{2,})*"
CERT_DIGITS = 6
# letters may be part of a number (a prefix, a series), but not one Latin letter after a long run of digits: that is
# an Alt key pressed in the box (Alt+S typing "s" where 保存(&S) was meant), never how a certificate is numbered
CERT_STRAY_LETTER = r".*[0-9]{11,}[A-Z]"
# the number copied with the words around it on the card: 第44060501101号, 粤执字第44060501101号
CERT_WRAPPED = r"(.*?)第(.+)号"


@cache
def _compiled(pattern: str) -> re.Pattern:
    """``pattern`` compiled at its first use: this module is loaded before the window's first paint (reference data,
    the board's filters), and compiling the wide character classes above took ~3 ms of every start."""
    return re.compile(pattern)


def person_name(text: str) -> str:
    """``text`` as an officer's name is kept: without the spaces around it, nor those an input method left inside a
    Chinese name, so that 黄 丽娟 and 黄丽娟 are one person (a name in Latin letters keeps its spaces)."""
    return _compiled(NAME_SPACES).sub("", (text or "").strip())


def offered_officer_name(text: str) -> str:
    """``text`` when it can be offered as an officer's name (a Chinese name of two or more characters, as
    ``person_name`` keeps it), else ''. The operating-system account (``root``, ``zhangsan``, ``Administrator``) is
    not a name to print on a document."""
    text = person_name(text)
    return text if len(text) >= 2 and _compiled(PERSON_NAME).fullmatch(text) else ""


def officer_name_error(typed: str) -> str:
    """Why ``typed`` is not an officer's name (``offered_officer_name``: "admin", "123", "A", a name in Latin
    letters), or '' when it is one or is empty (each form says in its own words that a name is missing)."""
    if not (typed or "").strip() or offered_officer_name(typed):
        return ""
    return _("“{name}” is not an officer's name: give the name as it is on the enforcement certificate, e.g. "
             "陈志强.").format(name=typed.strip())


def normalized_cert_no(cert: str) -> str:
    """An enforcement certificate number as stored: full-width digits and letters read as ASCII, letters in capitals,
    spaces left out (officers copy it from the card in whatever input mode is on)."""
    from workstation.fullwidth import TO_ASCII

    return "".join(cert.translate(TO_ASCII).split()).upper()


def cert_no_key(cert: str) -> str:
    """What tells one enforcement certificate number from another: its digits and letters only, so that the same
    number written with a prefix (粤, 粤字), dashes or full-width digits is the same number."""
    return "".join(c for c in normalized_cert_no(cert) if c.isascii() and c.isalnum())


def _has_digit_run(cert: str) -> bool:
    """Whether ``cert`` holds ``CERT_DIGITS`` digits in a row (``CERT_RUN``) that are not all zeros: 0000, 1-2-3-4,
    ----1111 or ABCD1234 number no certificate."""
    return any(len(digits := run.replace("-", "")) >= CERT_DIGITS and digits.strip("0")
               for run in _compiled(CERT_RUN).findall(cert))


def cert_no_error(typed: str) -> str:
    """Why ``typed`` is not an enforcement certificate number, or '' when it may be one (or is left empty)."""
    cert = normalized_cert_no(typed)
    if cert and _compiled(CERT_STRAY_LETTER).fullmatch(cert):
        return _("“{cert}” ends in a letter after its digits: a key pressed with Alt may have typed it. Delete the "
                 "letter, or check the number printed on the certificate.").format(cert=typed.strip())
    wrapped = _compiled(CERT_WRAPPED).fullmatch(cert)
    if wrapped and not cert_no_error(wrapped[1] + wrapped[2]):  # the card's wording copied with the number
        return _("“{cert}” holds the words around the number: drop 第 and 号 and type {number}.").format(
            cert=typed.strip(), number=wrapped[1] + wrapped[2])
    if not cert or (_compiled(CERT_NO).fullmatch(cert) and _has_digit_run(cert)):
        return ""
    return _("“{cert}” is not an enforcement certificate number: type the number printed on the certificate "
             "(at least {n} digits in a row, not all zeros; letters, dashes and a prefix such as 粤 may be part of "
             "it).").format(cert=typed.strip(), n=CERT_DIGITS)


def officer_field_errors(db: Database, officer: Officer, *, namesakes: bool = True) -> dict[str, str]:
    """Field errors of an officer as the editor shows them ({} when valid): with ``namesakes``, also the same
    officer entered twice (``same_name_error``), under the name."""
    errors = {}
    if not officer.name.strip():
        errors["name"] = _("Enter the officer's name.")
    elif officer_name_error(officer.name):  # the check `init --officer` makes: admin, 123 or A names nobody
        errors["name"] = officer_name_error(officer.name)
    elif namesakes and (twice := same_name_error(db, officer)):
        errors["name"] = twice
    if db.execute("SELECT 1 FROM agencies WHERE id = ?", [officer.agency_id]).fetchone() is None:
        errors["agency_id"] = _("Choose the officer's agency.")
    cert = normalized_cert_no(officer.cert_no)
    if cert_no_error(officer.cert_no):
        errors["cert_no"] = cert_no_error(officer.cert_no)
    elif cert:  # the same number written otherwise (粤44060012034, 4406-0012-034) is the same certificate
        key = cert_no_key(cert)
        holder = next((row for row in db.execute("SELECT name, cert_no FROM officers WHERE cert_no != '' AND id != ?",
                                                 [officer.id]) if cert_no_key(row[1]) == key), None)
        if holder:
            errors["cert_no"] = _("Certificate number {cert} already belongs to {name}.").format(cert=cert,
                                                                                               name=holder[0])
    return errors


def same_name_error(db: Database, officer: Officer) -> str:
    """Why ``officer`` would be the same person entered twice — another officer of the same agency (also one who
    left) with the same name, one of the two without a certificate number to tell them apart — or ''
    (namesakes each with their own certificate number are two officers)."""
    name, cert = person_name(officer.name), normalized_cert_no(officer.cert_no)
    rows = db.execute("SELECT cert_no FROM officers WHERE name = ? AND agency_id = ? AND id != ?",
                      [name, officer.agency_id, officer.id]).fetchall()
    if name and any(not cert or not row[0] for row in rows):
        return _("{name} is already an officer of this agency: select them in the list to correct them (or to take "
                 "them back on duty); two officers of the same name each need their certificate number.").format(
            name=name)
    return ""


def validate_officer(db: Database, officer: Officer, *, namesakes: bool = True) -> None:
    errors = officer_field_errors(db, officer, namesakes=namesakes)
    if errors:
        raise ValidationError(errors)


def changed_since(db: Database, loaded: Officer) -> str | None:
    """Why ``loaded`` (an officer as the register editing them showed them) may not be saved over: another process
    corrected or deactivated them since, and saving the register's copy would take that back (an officer who left
    taken back on duty among it). None when the stored officer is still as loaded, or is not stored (a new one)."""
    stored = fetch_dict(db, "SELECT name, cert_no, agency_id, active FROM officers WHERE id = ?", [loaded.id])
    if stored is None or (stored["name"], stored["cert_no"], stored["agency_id"], bool(stored["active"])) \
            == (loaded.name, loaded.cert_no, loaded.agency_id, loaded.active):
        return None
    return _("Officer “{name}” was changed elsewhere since you opened them: reopen them and apply your changes "
             "again.").format(name=loaded.name or stored["name"])


def save_officer(db: Database, officer: Officer, audit: AuditWriter | None = None, *,
                 namesakes: bool = True, loaded: Officer | None = None) -> Officer:
    """Create or update an officer (audited); the certificate number is stored normalised. The same officer entered
    twice is refused unless ``namesakes`` is False (the demo's officers, each with a certificate number of its own:
    one typed by hand under the same name must not refuse the whole demo). An officer renamed keeps their passphrase
    under their new name (``access.follow_rename``), in the same step: a keyring that cannot take it leaves the
    register as it was, and a register that cannot take the name leaves the keyring as it was. ``loaded``: the
    officer as the register saving them showed them; WorkstationError, nothing written, when the stored officer is
    no longer that (another process corrected or deactivated them meanwhile: saving the register's copy would take
    that back, an officer who left taken back on duty among it)."""
    validate_officer(db, officer, namesakes=namesakes)
    officer = replace(officer, name=person_name(officer.name), cert_no=normalized_cert_no(officer.cert_no))
    before = fetch_dict(db, "SELECT * FROM officers WHERE id = ?", [officer.id])
    renamed = before is not None and before["name"] != officer.name
    if renamed:
        from workstation.security import access

        data_dir = access.data_dir_of(db)
        before = from_row(Officer, before, active=bool(before["active"]))
    change = None
    try:
        with db.atomic():
            if loaded is not None and (refusal := changed_since(db, loaded)):
                raise WorkstationError(refusal)
            writer = audit or AuditWriter(db)
            row = {"id": officer.id, "name": officer.name, "cert_no": officer.cert_no,
                   "agency_id": officer.agency_id, "active": int(officer.active), "updated_at": now()}
            write_row(db, "officers", row, audit=writer, entity="officer")
            if renamed:  # the name they had, for what the audit log, the steps and the documents recorded under it
                keep_former_name(db, officer.id, before.name, row["updated_at"])
            if audit is None:
                writer.flush()
            if renamed:  # the keyring last: a keyring that cannot take the name rolls the register back
                change = access.follow_rename(db, data_dir, before, officer.name)
    except BaseException:
        if change is not None:  # the register could not take it after the keyring did: the keyring goes back
            access.undo_rename(data_dir, before.name, officer.name, change)
        raise
    if change is not None:
        access.audit_rename(db, data_dir)
    return officer


def keep_former_name(db: Database, officer_id: str, name: str, until: str) -> None:
    """Keep ``name`` as the officer's until ``until`` (the time of the rename, m057): what was recorded under it stays
    theirs (``recorded_officer``)."""
    db.execute("INSERT INTO officer_names (officer_id, name, until) VALUES (?, ?, ?)", [officer_id, name, until])


def recorded_officer(db: Database):
    """``named(name, at)``: whether ``name``, recorded at ``at`` (ISO time) as who acted (an audit entry's actor, a
    step's, a document's issuer), named an officer of the register: an officer's name now, or one an officer had
    until a rename after ``at`` (m057). The name is shown as it was recorded; anything else (the operating-system
    account of a change made with nobody signed in) is not shown."""
    current = {name for (name,) in db.execute("SELECT name FROM officers")}
    former: dict[str, str] = {}
    for name, until in db.execute("SELECT name, until FROM officer_names"):
        former[name] = max(former.get(name, ""), until)

    def named(name: str | None, at: str | None) -> bool:
        return bool(name) and (name in current or (name in former and (at or "") <= former[name]))

    return named


def recorded_officer_sql(name: str, at: str) -> str:
    """The SQL expression of ``recorded_officer``: the column ``name`` recorded at the column ``at`` when it named an
    officer of the register then (their name now, or a former one until the rename), else ''."""
    return (f"CASE WHEN EXISTS (SELECT 1 FROM officers o WHERE o.name = {name}) OR EXISTS (SELECT 1 FROM "
            f"officer_names f WHERE f.name = {name} AND {at} <= f.until) THEN {name} ELSE '' END")


def list_officers(db: Database, agency_id: str | None = None, with_inactive: bool = False) -> list[Officer]:
    """Active officers (with those who left, deactivated, when ``with_inactive``, after them), optionally of one agency
    and the offices under it; by name in pinyin order, as officers know it from Excel and WPS (陈 before 王), not in
    SQLite's order of character codes (which puts 王 before 陈), namesakes by certificate number."""
    sql = "SELECT * FROM officers WHERE " + ("1 = 1" if with_inactive else "active = 1")
    params: list = []
    if agency_id:
        sql += f" AND agency_id IN ({AGENCY_AND_OFFICES})"
        params = [agency_id, agency_id]
    officers = [from_row(Officer, r, active=bool(r["active"])) for r in fetch_dicts(db, sql, params)]
    return sorted(officers, key=lambda o: (not o.active, text_sort_key(o.name), o.cert_no or "", o.id))


def open_cases_of_officer(db: Database, officer_id: str, moved_to: str | None = None) -> list[str]:
    """The case numbers (or causes, before a number) of the cases not yet closed that name the officer; with
    ``moved_to`` (an agency id), only those a move of the officer to that agency leaves without them: cases of
    another bureau than theirs then (``store.cases.outside_agency_refusal``), whose guards no longer count them and
    whose documents print them only after the case's other officers on duty (``formkit.values.case_officers``)."""
    rows = db.execute(
        "SELECT c.case_number, c.party_names, c.cause, c.agency_id FROM case_officers co JOIN cases c "
        "ON c.id = co.case_id "
        "WHERE co.officer_id = ? AND c.status NOT IN ('closed', 'archived', 'not_filed') "
        "ORDER BY c.case_number", [officer_id]).fetchall()
    from workstation.case_reference import case_named  # not on the start's path (the window's first paint)

    if moved_to is not None and rows:
        from workstation.store.cases import outside_agency_refusal

        there = replace(get_officer(db, officer_id), agency_id=moved_to)
        rows = [r for r in rows if outside_agency_refusal(db, r[3], there) is not None]
    return [case_named(*r[:3]) for r in rows]


LISTED_OFFICERS = 10  # officers named when a station whose agency changed leaves officers at the old one


def officers_left_at(db: Database, old_agency_id: str, new_agency_id: str) -> list[Officer]:
    """The officers on duty of the agency ``old_agency_id`` works under (a district bureau with its town offices, a
    town office's bureau with its offices, but the city bureau's own officers only: every agency is an office under
    it, and a station of the city bureau did not work with the districts' officers; ``LISTED_AGENCIES``) whom a case
    of ``new_agency_id`` does not count (``store.cases.outside_agency_refusal``): those a station whose agency
    changes from the one to the other leaves behind."""
    from workstation.store.cases import officers_agency, outside_agency_refusal

    condition, params = listed_agency_condition(officers_agency(db, old_agency_id))
    listed = {r[0] for r in db.execute(f"SELECT id FROM officers WHERE active = 1 AND {condition}", params)}
    return [o for o in list_officers(db) if o.id in listed and outside_agency_refusal(db, new_agency_id, o) is not None]


def officers_left_note(db: Database, old: Agency, new: Agency) -> str:
    """What a station whose agency changed from ``old`` to ``new`` is told of the officers it leaves at the old one
    (``officers_left_at``; the first ``LISTED_OFFICERS`` named, with how many in all), '' when none is left there:
    said by ``init --agency`` and by the window's change of the station's agency."""
    officers = officers_left_at(db, old.id, new.id)
    if not officers:
        return ""
    names = "、".join(o.name for o in officers[:LISTED_OFFICERS])
    if len(officers) > LISTED_OFFICERS:
        names = ngettext("{names}… ({n} officer in all)", "{names}… ({n} officers in all)", len(officers)).format(
            names=names, n=len(officers))
    return ngettext(
        "{names} is still an officer of {old} in the officers' register: new cases of {new} will not count them as "
        "one of their two officers. If they now work for {new}, change their agency in {where}; else add the "
        "officers of {new} there.",
        "{names} are still officers of {old} in the officers' register: new cases of {new} will not count them as "
        "their officers. If they now work for {new}, change their agency in {where}; else add the officers of {new} "
        "there.", len(officers)).format(
        names=names, old=old.short_name or old.name, new=new.short_name or new.name,
        where=_("Case") + " → " + _("Enforcement officers"))


def set_officer_active(db: Database, officer_id: str, active: bool) -> Officer:
    """Deactivate an officer who left (or take one back): kept with the cases and documents that name them, no
    longer offered for new ones, and no longer counted as one of a case's two officers (audited)."""
    officer = get_officer(db, officer_id)
    if officer.active == active:
        return officer
    changed = replace(officer, active=active)
    with db.atomic():
        writer = AuditWriter(db)
        row = {"id": changed.id, "name": changed.name, "cert_no": changed.cert_no, "agency_id": changed.agency_id,
               "active": int(active), "updated_at": now()}
        write_row(db, "officers", row, audit=writer, entity="officer")
        writer.flush()
    return changed


def officer_named(db: Database, text: str, *, deactivated: bool = False) -> Officer:
    """The officer on duty ``text`` names: by their enforcement certificate number (as typed, full-width, with
    spaces, dashes or a prefix such as 粤: ``cert_no_key``), else by their name. ValidationError under "officer"
    naming ``text`` when the officers' register holds nobody so named, only an officer who left, or two on duty of
    that name (then their certificate numbers tell them apart). With ``deactivated``, an officer who left is named
    too when none on duty is (a filter finding the open cases they still hold, to hand them over)."""
    typed = " ".join(str(text or "").split())
    if not typed:
        raise ValidationError({"officer": _("Name the officer: their name or enforcement certificate number.")})
    key = cert_no_key(typed)
    rows = [r for r in fetch_dicts(db, "SELECT * FROM officers WHERE cert_no != '' ORDER BY active DESC, cert_no")
            if cert_no_key(r["cert_no"]) == key] if key else []
    rows = rows or fetch_dicts(db, "SELECT * FROM officers WHERE name IN (?, ?) ORDER BY active DESC, cert_no",
                               [person_name(typed), typed.strip()])  # one stored before names lost their spaces
    if not rows:
        raise ValidationError({"officer": _("“{text}” is no officer of the officers' register: give the name or "
                                            "certificate number of an officer on duty (the register lists them).").format(
            text=typed)})
    on_duty = [r for r in rows if r["active"]]
    if not on_duty and not deactivated:
        raise ValidationError({"officer": _("{name} is no longer on duty (deactivated in the officers' register): "
                                            "name an officer on duty, or take them back on duty first.").format(
            name=rows[0]["name"])})
    if not on_duty:  # only officers who left: one of them, told apart by their certificate numbers
        certs = {cert_no_key(r["cert_no"] or "") for r in rows}
        if len(rows) > 1 and len(certs) == 1 and "" not in certs:  # one officer registered twice, as below
            raise ValidationError({"officer": _("{name} is registered twice with the same enforcement certificate "
                                                "number {cert}, and both records are deactivated: the two records "
                                                "are the same officer. Take one of them back on duty in the "
                                                "officers' register (Enforcement officers…, Take back on duty), "
                                                "then name the officer again.").format(
                name=rows[0]["name"], cert=rows[0]["cert_no"])})
        if len(rows) > 1:
            raise ValidationError({"officer": _("Several officers who left are named {name} ({certs}): give the "
                                                "certificate number of the one meant.").format(
                name=typed, certs="、".join(r["cert_no"] or "—" for r in rows))})
        return from_row(Officer, rows[0], active=False)
    certs = {cert_no_key(r["cert_no"] or "") for r in on_duty}
    if len(on_duty) > 1 and len(certs) == 1 and "" not in certs:
        # one officer registered twice (at two stations, before their bundles met): the number tells nothing apart
        raise ValidationError({"officer": _("{name} is registered twice with the same enforcement certificate "
                                            "number {cert}: the two records are the same officer. Deactivate one "
                                            "of them in the officers' register (Enforcement officers…, Deactivate "
                                            "(left)…), then name the officer again.").format(
            name=on_duty[0]["name"], cert=on_duty[0]["cert_no"])})
    if len(on_duty) > 1:
        raise ValidationError({"officer": _("Several officers on duty are named {name} ({certs}): give the "
                                            "certificate number of the one who acted.").format(
            name=typed, certs="、".join(r["cert_no"] or "—" for r in on_duty))})
    return from_row(Officer, on_duty[0], active=True)


def get_officer(db: Database, officer_id: str) -> Officer:
    row = fetch_dict(db, "SELECT * FROM officers WHERE id = ?", [officer_id])
    if row is None:
        raise NotFound(_("No officer {id}.").format(id=officer_id))
    return from_row(Officer, row, active=bool(row["active"]))
