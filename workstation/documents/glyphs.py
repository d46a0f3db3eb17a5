"""Characters a document would print as blank boxes: those no installed face has (``FontSet.uncovered``, after
every style's face and the coverage faces of candidates.toml, the per-character fallback the PDF writer draws
with), each named with its code point and the field it was written in. Issuing refuses such a document before
its 文号 is taken; a draft is still written, with a warning saying the same (the command line on stderr, the
editor above its preview). The DOCX is not checked: Word falls back to a face that has the character itself. An
emoji is named the same, with the advice to delete it rather than to find a font. What no face draws and yet is no
character — tabs, Word's manual line breaks, control characters pasted with a text — is made printable before a
document is composed (``printable``), and what shows nothing where it was pasted (a soft hyphen, zero-width spaces,
variation selectors) is left out of both writers. An emoji or pictograph an officer typed or pasted into a field
(``pictograph``) is refused and warned of the same way even where a face draws it (DejaVu Sans has 😀 ☺ ✂): a
公文 prints none; the symbols the forms print themselves and those a 公文 writes (☑ □ ○ ● ※ × √ ★ ℃ ①) are no
pictographs, and only the fields' texts are checked for them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

from workstation.documents.blocks import Document, Paragraph, Table
from workstation.documents.fonts import FontSet, resolve_fonts, user_font_dir
from workstation.errors import WorkstationError, join_reasons
from workstation.formkit.spec import FormSpec
from workstation.i18n import _, join_names
from workstation.paths import resolve_data_dir

#: what text pasted from Word, WPS or WeChat may hold besides characters: Word's manual line break (U+000B), its page
#: and column breaks, the Unicode line and paragraph separators — each a new line, as the officer saw it; a tab — a
#: full-width space, as a 公文 spaces; and other control characters (Word's cell mark U+0007, NUL, a stray surrogate
#: or noncharacter), which show nothing where they were typed. No face draws any of them (the PDF printed a blank box
#: for a tab, and no warning, since a control character is not a character to be found a font for) and a DOCX cannot
#: hold them (XML 1.0 refuses them: the document was not written at all).
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: what text pasted from Word or a web page may hold that shows nothing where it was typed: Word's soft hyphen (U+00AD,
#: which a face draws as a hyphen: 葛氏贸易-有限公司), zero-width spaces, joiners and direction marks (U+200B–U+200F),
#: the word joiner and the byte-order mark, and the variation selectors — an ideograph's (U+E0100–U+E01EF: 葛 with one
#: printed a blank box, and issuing was refused asking for a font no one has) and the standardized ones (U+FE00–U+FE0F),
#: which only an emoji keeps, as its joiner U+200D (``_invisible``: the emoji is still refused, ``pictograph``)
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_EMOJI_KEEPS = frozenset("\u200d" + "".join(map(chr, range(0xFE00, 0xFE10))))
_SPECIAL = re.compile(f"{_LINE_BREAK.pattern}|\t|{_UNPRINTABLE.pattern}|{_INVISIBLE.pattern}")


def _invisible(text: str) -> str:
    """``text`` without the characters that show nothing (``_INVISIBLE``) but the joiner and variation selector of an
    emoji (right after it: ❤️, 👨‍👩)."""
    def kept(match: re.Match) -> str:
        char, at = match.group(), match.start()
        return char if char in _EMOJI_KEEPS and at and pictograph(text[at - 1]) else ""

    return _INVISIBLE.sub(kept, text)


def printable(text: str) -> str:
    """``text`` as both writers print it: line and paragraph breaks of every kind as new lines, tabs as full-width
    spaces, other control characters and the characters that show nothing left out (``_LINE_BREAK``,
    ``_UNPRINTABLE``, ``_INVISIBLE``)."""
    if not _SPECIAL.search(text):
        return text
    return _invisible(_UNPRINTABLE.sub("", _LINE_BREAK.sub("\n", text).replace("\t", "\u3000")))


def printable_document(document: Document) -> Document:
    """``document`` with the text of its paragraphs, cells, title and footer made ``printable``, as the PDF writer
    draws it: a document not composed from a form (the deadline board's handout) holds its data's texts as they came,
    and no face draws a tab or a control character (the DOCX writer writes a tab as Word's, ``xml_text``); a form's
    document, whose values were made printable before it was composed, is returned as it is."""
    if not _SPECIAL.search("\n".join((document.title, document.text, document.footer or ""))):
        return document

    def paragraph(p: Paragraph) -> Paragraph:
        return replace(p, runs=tuple(replace(run, text=printable(run.text)) for run in p.runs))

    def block(b):
        if isinstance(b, Paragraph):
            return paragraph(b)
        if isinstance(b, Table):
            return replace(b, rows=tuple(replace(row, cells=tuple(
                replace(cell, paragraphs=tuple(map(paragraph, cell.paragraphs))) for cell in row.cells))
                for row in b.rows))
        return b

    return replace(document, title=printable(document.title), blocks=tuple(map(block, document.blocks)),
                   footer=printable(document.footer) if document.footer else document.footer)


#: the control characters XML 1.0 refuses that stand for a break (Word's manual line break, page and column breaks)
_XML_BREAK = re.compile("[\x0b\x0c\x1c-\x1e]")


def xml_text(text: str) -> str:
    """``text`` as a DOCX can hold it: the breaks XML refuses (``_XML_BREAK``) as new lines, other control characters
    (``_UNPRINTABLE``) and the characters that show nothing (``_INVISIBLE``, as the PDF) left out; tabs and new lines
    kept, which the DOCX writer writes as w:tab and w:br."""
    if not _SPECIAL.search(text):
        return text
    return _invisible(_UNPRINTABLE.sub("", _XML_BREAK.sub("\n", text)))


def printable_values(value):
    """``value`` (a form's values: texts, lists and tables of them) with each text made ``printable``."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {key: printable_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(printable_values(item) for item in value)
    return value


@dataclass(frozen=True)
class MissingGlyphs:
    """The characters of one field (its label) that no installed face has (``chars``), and the emoji and
    pictographs in it that a face would draw (``emoji``: no 公文 prints them), each in the order written."""

    label: str
    chars: str
    emoji: str = ""

    def named(self, chars: str | None = None) -> str:
        """The characters (``chars``, by default those no face has) as an officer reads them: “𠮷”（U+20BB7）, one
        after the other."""
        return join_names(_("“{char}” (U+{code:04X})").format(char=c, code=ord(c))
                          for c in (self.chars if chars is None else chars))


def _flat(value) -> str:
    """Every text a value holds (a list of questions and answers, a table's rows), one after the other."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "\n".join(_flat(v) for v in value.values())
    if isinstance(value, list | tuple):
        return "\n".join(_flat(v) for v in value)
    return ""


def field_texts(form: FormSpec, values: dict) -> tuple[tuple[str, str], ...]:
    """(label, text) of every field of ``form`` holding text in ``values``, in the form's order."""
    out = []
    for spec in form.fields:
        text = _flat(values.get(spec.name))
        if text:
            out.append((spec.label, text))
    return tuple(out)


def missing_glyphs(texts: tuple[tuple[str, str], ...], rest: str = "", rest_label: str = "",
                   fonts: FontSet | None = None) -> list[MissingGlyphs]:
    """The characters of ``texts`` ((label, text) of each field) that no installed face has, and the emoji and
    pictographs in them that a face has (``pictograph``), by field; those of ``rest`` (the document's printed text
    besides its fields: the agency's name, the case number, the form's own text and tick boxes) that no face has and
    are not found in a field are named under ``rest_label``. [] when every character has a glyph and no field holds
    an emoji."""
    fonts = fonts or resolve_fonts()
    found: list[MissingGlyphs] = []
    seen: set[str] = set()
    for label, text in texts:
        chars = fonts.uncovered(text)
        emoji = "".join(c for c in dict.fromkeys(text) if c not in chars and pictograph(c))
        if chars or emoji:
            found.append(MissingGlyphs(label, chars, emoji))
            seen.update(chars)
    left = "".join(c for c in fonts.uncovered(rest) if c not in seen)
    if left:
        found.append(MissingGlyphs(rest_label, left))
    return found


def document_missing_glyphs(document: Document, fonts: FontSet | None = None) -> list[MissingGlyphs]:
    """The characters the composed ``document`` would print as blank boxes, by the field they are in
    (``Document.fields``; the document's title for text outside its fields: the agency's name, the case number)."""
    printed = "\n".join((document.title, document.text, document.footer or ""))
    found = missing_glyphs(document.fields, printed, document.title, fonts)
    # a field the document does not print (its condition false) prints no blank box
    found = [MissingGlyphs(m.label, "".join(c for c in m.chars if c in printed),
                           "".join(c for c in m.emoji if c in printed)) for m in found]
    return [m for m in found if m.chars or m.emoji]


#: the symbols of the emoji blocks that a 公文 writes as symbols, not pictographs: the ballot boxes a form ticks
#: (☐ ☑ ☒), check and cross marks (✓ ✔ ✕ ✖ ✗ ✘), stars (★ ☆), the dingbat numbers (❶ ➀ ➊ …) and arrows (➔ ➜ ➤ …)
#: but for those an emoji keyboard gives (➕ ➖ ➗ ➡ ➰ ➿)
_NOT_PICTOGRAPHS = frozenset("☐☑☒✓✔✕✖✗✘★☆♂♀☎☏✉" + "".join(map(chr, range(0x2776, 0x27C0)))) - frozenset("➕➖➗➡➰➿")
#: emoji outside the emoji blocks: ⌚ ⌛ ⏩-⏬ ⏰ ⏳ ◽ ◾ ⬛ ⬜ ⭐ ⭕, and what joins or marks a pasted emoji (the zero-width
#: joiner of 👨‍👩‍👧, the emoji variation selector, the keycap of 1️⃣)
_EMOJI_ELSEWHERE = frozenset("⌚⌛⏩⏪⏫⏬⏰⏳◽◾⬛⬜⭐⭕\u200d\ufe0f\u20e3")


def pictograph(char: str) -> bool:
    """Whether ``char`` is an emoji or another pictograph (with its skin-tone modifiers and flag letters), not a
    character of a name or an address nor a symbol a 公文 writes (``_NOT_PICTOGRAPHS``: tick boxes, ♂ ♀ of a sex, ☎ ✉
    before a number or an address; □ ○ ● ※ × √ ℃ № ① lie
    outside the emoji blocks): what a text pasted from WeChat holds, which no 公文 prints."""
    code = ord(char)
    if char in _NOT_PICTOGRAPHS:
        return False
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or char in _EMOJI_ELSEWHERE


def _advice(data_dir: str | os.PathLike | None, chars: str = "") -> str:
    """What to do about ``chars``: find a font for a rare character; delete an emoji (no font of an official
    document has one, and it is no word of it); both when ``chars`` holds both."""
    advice = []
    if not chars or not all(map(pictograph, chars)):
        advice.append(_("Install a font that has it: copy its font file (for rare characters simsunb.ttf from a "
                        "Windows computer, or HanaMinB.ttf) into {folder}, or install the package fonts-hanazono. Or "
                        "write the character as the public security (公安) household register writes it, or write a "
                        "common character instead and note the rare one (生僻字) beside it.").format(
            folder=user_font_dir(resolve_data_dir(data_dir))))
    if any(map(pictograph, chars)):
        advice.append(_("An emoji or pictograph (pasted from WeChat and the like) is not printed in an official "
                        "document: delete it, or write in words what it stood for."))
    return " ".join(advice)


def refuse_missing_glyphs(missing: list[MissingGlyphs], data_dir: str | os.PathLike | None) -> None:
    """Raise the WorkstationError refusing to issue a document with the characters of ``missing`` (those no face
    has, and emoji a face has), naming each field with its characters in the message itself (the window shows a
    refusal without field names)."""
    reasons = by_field(missing, data_dir,
                       _("{field}: {chars} has no glyph in any installed font and would print as a blank box, so "
                         "the document cannot be issued (no 文号 was taken). {advice}"),
                       _("{field}: {chars} is an emoji or pictograph, so the document cannot be issued (no "
                         "文号 was taken). {advice}"))
    if reasons:
        raise WorkstationError(join_reasons(reasons))


def draft_warnings(missing: list[MissingGlyphs], data_dir: str | os.PathLike | None) -> list[str]:
    """One warning per field for a draft (written all the same) printing the characters of ``missing``: those no
    face has (blank boxes), and apart the emoji a face draws."""
    return by_field(missing, data_dir,
                    _("{field}: {chars} has no glyph in any installed font and prints as a blank box in this "
                      "draft; the document cannot be issued like this. {advice}"),
                    _("{field}: {chars} is an emoji or pictograph; the document cannot be issued like "
                      "this. {advice}"))


def by_field(missing: list[MissingGlyphs], data_dir: str | os.PathLike | None, no_glyph: str,
             emoji: str) -> list[str]:
    """For each field of ``missing``, ``no_glyph`` naming its characters no face has and ``emoji`` naming its emoji
    (each with ``{field}``, ``{chars}`` and ``{advice}``), when it has them."""
    said = []
    for item in missing:
        for chars, message in ((item.chars, no_glyph), (item.emoji, emoji)):
            if chars:
                said.append(message.format(field=item.label, chars=item.named(chars),
                                           advice=_advice(data_dir, chars)))
    return said
