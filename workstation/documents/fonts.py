"""The Chinese fonts of the PDF writer: which TrueType face serves each style (宋体 song, 仿宋 fangsong, 黑体 hei,
楷体 kai, and 小标宋 title, which sets the titles in the song face when no 小标宋 face is installed), found in the order of ``resources/fonts/candidates.toml`` (Windows fonts, the user font folder
``<data dir>/fonts/``, Debian's packages) and registered with reportlab once per process, each face when it is
first drawn or measured (resolving reads only the faces' names: parsing a Chinese face takes 50-70 ms, and most
documents use one or two of the four); and per-character coverage, so that a character a face lacks is drawn from
a face that has it instead of as an empty box."""

from __future__ import annotations

import logging
import mmap
import os
import struct
import threading
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from workstation import i18n
from workstation.errors import WorkstationError, join_sentences
from workstation.i18n import N_, _
from workstation.paths import resolve_data_dir, resource

if TYPE_CHECKING:
    from reportlab.pdfbase.ttfonts import TTFontFile

LOG = logging.getLogger("workstation.fonts")
STYLES = ("song", "fangsong", "hei", "kai", "title")
STYLE_LABELS = {"song": N_("Song"), "fangsong": N_("FangSong"), "hei": N_("Hei"), "kai": N_("Kai"),
                "title": N_("XiaoBiaoSong")}
#: the boxes a form ticks (``formkit.template``: ☑ ticked, □ empty) and their kin: drawn from one face, the first
#: that has both ☑ and □ (``_BOX_PAIR``), so that a ticked box and an empty one match in size and weight (AR PL
#: UMing has □ and not ☑, which came from DejaVu Sans beside it)
_BOXES = frozenset("☐☑☒□")
_BOX_PAIR = frozenset("☑□")
SOURCES = ("windows", "user", "debian")
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


def _parse_errors() -> tuple[type[BaseException], ...]:
    """What a damaged font file makes reportlab's parser raise besides its own TTFError. reportlab is imported only
    here and where a face is parsed or registered, i.e. when a document is drawn or measured: a case's workspace
    imports this module (through the documents it lists) and need not load reportlab's ~40 ms of modules."""
    from reportlab.pdfbase.ttfonts import TTFError

    return TTFError, OSError, struct.error, ValueError, IndexError, KeyError


class FontError(WorkstationError):
    """No usable face is left for a style: every candidate font file is missing, unreadable or refused."""


@dataclass(frozen=True)
class Face:
    """The face serving one style: its reportlab name, family, file, subfont and where it was found."""

    style: str
    name: str
    family: str
    path: Path
    index: int
    source: str
    fallback: bool


@dataclass(frozen=True)
class _Probed:
    name: str
    family: str
    key: tuple = field(repr=False)


@dataclass(frozen=True)
class _Loaded:
    name: str
    family: str
    chars: frozenset[str]


@dataclass(frozen=True)
class _Refusal:
    kind: str
    detail: str = ""

    def reason(self) -> str:
        if self.kind == "cff":
            return _("it has PostScript (CFF) outlines, which a PDF cannot embed; use a TrueType (.ttf/.ttc) "
                     "font instead")
        if self.kind == "restricted":
            return _("its licence does not allow embedding it in a PDF; use another font")
        return _("it is damaged or not a TrueType font ({detail}); replace it with a working copy or "
                 "remove it").format(detail=self.detail)


@cache
def font_spec() -> dict:
    """The candidate faces per style, from ``resources/fonts/candidates.toml``."""
    with resource("fonts", "candidates.toml").open("rb") as fh:
        return tomllib.load(fh)


def user_font_dir(data_dir: Path) -> Path:
    """The folder where users put font files of their own (e.g. simfang.ttf from a Windows machine)."""
    return data_dir / "fonts"


def windows_font_dirs() -> list[Path]:
    """The Windows font folders present: ``%WINDIR%\\Fonts`` and the mounted copies candidates.toml names."""
    dirs = [Path(os.environ["WINDIR"]) / "Fonts"] if os.environ.get("WINDIR") else []
    dirs += [Path(folder) for folder in font_spec()["windows_folders"]]
    return [folder for folder in dirs if folder.is_dir()]


# ---- loading and registering faces: once per process for a file, subfont and file version. Resolving a style
# probes its candidates (names and embedding rights, from the header tables) and reserves the face's reportlab
# name; the face is parsed and registered under that name when a document first needs its characters.

_LOCK = threading.RLock()
# The faces registered with reportlab are shared by every thread, and reportlab reads a face's file through one
# cursor of its own while it embeds the glyphs a PDF uses: two PDFs made at once (the editor's preview on its
# thread beside an issue on the window's) would read each other's glyphs, failing with a KeyError or embedding
# wrong outlines. Every PDF drawn with these faces holds this lock from its canvas to its saved bytes.
DRAWING_LOCK = threading.RLock()
_PROBED: dict[tuple, _Probed | _Refusal] = {}
_LOADED: dict[tuple, _Loaded] = {}
_FAMILIES: dict[tuple, list[str] | _Refusal] = {}
_FONTSETS: dict[tuple, FontSet] = {}


def _file_key(path: Path, index: int) -> tuple:
    stat = path.stat()
    return str(path), index, stat.st_size, stat.st_mtime_ns


def _refusal(exc: Exception) -> _Refusal:
    text = str(exc)
    if "postscript outlines" in text.lower():
        return _Refusal("cff")
    if "does not allow subsetting/embedding" in text:
        return _Refusal("restricted")
    return _Refusal("damaged", text or type(exc).__name__)


def _text(name: bytes) -> str:
    return getattr(name, "ustr", None) or bytes(name).decode("latin-1")


def _norm(family: str) -> str:
    return "".join(family.split()).casefold()


def _header(path: Path, index: int) -> TTFontFile:
    """reportlab's parse of the header tables of ``path``/``index`` (names, metrics, embedding rights), without
    its character map; the file is mapped, not read, as a Chinese collection is 17-21 MB."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    with open(path, "rb") as fh:
        try:
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # an empty file, or a file system that cannot map
            return TTFontFile(str(path), charInfo=0, subfontIndex=index)
    try:
        return TTFontFile(_MappedFile(str(path), mapped), charInfo=0, subfontIndex=index)
    finally:
        mapped.close()


@dataclass(frozen=True)
class _MappedFile:
    """A mapped font file as reportlab's parser reads a file object: its name and its bytes."""

    name: str
    data: mmap.mmap

    def read(self) -> mmap.mmap:
        return self.data


def _load(path: Path, index: int) -> _Probed | _Refusal:
    """The face at ``path``/``index`` probed and its reportlab name reserved (cached), or why it cannot be used;
    ``_charset`` parses and registers it."""
    try:
        key = _file_key(path, index)
    except OSError as exc:
        return _Refusal("damaged", exc.strerror or str(exc))
    with _LOCK:
        if key not in _PROBED:
            _PROBED[key] = _probe(path, index, key)
        return _PROBED[key]


def _probe(path: Path, index: int, key: tuple) -> _Probed | _Refusal:
    try:
        header = _header(path, index)
    except _parse_errors() as exc:
        LOG.warning("font %s (subfont %d) refused: %s", path, index, exc)
        return _refusal(exc)
    from reportlab.pdfbase import pdfmetrics

    # the same face at another path (a user's copy of a Debian font) is registered under another name
    taken = set(pdfmetrics.getRegisteredFontNames())
    taken.update(probed.name for probed in _PROBED.values() if isinstance(probed, _Probed))
    base = _text(header.name)
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return _Probed(name, _text(header.familyName), key)


def _charset(probed: _Probed, path: Path, index: int) -> frozenset[str]:
    """The characters of a probed face, which is parsed and registered with reportlab under its reserved name on
    the first call; ``FontError`` naming the file when it turns out damaged past its header (and the file is
    skipped from then on)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _LOCK:
        loaded = _LOADED.get(probed.key)
        if loaded is None:
            try:
                font = TTFont("workstation-font", str(path), subfontIndex=index)
            except _parse_errors() as exc:
                LOG.warning("font %s (subfont %d) refused: %s", path, index, exc)
                refusal = _PROBED[probed.key] = _refusal(exc)
                _FONTSETS.clear()  # resolved again without it
                raise FontError(_("Font file {file} cannot be used: {reason}.").format(
                    file=path, reason=refusal.reason())) from exc
            font.fontName = probed.name
            pdfmetrics.registerFont(font)
            chars = frozenset(chr(code) for code, glyph in font.face.charToGlyph.items() if glyph)
            LOG.info("font %s registered from %s (subfont %d)", probed.name, path, index)
            loaded = _LOADED[probed.key] = _Loaded(probed.name, _text(font.face.familyName), chars)
        return loaded.chars


def _families(path: Path) -> list[str] | _Refusal:
    """The family name of every subfont of a font file, read without loading its character map."""
    try:
        key = _file_key(path, -1)
    except OSError as exc:
        return _Refusal("damaged", exc.strerror or str(exc))
    with _LOCK:
        if key not in _FAMILIES:
            try:
                first = _header(path, 0)
                names = [_text(first.familyName)]
                for index in range(1, getattr(first, "numSubfonts", 1)):
                    names.append(_text(_header(path, index).familyName))
                _FAMILIES[key] = names
            except _parse_errors() as exc:
                _FAMILIES[key] = _refusal(exc)
        return _FAMILIES[key]


# ---- the set of faces and per-character coverage


class Charsets(Mapping[str, frozenset[str]]):
    """Font name -> the characters its face has, for the faces of a ``FontSet``; looking a face up parses and
    registers it with reportlab (once per process), so a face no document needs is never loaded."""

    def __init__(self, sources: dict[str, tuple[_Probed, Path, int]]):
        self._sources = dict(sources)
        self._chars: dict[str, frozenset[str]] = {}

    def __getitem__(self, name: str) -> frozenset[str]:
        chars = self._chars.get(name)
        if chars is None:
            if name not in self._sources:
                raise KeyError(name)
            chars = self._chars[name] = _charset(*self._sources[name])
        return chars

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def add(self, source: tuple[_Probed, Path, int]) -> None:
        """One more face (a coverage face) under its reserved name."""
        self._sources.setdefault(source[0].name, source)

    def loaded(self) -> list[str]:
        """The names of the faces looked up so far, i.e. registered with reportlab."""
        return list(self._chars)


@dataclass(eq=False)
class FontSet:
    """The face of every style, the warnings to show, and which face draws each character.

    ``missing`` collects the characters that no face has (they are drawn, as empty boxes, from the style's
    own face); ``uncovered()`` tells them before drawing. A face is registered with reportlab when ``name()``,
    ``runs()``, ``face_for()`` or ``chars`` first needs it; ``faces`` and ``describe()`` load nothing."""

    faces: dict[str, Face]
    warnings: list[str]
    style_warnings: dict[str, str]
    chars: Charsets = field(repr=False)
    order: dict[str, tuple[str, ...]] = field(repr=False)
    coverage: list[tuple[Path, int]] = field(repr=False, default_factory=list)
    missing: set[str] = field(default_factory=set)
    #: style -> what the fonts command says of a style set in its documented stand-in's face, unwarned (titles in
    #: the song face when no 小标宋 face is installed)
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._memo: dict[str, dict[str, str | None]] = {style: {} for style in self.faces}
        self._extra: list[str] | None = None

    @property
    def skipped(self) -> list[str]:
        """The warnings of the font files skipped (damaged, not TrueType): those of ``warnings`` that are no style's
        (``style_warnings``), said wherever a style's stand-in face is, since the file put there for it is why."""
        said = set(self.style_warnings.values())
        return [warning for warning in self.warnings if warning not in said]

    def name(self, style: str) -> str:
        """The reportlab font name of ``style``'s face, registered by now."""
        name = self.faces[style].name
        self.chars[name]  # noqa: B018 - loads the face
        return name

    def face_for(self, style: str, char: str) -> str:
        """The font name to draw ``char`` with in ``style``: the style's face if it has the character, else the
        first other face that has it, else the style's face (and the character is recorded as missing)."""
        name = self._covering(style, char)
        if name is None:
            if char >= " ":
                self.missing.add(char)
            return self.faces[style].name
        return name

    def runs(self, style: str, text: str) -> list[tuple[str, str]]:
        """``text`` split into (font name, text) runs so that no character is drawn from a face lacking it."""
        own = self.faces[style].name
        if not text:
            return []
        if self.chars[own].issuperset(text) and _BOXES.isdisjoint(text):
            return [(own, text)]
        memo = self._memo[style]
        out: list[tuple[str, str]] = []
        current, start = own, 0
        for i, char in enumerate(text):
            name = memo.get(char, "") or self.face_for(style, char)
            if name != current:
                if i > start:
                    out.append((current, text[start:i]))
                current, start = name, i
        out.append((current, text[start:]))
        return out

    def uncovered(self, text: str) -> str:
        """The distinct printable characters of ``text`` that no available face has, in order."""
        style = STYLES[0]
        return "".join(c for c in dict.fromkeys(text) if c >= " " and self._covering(style, c) is None)

    def _covering(self, style: str, char: str) -> str | None:
        memo = self._memo[style]
        if char in memo:
            return memo[char]
        found = self._box_face(style, char) if char in _BOXES else None
        if found is None:
            found = next((name for name in self.order[style] if char in self.chars[name]), None)
        if found is None:
            found = next((name for name in self._extra_faces() if char in self.chars[name]), None)
        memo[char] = found
        return found

    def _box_face(self, style: str, char: str) -> str | None:
        """The face to draw the box ``char`` with: the first of ``style``'s faces, then of the coverage faces, that
        has both ☑ and □ (``_BOXES``) and ``char``; None when none has them."""
        def fits(name: str) -> bool:
            return char in self.chars[name] and _BOX_PAIR <= self.chars[name]

        found = next((name for name in self.order[style] if fits(name)), None)
        return found or next((name for name in self._extra_faces() if fits(name)), None)

    def _extra_faces(self) -> list[str]:
        # loaded on the first character no style's face has: extension-B faces are large
        if self._extra is None:
            extra = []
            for path, index in self.coverage:
                probed = _load(path, index)
                if isinstance(probed, _Refusal):
                    continue
                try:
                    _charset(probed, path, index)
                except FontError:
                    continue
                self.chars.add((probed, path, index))
                extra.append(probed.name)
            self._extra = extra
        return self._extra


class _Resolver:
    """One resolution pass: finds the candidates' files, tries them in order and collects the warnings."""

    def __init__(self, user_dir: Path, windows_dirs: list[Path]):
        self.user_dir = user_dir
        self.windows_dirs = windows_dirs
        self.skipped: list[str] = []
        self._warned: set[Path] = set()
        self._listings: dict[Path, dict[str, Path]] = {}
        self._user_fonts: list[tuple[str, Path, int]] | None = None
        self.sources: dict[str, tuple[_Probed, Path, int]] = {}

    def locate(self, candidate: dict) -> list[Path]:
        if candidate["source"] == "debian":
            path = Path(candidate["file"])
            return [path] if path.is_file() else []
        folders = self.windows_dirs if candidate["source"] == "windows" else [self.user_dir]
        key = candidate["file"].casefold()
        return [path for folder in folders if (path := self._listing(folder).get(key))]

    def _listing(self, folder: Path) -> dict[str, Path]:
        if folder not in self._listings:
            try:
                entries = {e.name.casefold(): Path(e.path) for e in os.scandir(folder) if e.is_file()}
            except OSError:
                entries = {}
            self._listings[folder] = entries
        return self._listings[folder]

    def skip(self, path: Path, refusal: _Refusal) -> None:
        if path not in self._warned:
            self._warned.add(path)
            self.skipped.append(_("Font file {file} was skipped: {reason}.").format(file=path,
                                                                                  reason=refusal.reason()))

    def user_fonts(self) -> list[tuple[str, Path, int]]:
        """(family, file, subfont) of every font file in the user folder, in file-name order."""
        if self._user_fonts is None:
            self._user_fonts = []
            for _key, path in sorted(self._listing(self.user_dir).items()):
                if path.suffix.casefold() not in FONT_SUFFIXES:
                    continue
                families = _families(path)
                if isinstance(families, _Refusal):
                    self.skip(path, families)
                    continue
                self._user_fonts += [(family, path, index) for index, family in enumerate(families)]
        return self._user_fonts

    def attempts(self, entry: dict, families: set[str]) -> Iterator[tuple[Path, int, str]]:
        """The (file, subfont, source) to try for a style, in resolution order."""
        for source in SOURCES:
            for candidate in entry["candidates"]:
                if candidate["source"] == source:
                    for path in self.locate(candidate):
                        yield path, candidate.get("index", 0), source
            if source == "user":
                for family, path, index in self.user_fonts():
                    if _norm(family) in families:
                        yield path, index, source

    def resolve_style(self, style: str) -> Face | None:
        entry = font_spec()["styles"][style]
        families = {_norm(f) for f in entry["families"]}
        for path, index, source in self.attempts(entry, families):
            probed = _load(path, index)
            if isinstance(probed, _Refusal):
                self.skip(path, probed)
                continue
            self.sources[probed.name] = (probed, path, index)
            return Face(style, probed.name, probed.family, path, index, source,
                        fallback=_norm(probed.family) not in families)
        return None

    def resolve(self) -> FontSet:
        found = {style: face for style in STYLES if (face := self.resolve_style(style))}
        if not found:
            raise FontError(self._nothing_usable())
        spec = font_spec()["styles"]
        faces: dict[str, Face] = {}
        style_warnings: dict[str, str] = {}
        notes: dict[str, str] = {}
        for style in STYLES:  # a style's stand-in (the song face of titles) comes before it
            if style in found:
                faces[style] = found[style]
                if found[style].fallback:
                    style_warnings[style] = self._fallback_warning(found[style], spec[style])
            elif stand_in := spec[style].get("stand_in"):  # documented: said by the fonts command, not warned
                faces[style] = replace(faces[stand_in], style=style, fallback=True)
                notes[style] = self._stand_in_note(faces[style], spec[style])
            else:
                donor = next(found[s] for s in (*spec[style]["borrow"], *STYLES) if s in found)
                faces[style] = replace(donor, style=style, fallback=True)
                style_warnings[style] = self._missing_warning(faces[style], spec[style])
        order = {style: tuple(dict.fromkeys(faces[s].name for s in (style, *spec[style]["borrow"], *STYLES)))
                 for style in STYLES}
        coverage = [(path, c.get("index", 0)) for c in font_spec()["coverage"]["candidates"]
                    for path in self.locate(c)]
        return FontSet(faces, [*self.skipped, *style_warnings.values()], style_warnings, Charsets(self.sources),
                       order, coverage, notes=notes)

    def _fallback_warning(self, face: Face, entry: dict) -> str:
        return _("No {style} face is installed, so {style} text uses {face} ({file}). For the official look, "
                 "copy {hint} into {folder}.").format(
            style=_(STYLE_LABELS[face.style]), face=face.family, file=face.path, hint=entry["file_hint"],
            folder=self.user_dir)

    def _stand_in_note(self, face: Face, entry: dict) -> str:
        return _("No {style} face is installed, so {style} text uses the {stand_in} face {face}, as Word does. For "
                 "the official look, copy {hint} into {folder}.").format(
            style=_(STYLE_LABELS[face.style]), stand_in=_(STYLE_LABELS[entry["stand_in"]]), face=face.family,
            hint=entry["file_hint"], folder=self.user_dir)

    def _missing_warning(self, face: Face, entry: dict) -> str:
        return _("No {style} font was found, so {style} text uses {face}. Install the package {package} or copy "
                 "{hint} into {folder}.").format(
            style=_(STYLE_LABELS[face.style]), face=face.family, package=entry["package"],
            hint=entry["file_hint"], folder=self.user_dir)

    def _nothing_usable(self) -> str:
        advice = _("Install the packages fonts-arphic-uming, fonts-arphic-ukai and fonts-wqy-microhei, or copy "
                   "TrueType fonts such as simsun.ttc and simfang.ttf into {folder}.").format(folder=self.user_dir)
        if self.skipped:
            return _("No usable Chinese font was found. {skipped} {advice}").format(
                skipped=" ".join(self.skipped), advice=advice)
        return _("No Chinese font was found. {advice}").format(advice=advice)


def _cache_key(user_dir: Path, windows_dirs: list[Path]) -> tuple:
    def snapshot(folder: Path) -> tuple:
        try:
            return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder)))
        except OSError:
            return ()

    spec = font_spec()
    debian = tuple(c["file"] for entry in spec["styles"].values() for c in entry["candidates"]
                   if c["source"] == "debian" and os.path.isfile(c["file"]))
    windows = tuple((str(folder), folder.stat().st_mtime_ns) for folder in windows_dirs)
    return id(spec), i18n.language(), str(user_dir), snapshot(user_dir), windows, debian


def resolve_fonts(data_dir: str | os.PathLike | None = None) -> FontSet:
    """The face of every style (song, fangsong, hei, kai, title), resolved in the order of candidates.toml, each
    registered with reportlab when first used; cached until the font folders change. Unusable font files are skipped with a
    warning; a style without a face of its own borrows another style's face (warned); ``FontError`` when no
    face is usable at all."""
    user_dir = user_font_dir(resolve_data_dir(data_dir))
    windows_dirs = windows_font_dirs()
    key = _cache_key(user_dir, windows_dirs)
    with _LOCK:
        if key not in _FONTSETS:
            _FONTSETS[key] = _Resolver(user_dir, windows_dirs).resolve()
        return _FONTSETS[key]


def describe(fontset: FontSet) -> list[dict]:
    """One row per style for the ``fonts`` command and the settings page; ``note`` says of a style set in its
    documented stand-in's face (titles in the song face) what ``warning`` says of another style's fallback."""
    return [{"style": style, "label": _(STYLE_LABELS[style]), "face": face.family, "name": face.name,
             "file": str(face.path), "index": face.index, "source": face.source, "fallback": face.fallback,
             "warning": fontset.style_warnings.get(style, ""), "note": fontset.notes.get(style, "")}
            for style, face in fontset.faces.items()]


def stand_in_note(fontset: FontSet, folder: Path) -> str:
    """One line for the document editor when a style the documents print in has no official face installed (仿宋
    drawn in a Song/Ming face): which style stands in with which face, and the folder the official fonts go into
    (``<data dir>/fonts``); "" when every style has a face of its own or its documented stand-in's (titles in the
    song face: ``FontSet.notes``). A font file skipped (``FontSet.skipped``: a simfang.ttf copied in but damaged) is
    said first, else the note would ask for the file that is there."""
    spec = font_spec()["styles"]
    standing = [face for face in fontset.faces.values() if face.fallback and face.style in fontset.style_warnings]
    said = list(fontset.skipped)
    if standing:
        said.append(_("No official {styles} font is installed: the preview and PDF use {faces} instead. Put the "
                      "official fonts ({hints}) in {folder}.").format(
            styles="、".join(_(STYLE_LABELS[face.style]) for face in standing),
            faces="、".join(dict.fromkeys(face.family for face in standing)),
            hints="、".join(dict.fromkeys(spec[face.style]["file_hint"] for face in standing)), folder=folder))
    return join_sentences(said)
