"""This laptop's identity as a station of the campaign, and the other stations it knows.

On first use a station gets a random id, a name and an agency, and two key pairs: Ed25519 to sign the bundles
it sends, X25519 to receive bundles encrypted to it (headquarters is a station too). The private keys are files
in ``<data dir>/station/`` readable by the owner only; the public halves are in the ``stations`` table (role
``self``). A station card (a small JSON file) carries the public halves to another station: headquarters
*trusts* a laptop's card, a laptop takes headquarters' card as the key its bundles are encrypted to."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from workstation.db import Database
from workstation.errors import WorkstationError, join_sentences, os_reason
from workstation.i18n import _
from workstation.output import remove_quietly
from workstation.records import Agency, now
from workstation.store.base import fetch_dict, fetch_dicts, get_setting, set_setting

CARD_FORMAT = "workstation-station"
CARD_VERSION = 1
KEY_DIR = "station"
SIGN_KEY_FILE = "sign.key"
BOX_KEY_FILE = "box.key"


@dataclass(frozen=True)
class Station:
    id: str
    name: str
    agency_id: str | None
    sign_key: str  # base64 of the raw Ed25519 public key
    box_key: str  # base64 of the raw X25519 public key
    fingerprint: str
    role: str = "self"
    trusted_at: str | None = None
    audit_seq: int = 0
    audit_head: str = ""

    def card(self, agency_code: str = "") -> dict:
        """The public card another station trusts or encrypts to."""
        return {"format": CARD_FORMAT, "version": CARD_VERSION, "id": self.id, "name": self.name,
                "agency_code": agency_code, "sign_key": self.sign_key, "box_key": self.box_key,
                "fingerprint": self.fingerprint}


def fingerprint(sign_key_b64: str) -> str:
    """What an officer reads aloud on the phone to confirm a key: 5 groups of 4 hex digits of its sha256."""
    digest = hashlib.sha256(base64.b64decode(sign_key_b64)).hexdigest()[:20].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 20, 4))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def key_dir(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_DIR


def _write_private(path: Path, data: bytes) -> None:
    _write_private_files({path: data})


def _write_private_files(files: dict[Path, bytes]) -> None:
    """Write each file of ``files`` (readable by the owner only) whole: all of them first beside their place
    (``.part``), where a full disk, a read-only folder or a file in the folder's place refuses them — then nothing
    was changed, the OSError raised —, then each put in its place (a rename in the same folder). A rename refused
    (hardly ever: the files were written) raises OSError with ``replaced``, the files already put in place."""
    partials = {path: path.with_name(path.name + ".part") for path in files}
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(path.parent, 0o700)
            partial = partials[path]
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(partial, 0o600)
    except OSError:
        for partial in partials.values():  # a pulled-out or read-only disk: the refusal of the write is said
            remove_quietly(partial)
        raise
    replaced: list[Path] = []
    for path, partial in partials.items():
        try:
            partial.replace(path)
        except OSError as exc:
            for left in partials.values():
                remove_quietly(left)
            exc.replaced = replaced
            raise
        replaced.append(path)


def _raw_public(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _key_password(data_dir: Path) -> bytes | None:
    """In an encrypted data directory the private keys are themselves encrypted (PKCS#8) under a key derived
    from the database key."""
    from workstation.security.session import subkey

    return subkey(data_dir, "station")


def _pem(key, password: bytes | None = None) -> bytes:
    from cryptography.hazmat.primitives import serialization

    protection = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, protection)


def _load_private(path: Path, password: bytes | None = None):
    from cryptography.hazmat.primitives import serialization

    try:
        data = path.read_bytes()
        try:
            return serialization.load_pem_private_key(data, password=password)
        except TypeError:  # written before the data directory was encrypted: not protected yet
            return serialization.load_pem_private_key(data, password=None)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise WorkstationError(_("The station key {path} cannot be read: {reason}").format(
            path=path, reason=os_reason(exc))) from None


def signing_key(data_dir: Path):
    """This station's Ed25519 private key, or None before the station exists."""
    return _load_private(key_dir(data_dir) / SIGN_KEY_FILE, _key_password(data_dir))


def box_private_key(data_dir: Path):
    """This station's X25519 private key (opens bundles encrypted to it), or None."""
    return _load_private(key_dir(data_dir) / BOX_KEY_FILE, _key_password(data_dir))


def _station(row: dict) -> Station:
    return Station(**{k: row[k] for k in ("id", "name", "agency_id", "sign_key", "box_key", "fingerprint",
                                          "role", "trusted_at", "audit_seq", "audit_head")})


def this_station(db: Database) -> Station | None:
    """This laptop's station as recorded, or None before it was created."""
    row = fetch_dict(db, "SELECT * FROM stations WHERE role = 'self'")
    return _station(row) if row else None


@dataclass(frozen=True)
class AgencyChange:
    """What choosing another agency for this station changes (``agency_change``): from ``old`` to ``new``, and
    whether 文号 or case numbers were already issued in the name ``old`` numbers under (then the change needs the
    officer's explicit word: ``init --change-agency``, or the window's confirmation)."""

    old: Agency
    new: Agency
    numbers_issued: bool


def _numbers_issued_under(db: Database, owner: str) -> bool:
    """Whether 文号 or case numbers were given out here in the name of the agency ``owner``."""
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM doc_numbers WHERE agency_id = ?1) OR EXISTS "
                           "(SELECT 1 FROM number_sequences WHERE agency_id = ?1 AND last > 0)", [owner]).fetchone()[0])


def agency_change(db: Database, agency_id: str) -> AgencyChange | None:
    """What making ``agency_id`` this station's agency changes; None when nothing does (the same agency, none chosen
    before, or one no longer in the reference data: nothing was issued in a name known here). Between a bureau and
    its town offices, which number in its name, the numbers go on as they were: not counted as issued under the old
    one. The one rule ``init --agency`` and the window's 名称和所属单位 follow; it changes nothing itself."""
    from workstation.documents.numbering import numbering_owner
    from workstation.errors import NotFound
    from workstation.store import get_agency

    old_id = get_setting(db, "station_agency")
    if not old_id or old_id == agency_id:
        return None
    try:
        old = get_agency(db, old_id)
    except NotFound:
        return None
    new = get_agency(db, agency_id)
    owner = numbering_owner(db, old_id)
    issued = owner != numbering_owner(db, agency_id) and _numbers_issued_under(db, owner)
    return AgencyChange(old=old, new=new, numbers_issued=issued)


def ensure_station(db: Database, data_dir: Path, name: str | None = None, agency_id: str | None = None) -> Station:
    """This laptop's station, created with fresh keys on first use; a name or agency given updates it.

    Losing the key files makes a new key (headquarters must then trust the station anew). An agency given is also
    the station's agency for new cases, leads and interviews (the ``station_agency`` setting). A station still
    named after its former agency (``default_station_name``: 南海区局) is named after the new one when no name is
    given (it is no name of the officers' own: the station stays known by the office it works for).

    All or nothing: the keys are written first, then the agency setting in the transaction of the station's record;
    keys that cannot be written (the folder read-only, a file in its place, the disk full) raise WorkstationError
    naming the folder and what to do, with nothing saved."""
    from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

    data_dir = Path(data_dir)
    new_setting = agency_id if agency_id and get_setting(db, "station_agency") != agency_id else None
    current = this_station(db)
    if not name and agency_id and current is not None and current.agency_id and current.agency_id != agency_id \
            and current.name == default_station_name(db, current.agency_id):
        name = default_station_name(db, agency_id)
    sign, box = signing_key(data_dir), box_private_key(data_dir)
    keys_match = _keys_match(current, sign, box)
    agency_id = agency_id or (current.agency_id if current else None) or get_setting(db, "station_agency")
    name = name or (current.name if current else None) or get_setting(db, "station_name") or \
        default_station_name(db, agency_id)
    if keys_match and current.name == name and current.agency_id == agency_id:
        if new_setting:
            set_setting(db, "station_agency", new_setting)
        return current
    if not keys_match:
        sign, box = ed25519.Ed25519PrivateKey.generate(), x25519.X25519PrivateKey.generate()
        try:
            password = _key_password(data_dir)
            # both keys or neither: "Nothing was saved" holds when the second cannot be written
            _write_private_files({key_dir(data_dir) / SIGN_KEY_FILE: _pem(sign, password),
                                  key_dir(data_dir) / BOX_KEY_FILE: _pem(box, password)})
        except OSError as exc:
            said = _("The station keys cannot be written to {path}: {reason}").format(
                path=key_dir(data_dir), reason=os_reason(exc))
            if getattr(exc, "replaced", None):  # a key put in place, the other refused: not "nothing"
                raise WorkstationError(said) from None
            raise WorkstationError(join_sentences([said, _(
                "Nothing was saved. Make room on the disk, or make that folder writable (a file of its name in the "
                "data directory must be moved away), then try again.")])) from None
    sign_b64, box_b64 = _b64(_raw_public(sign)), _b64(_raw_public(box))
    station_id = current.id if current else (get_setting(db, "station_id") or str(uuid.uuid4()))
    after = {"id": station_id, "name": name, "agency_id": agency_id, "sign_key": sign_b64, "box_key": box_b64,
             "fingerprint": fingerprint(sign_b64)}
    with db.atomic():
        if new_setting:  # with the station's record: both or neither
            set_setting(db, "station_agency", new_setting)
        db.execute("DELETE FROM stations WHERE role = 'self' AND id != ?", [station_id])
        db.execute(
            "INSERT INTO stations (id, name, agency_id, sign_key, box_key, fingerprint, role, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'self', ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "agency_id = excluded.agency_id, sign_key = excluded.sign_key, box_key = excluded.box_key, "
            "fingerprint = excluded.fingerprint, role = 'self', updated_at = excluded.updated_at",
            [station_id, name, agency_id, sign_b64, box_b64, fingerprint(sign_b64), now()])
        set_setting(db, "station_id", station_id)
        # the station's identity is audited as every record is: its creation, a new name or agency, and a new key
        # (made when the key files were lost: headquarters must then trust the station anew)
        from workstation.audit import append

        action = "create" if current is None else "update" if keys_match else "new_key"
        append(db, action, "station", station_id, _identity(current) if current else None, after)
    return this_station(db)


def _identity(station: Station) -> dict:
    """What the audit log digests of this station's record: its id, name, agency and public keys."""
    return {"id": station.id, "name": station.name, "agency_id": station.agency_id, "sign_key": station.sign_key,
            "box_key": station.box_key, "fingerprint": station.fingerprint}


def _keys_match(station: Station | None, sign, box) -> bool:
    """Whether the private keys ``sign`` and ``box`` (None when missing) are those the station's record holds."""
    return (station is not None and sign is not None and box is not None
            and _b64(_raw_public(sign)) == station.sign_key and _b64(_raw_public(box)) == station.box_key)


def missing_keys_text(data_dir: Path, station: Station) -> str | None:
    """What to do when this station's private key files are missing or are not the keys its record holds; None
    when they are in place. A command that only reads says it rather than making new keys, which headquarters would
    refuse until it trusted the station anew."""
    if _keys_match(station, signing_key(Path(data_dir)), box_private_key(Path(data_dir))):
        return None
    return _("This station's key files ({files} in {folder}) are missing or are not its key (fingerprint "
             "{fingerprint}). Restore a backup made on this laptop, which holds them: `backup list` shows the "
             "backups, `backup restore ID` puts one back (the data now is kept aside). A new key would be made "
             "by the next export, and headquarters would refuse this station's bundles until it trusted the "
             "station's card anew.").format(files=f"{SIGN_KEY_FILE}, {BOX_KEY_FILE}", folder=key_dir(Path(data_dir)),
                                            fingerprint=station.fingerprint)


def default_station_name(db: Database, agency_id: str | None) -> str:
    """The name a station gets when none was given: its agency's short name (e.g. 顺德区局), else 站点."""
    row = db.execute("SELECT short_name FROM agencies WHERE id = ?", [agency_id]).fetchone() if agency_id else None
    return row[0] if row and row[0] else _("Station")


def unnamed(name: str | None) -> bool:
    """Whether ``name`` is the one a station without an agency got when none was given (in either language)."""
    from workstation.i18n import DEFAULT_LANGUAGE, load_catalogue

    return not name or name in {"Station", _("Station"), load_catalogue(DEFAULT_LANGUAGE).get("Station")}


def station_label(name: str | None, fingerprint: str = "") -> str:
    """A station's name as lists show it and messages put it after the word "station": its name, or for one never
    named (the default name 站点, or none) one name throughout, 未命名, with the first groups of its key's
    fingerprint when given — "unnamed (fingerprint 8FF7 E98B…)" — so that no message reads "station Station"
    (站点站点). A message holding it goes through ``fullwidth.tidy_spaces`` (no space beside its bracket)."""
    if not unnamed(name):
        return name
    if fingerprint:
        return _("unnamed (fingerprint {start}…)").format(start=" ".join(fingerprint.split()[:2]))
    return _("unnamed")


def protect_keys(data_dir: Path) -> None:
    """Write the station's private keys again under the current protection (after the data was encrypted)."""
    password = _key_password(data_dir)
    for name in (SIGN_KEY_FILE, BOX_KEY_FILE):
        key = _load_private(key_dir(data_dir) / name, password)
        if key is not None:
            _write_private(key_dir(data_dir) / name, _pem(key, password))


def agency_code(db: Database, agency_id: str | None) -> str:
    if not agency_id:
        return ""
    row = db.execute("SELECT code FROM agencies WHERE id = ?", [agency_id]).fetchone()
    return row[0] if row else ""


def write_card(db: Database, data_dir: Path, path: Path) -> dict:
    """Write this station's public card to ``path`` (for headquarters to trust, or for laptops to encrypt to)."""
    from workstation.output import write_output

    station = ensure_station(db, data_dir)
    card = station.card(agency_code(db, station.agency_id))
    text = json.dumps(card, ensure_ascii=False, indent=1)
    # whole or not at all (a full disk leaves no empty card under its name), a refusal with what to do
    write_output(str(path), (text + "\n").encode("utf-8"))
    return card


def _valid_key(value, what: str, source: str) -> str:
    try:
        raw = base64.b64decode(str(value), validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise WorkstationError(_("{source}: the {what} is not a valid public key.").format(source=source, what=what))
    return str(value)


LARGEST_CARD = 64 << 10


def read_card(path: Path, private_key=None, *, of_headquarters: bool = False) -> dict:
    """A station card from a file, checked; a bundle file gives the card of the station that signed it (an
    encrypted one is opened with ``private_key``). ``of_headquarters``: the card asked for is headquarters' own,
    and a file that is none says where that one comes from."""
    path = Path(path)
    try:
        if path.exists() and not path.is_dir() and not path.is_file():  # a pipe or a device: reading it would hang
            raise WorkstationError(_("{path} is not a file (a pipe or a device): give the path of the card file "
                                     "itself.").format(path=path))
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise WorkstationError(_("{path} cannot be read: {reason}").format(path=path, reason=os_reason(exc))) from None
    if head.startswith(b"PK") or head.startswith(b"WSBX"):
        from workstation.bundle.reader import bundle_card

        return bundle_card(path, private_key)
    try:  # a card is some 400 bytes: a file of megabytes is none, and is not read whole to find that out
        card = json.loads(path.read_text(encoding="utf-8")) if path.stat().st_size <= LARGEST_CARD else None
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested beyond any card
        card = None
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT:
        if of_headquarters:
            raise WorkstationError(_("{path} is not a station card. Headquarters' card is the small file headquarters "
                                     "writes of itself with `station export -o FILE` (its name, agency and public "
                                     "keys): ask headquarters for that file and give it to `station headquarters`.").format(
                path=path))
        raise WorkstationError(_("{path} is not a station card: export one with `station export`.").format(path=path))
    _check_card_version(card.get("version"), path)
    return checked_card(card, str(path))


def _check_card_version(version, path: Path) -> None:
    """Refuse a card whose ``version`` is not a whole number this workstation reads (every card written has one)."""
    if type(version) is int and version > CARD_VERSION:
        raise WorkstationError(_("{path}: the card is of version {version}, written by a newer workstation than this "
                                 "one (which reads cards of version {known}): update this workstation, then give "
                                 "the card again.").format(path=path, version=version, known=CARD_VERSION))
    if type(version) is not int or version < 1:
        raise WorkstationError(_("{path}: the card's version is missing or not a version any workstation writes, so "
                                 "the card is damaged or was altered: ask the station for its card again (`station "
                                 "export`).").format(path=path))


CARD_TEXT_MAX = 200  # characters of a station's name or agency code on its card


def checked_card(card: dict, source: str) -> dict:
    """``card`` with its id, keys and fingerprint checked (refused with a reason naming ``source``)."""
    try:
        uuid.UUID(str(card.get("id")))
    except ValueError:
        raise WorkstationError(_("{source}: the station id is not valid.").format(source=source)) from None
    sign = _valid_key(card.get("sign_key"), _("signing key"), source)
    box = _valid_key(card.get("box_key"), _("encryption key"), source) if card.get("box_key") else ""
    for key, what in (("name", _("station name")), ("agency_code", _("agency code"))):
        value = card.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > CARD_TEXT_MAX
                                  or any(ord(c) < 32 or ord(c) == 127 for c in value)):
            raise WorkstationError(_("{source}: the {what} is not a short line of text (the card was altered): ask "
                                     "the station for its card again.").format(source=source, what=what))
    return {"id": str(card["id"]), "name": str(card.get("name") or ""), "agency_code": str(card.get("agency_code")
            or ""), "sign_key": sign, "box_key": box, "fingerprint": fingerprint(sign)}


def _agency_id(db: Database, code: str) -> str | None:
    row = db.execute("SELECT id FROM agencies WHERE code = ?", [code]).fetchone() if code else None
    return row[0] if row else None


def trust_station(db: Database, card: dict, actor: str | None = None) -> Station:
    """Headquarters trusts a station's signing key (anew when the key changed); audited. A key whose trust was
    withdrawn here (``key_withdrawn``) is refused: only a new key of the station is trusted. A laptop trusting the
    card of its headquarters (to take bundles back from it) keeps it as its headquarters: its bundles stay
    encrypted to it."""
    from workstation import audit

    own = this_station(db)
    if own is not None and own.id == card["id"]:
        raise WorkstationError(_("This is this station's own card: trust the card of another station."))
    withdrawn = key_withdrawn(db, card["sign_key"])
    if withdrawn is not None:  # whoever holds the lost laptop holds this key too: never trusted again
        raise WorkstationError(withdrawn_key_refusal(card, withdrawn))
    before = fetch_dict(db, "SELECT * FROM stations WHERE id = ?", [card["id"]])
    with db.atomic():
        db.execute(
            "INSERT INTO stations (id, name, agency_id, sign_key, box_key, fingerprint, role, trusted_at, trusted_by, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, 'trusted', ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "name = excluded.name, agency_id = excluded.agency_id, sign_key = excluded.sign_key, "
            "box_key = excluded.box_key, fingerprint = excluded.fingerprint, "
            "role = CASE stations.role WHEN 'hq' THEN 'hq' ELSE 'trusted' END, trusted_at = excluded.trusted_at, "
            "trusted_by = excluded.trusted_by, updated_at = excluded.updated_at",
            [card["id"], card["name"], _agency_id(db, card["agency_code"]), card["sign_key"], card["box_key"],
             card["fingerprint"], now(), actor or audit.current_actor(), now()])
        after = fetch_dict(db, "SELECT * FROM stations WHERE id = ?", [card["id"]])
        # a withdrawal stays recorded: it is of the key withdrawn, which ``withdrawal`` no longer finds once the
        # station is trusted with a new one, and which ``key_withdrawn`` keeps refusing
        audit.append(db, "trust", "station", card["id"], before, after, actor)
    return _station(after)


#: the setting recording that headquarters withdrew its trust in a station's key, one per station:
#: ``station_withdrawn:<id>`` = {"sign_key", "fingerprint", "at", "by", "reason", "earlier"}, "earlier" the
#: station's keys withdrawn before (the same fields, without "earlier")
_WITHDRAWN = "station_withdrawn:"


def _withdrawn_keys(db: Database) -> list[tuple[str, dict]]:
    """Every key whose trust was withdrawn here, as (station id, {"sign_key", "fingerprint", "at", "by",
    "reason"}), the latest withdrawal of each station first."""
    found = []
    for key, text in db.execute("SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?",
                                [len(_WITHDRAWN), _WITHDRAWN]):
        try:
            record = json.loads(text) if text else None
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue
        earlier = record.get("earlier") if isinstance(record.get("earlier"), list) else []
        found += [(key[len(_WITHDRAWN):], r) for r in [record, *earlier] if isinstance(r, dict)]
    return found


def key_withdrawn(db: Database, sign_key: str) -> dict | None:
    """The withdrawal here of the signing key ``sign_key`` (of whichever station: a card may be given another id),
    or None: a key once withdrawn is not trusted again (a lost laptop holds it)."""
    return next((r for _id, r in _withdrawn_keys(db) if r.get("sign_key") == sign_key), None)


def earlier_withdrawals(db: Database, card: dict) -> list[dict]:
    """The withdrawals of other keys of the station whose ``card`` (with a key not withdrawn) is about to be
    trusted: its own id's, or those of a station of its name and agency (a laptop set up anew has a new id); for
    the trust to name them. Asked before the trust (which makes the station's key the card's)."""
    agency = _agency_id(db, card["agency_code"])
    ids = {card["id"]} | {s.id for s in _all_stations(db) if s.role == "trusted" and s.name == card["name"]
                          and s.agency_id == agency}
    found = [r for station_id, r in _withdrawn_keys(db) if station_id in ids and r.get("sign_key") != card["sign_key"]]
    return sorted(found, key=lambda r: str(r.get("at") or ""))


def new_key_advice(card_button: str = "") -> str:
    """How a station whose key was withdrawn is trusted again: with a new key, made on its laptop, and its new card
    (written with ``station export``, or in the window with ``card_button``, the exchange page's 导出本站名片)."""
    if card_button:
        return _("the station must make a new key (a laptop set up anew makes one; so does the station's own laptop "
                 "when its key files in the folder station of its data directory are moved away) and send its new "
                 "card (“{button}”), whose fingerprint it reads out on the phone.").format(button=card_button)
    return _("the station must make a new key (a laptop set up anew makes one; so does the station's own laptop "
             "when its key files in the folder station of its data directory are moved away) and send its new "
             "card (`station export -o FILE`), whose fingerprint it reads out on the phone.")


def withdrawn_key_refusal(card: dict, said: dict, card_button: str = "") -> str:
    """Why ``card``'s key is not trusted: its trust was withdrawn here (``said``), and it never is again; in the
    window naming ``card_button`` (``new_key_advice``)."""
    return _("Trust in this key of station {station} (fingerprint {fingerprint}) was withdrawn here on {date} "
             "({reason}); a withdrawn key is not trusted again, since whoever has the lost laptop has the key too. "
             "To be trusted again, {advice}").format(
        station=station_label(card.get("name"), card["fingerprint"]), fingerprint=card["fingerprint"],
        date=str(said.get("at") or "")[:10], reason=said.get("reason") or _("no reason was given"),
        advice=new_key_advice(card_button))


def earlier_withdrawal_text(said: dict) -> str:
    """What the trust of a station's new key says of the withdrawal of an earlier key of the station."""
    return _("Trust in an earlier key of this station (fingerprint {fingerprint}) was withdrawn here on {date} "
             "({reason}); that key stays refused.").format(
        fingerprint=said.get("fingerprint") or "", date=str(said.get("at") or "")[:10],
        reason=said.get("reason") or _("no reason was given"))


def withdrawn_station_named(db: Database, name_or_id: str) -> tuple[Station, dict] | None:
    """The station whose key was withdrawn here that ``name_or_id`` names (its id or name), with its withdrawal,
    when no station trusted now has that name or id: for saying why a hand-out for it is refused."""
    text = name_or_id.strip()
    if any(text in (s.id, s.name) for s in trusted_stations(db)):
        return None
    for station in _all_stations(db):
        said = withdrawal(db, station) if station.role == "trusted" and text in (station.id, station.name) else None
        if said is not None:
            return station, said
    return None


def withdrawal(db: Database, station: Station) -> dict | None:
    """When and why trust in ``station``'s present key was withdrawn here ({"fingerprint", "at", "by", "reason"}),
    or None when it was not (or the station was trusted again since, or with another key)."""
    text = get_setting(db, _WITHDRAWN + station.id)
    try:
        found = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(found, dict) or found.get("sign_key") != station.sign_key:
        return None
    return found


def trusted_stations(db: Database) -> list[Station]:
    """The stations headquarters trusts now (their key not withdrawn), by name: the ones its pickers offer."""
    return [s for s in _all_stations(db) if s.role == "trusted" and withdrawal(db, s) is None]


def withdrawal_text(station: Station, said: dict, window: bool = False) -> str:
    """Why a bundle signed with a withdrawn key is refused, and what the station does to be trusted again (a new
    key, its new card trusted: in the ``window`` with the exchange page's 信任站点… button)."""
    reason = said.get("reason") or _("no reason was given")
    text = _("trust in the key of station {station} (fingerprint {fingerprint}) was withdrawn here on {date} "
             "({reason}), and a withdrawn key is not trusted again. The station must make a new key (a laptop set "
             "up anew makes one) and send its new card, which is trusted with “{button}”.") if window else _(
        "trust in the key of station {station} (fingerprint {fingerprint}) was withdrawn here on {date} "
        "({reason}), and a withdrawn key is not trusted again: {advice}")
    return text.format(station=station_label(station.name, station.fingerprint), fingerprint=station.fingerprint,
                       date=str(said.get("at") or "")[:10], reason=reason, button=_("Trust a station…"),
                       advice=new_key_advice())


def withdrawn_ids(db: Database) -> set[str]:
    """The ids of the stations whose present key is withdrawn here."""
    return {s.id for s in _all_stations(db) if withdrawal(db, s) is not None}


def untrust_station(db: Database, name_or_id: str, reason: str = "", actor: str | None = None) -> tuple[Station, dict]:
    """Headquarters withdraws its trust in a station's key (a lost or replaced laptop): bundles signed with it are
    refused from then on, and the key is never trusted again (the station makes a new key); the station's records
    merged before are kept. Audited. ``name_or_id``: the station's id, its name, or its name as pickers show it (with the first
    group of its fingerprint when two share the name); refused, naming each, when several trusted stations have
    the name."""
    from workstation import audit

    stations = trusted_stations(db)
    text = name_or_id.strip()
    labels = distinct_labels(stations)
    found = [s for s in stations if text == s.id] or \
        [s for s in stations if text in (s.name, station_label(s.name, s.fingerprint), labels[s.id])]
    if not found:
        gone = [s for s in _all_stations(db) if s.role == "trusted" and text in (s.id, s.name)]
        if gone:
            said = withdrawal(db, gone[0])
            raise WorkstationError(_("Trust in the key of station {station} (fingerprint {fingerprint}) was already "
                                     "withdrawn on {date}.").format(station=station_label(gone[0].name),
                                                                    fingerprint=gone[0].fingerprint,
                                                                    date=str(said["at"])[:10]))
        raise WorkstationError(_("No station trusted here is {name}: give the name or id of one of the stations "
                                 "`station list` shows as trusted.").format(name=text))
    if len(found) > 1:
        raise WorkstationError(_("Several stations trusted here are named {name}: give the id of the one whose key "
                                 "is withdrawn ({stations}).").format(
            name=text, stations="；".join(f"{labels[s.id]} {s.id}" for s in found)))
    station = found[0]
    record = {"sign_key": station.sign_key, "fingerprint": station.fingerprint, "at": now(),
              "by": actor or audit.current_actor(), "reason": reason.strip()}
    earlier = [r for sid, r in _withdrawn_keys(db) if sid == station.id and r.get("sign_key") != station.sign_key]
    if earlier:  # the station's keys withdrawn before stay refused (``key_withdrawn``)
        record["earlier"] = [{k: v for k, v in r.items() if k != "earlier"} for r in earlier]
    before = fetch_dict(db, "SELECT * FROM stations WHERE id = ?", [station.id])
    with db.atomic():
        set_setting(db, _WITHDRAWN + station.id, json.dumps(record, ensure_ascii=False))
        audit.append(db, "untrust", "station", station.id, before,
                     {**before, "withdrawn_at": record["at"], "withdrawn_reason": record["reason"]}, actor)
    return station, record


def distinct_labels(stations: list[Station], unnamed_fingerprint: bool = True) -> dict[str, str]:
    """Each station's name as pickers and lists show it (``station_label``, an unnamed one with the start of its
    fingerprint unless ``unnamed_fingerprint`` is false), with the first group of its key's fingerprint beside it
    where two of ``stations`` would read the same — 南海区局（指纹 8FF7）."""
    plain = {s.id: station_label(s.name, s.fingerprint if unnamed_fingerprint else "") for s in stations}
    counts: dict[str, int] = {}
    for label in plain.values():
        counts[label] = counts.get(label, 0) + 1
    return {s.id: _("{name} (fingerprint {start})").format(name=plain[s.id], start=s.fingerprint.split()[0])
            if counts[plain[s.id]] > 1 else plain[s.id] for s in stations}


def same_station_trusted(db: Database, card: dict) -> list[Station]:
    """The other stations trusted here (key not withdrawn) with the name and agency of ``card``: a replaced laptop's
    old key, most likely, which headquarters is offered to withdraw when it trusts the new card."""
    agency = _agency_id(db, card["agency_code"])
    return [s for s in _all_stations(db) if s.role == "trusted" and s.id != card["id"] and s.name == card["name"]
            and s.agency_id == agency and withdrawal(db, s) is None]


def _station_referenced(db: Database, station_id: str) -> bool:
    """Whether a record here refers to the station ``station_id`` (the bundles imported from it, its audit log as
    far as received: every table with a foreign key to ``stations``)."""
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for reference in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
            if reference[2] == "stations" and reference[4] in (None, "id") and db.execute(
                    f'SELECT 1 FROM "{table}" WHERE "{reference[3]}" = ? LIMIT 1', [station_id]).fetchone():
                return True
    return False


def same_fingerprint(first: str, second: str) -> bool:
    """Whether two key fingerprints are the same, however spaced or cased (as read out, or typed)."""
    def normal(text: str) -> str:
        return "".join(ch for ch in str(text or "").upper() if ch.isalnum())

    return bool(normal(first)) and normal(first) == normal(second)


def set_headquarters(db: Database, card: dict, *, fingerprint: str = "", confirmed: bool = False) -> Station:
    """The headquarters this laptop's bundles are encrypted to (its card's encryption key). The card of the same
    headquarters taken again, or with a new key (its id the same, its fingerprint another), updates it in place: what
    was received from it (its bundles imported, its audit log as far as received) stays its own. The card of another
    headquarters replaces one no bundle was taken from, and is refused once one was (those records are of it). A
    card whose key is not the one set already replaces it only when ``fingerprint`` — the one the officer typed, as
    headquarters read it out (`station headquarters FILE --fingerprint`) — is the card's (``same_fingerprint``: the
    card never vouches for itself), or when ``confirmed`` (the window asked the officer, showing both fingerprints):
    a card carrying headquarters' id but another key is never taken unasked."""
    from workstation import audit
    from workstation.fullwidth import tidy_spaces

    if not card["box_key"]:
        raise WorkstationError(_("This station card has no encryption key."))
    own = this_station(db)
    if own is not None and own.id == card["id"]:
        raise WorkstationError(_("This is this station's own card: choose the card of headquarters."))
    with db.atomic():
        before = fetch_dict(db, "SELECT * FROM stations WHERE role = 'hq'")
        if before is not None and before["id"] != card["id"]:
            if _station_referenced(db, before["id"]):
                raise WorkstationError(tidy_spaces(_(
                    "This station has taken bundles of headquarters {old} (fingerprint {old_fingerprint}); the card "
                    "of {new} (fingerprint {new_fingerprint}) is of another station, not a new key of that "
                    "headquarters, and cannot take its place. Check that the card is headquarters' own: "
                    "headquarters writes it with `station export -o FILE`.").format(
                    old=station_label(before["name"], before["fingerprint"]), old_fingerprint=before["fingerprint"],
                    new=station_label(card["name"], card["fingerprint"]), new_fingerprint=card["fingerprint"])))
        if before is not None and not same_fingerprint(before["fingerprint"], card["fingerprint"]) \
                and not confirmed and not same_fingerprint(fingerprint, card["fingerprint"]):
            raise WorkstationError(tidy_spaces(_(
                "A different key is already set here for headquarters {old} (fingerprint {old_fingerprint}); this card "
                "of {new} carries another key (fingerprint {new_fingerprint}). Bundles would from then on be "
                "encrypted to that key, readable only by whoever holds it: take it only when headquarters has told "
                "you it has a new key, and give the fingerprint headquarters reads out with --fingerprint. Nothing "
                "was changed.").format(old=station_label(before["name"]), old_fingerprint=before["fingerprint"],
                                       new=station_label(card["name"]), new_fingerprint=card["fingerprint"])))
        if before is not None and before["id"] != card["id"]:
            db.execute("DELETE FROM stations WHERE id = ?", [before["id"]])
        db.execute(
            "INSERT INTO stations (id, name, agency_id, sign_key, box_key, fingerprint, role, trusted_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'hq', ?, ?) ON CONFLICT(id) DO UPDATE SET role = 'hq', "
            "box_key = excluded.box_key, sign_key = excluded.sign_key, fingerprint = excluded.fingerprint, "
            "name = excluded.name, agency_id = COALESCE(excluded.agency_id, stations.agency_id), "
            "updated_at = excluded.updated_at",
            [card["id"], card["name"], _agency_id(db, card["agency_code"]), card["sign_key"], card["box_key"],
             card["fingerprint"], now(), now()])
        after = fetch_dict(db, "SELECT * FROM stations WHERE id = ?", [card["id"]])
        audit.append(db, "set_headquarters", "station", card["id"], before, after)
    return _station(after)


def headquarters(db: Database) -> Station | None:
    row = fetch_dict(db, "SELECT * FROM stations WHERE role = 'hq'")
    return _station(row) if row else None


def known_station(db: Database, station_id: str) -> Station | None:
    row = fetch_dict(db, "SELECT * FROM stations WHERE id = ?", [station_id])
    return _station(row) if row else None


def station_named(db: Database, name_or_id: str) -> str:
    """The id of the station known here as ``name_or_id`` (its id, or its name: 顺德区局); a ValidationError under
    "--station" when no station, or more than one, has it."""
    from workstation.errors import ValidationError

    text = name_or_id.strip()
    if known_station(db, text) is not None:
        return text
    ids = [r[0] for r in db.execute("SELECT id FROM stations WHERE name = ? ORDER BY id", [text])]
    if len(ids) > 1:  # a replaced laptop's withdrawn key does not make its name ambiguous
        withdrawn = withdrawn_ids(db)
        ids = [i for i in ids if i not in withdrawn] or ids
    if len(ids) == 1:
        return ids[0]
    if ids:
        raise ValidationError({"--station": _("Several stations are named “{name}”: give the id of one of them "
                                              "({ids}).").format(name=text, ids="、".join(ids))})
    raise ValidationError({"--station": _("No station “{id}” is known here; `station list` shows the stations.")
                          .format(id=text)})


def _all_stations(db: Database) -> list[Station]:
    return [_station(r) for r in fetch_dicts(db, "SELECT * FROM stations ORDER BY role = 'self' DESC, name, "
                                                 "trusted_at DESC")]


def list_stations(db: Database) -> list[Station]:
    """The stations known here: this one first, then by name (the one trusted last first), those whose key was
    withdrawn last."""
    stations = _all_stations(db)
    withdrawn = {s.id for s in stations if withdrawal(db, s) is not None}
    return [s for s in stations if s.id not in withdrawn] + [s for s in stations if s.id in withdrawn]
