"""Characters a document would print as blank boxes: those no installed face has (``FontSet.uncovered``, after
every style's face and the coverage faces of candidates.toml, the per-character fallback the PDF writer draws
with), each named with its code point and the field it was written in. Issuing refuses such a document before
its 文号 is taken; a draft is still written, with a warning saying the same (the command line on stderr, the
editor above its preview). The DOCX is not checked: Word falls back to a face that has the character itself."""

from __future__ import annotations

import os
from dataclasses import dataclass

from workstation.documents.blocks import Document
from workstation.documents.fonts import FontSet, resolve_fonts, user_font_dir
from workstation.errors import WorkstationError, join_reasons
from workstation.formkit.spec import FormSpec
from workstation.i18n import _, join_names
from workstation.paths import resolve_data_dir


@dataclass(frozen=True)
class MissingGlyphs:
    """The characters of one field (its label) that no installed face has, in the order written."""

    label: str
    chars: str

    def named(self) -> str:
        """The characters as an officer reads them: “𠮷”（U+20BB7）, one after the other."""
        return join_names(_("“{char}” (U+{code:04X})").format(char=c, code=ord(c)) for c in self.chars)


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
    """The characters of ``texts`` ((label, text) of each field) that no installed face has, by field; those of
    ``rest`` (the document's printed text besides its fields: the agency's name, the case number) not found in a
    field are named under ``rest_label``. [] when every character has a glyph."""
    fonts = fonts or resolve_fonts()
    found: list[MissingGlyphs] = []
    seen: set[str] = set()
    for label, text in texts:
        chars = fonts.uncovered(text)
        if chars:
            found.append(MissingGlyphs(label, chars))
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
    found = [MissingGlyphs(m.label, "".join(c for c in m.chars if c in printed)) for m in found]
    return [m for m in found if m.chars]


def _advice(data_dir: str | os.PathLike | None) -> str:
    return _("Install a font that has it: copy its font file (for rare characters simsunb.ttf from a Windows "
             "computer, or HanaMinB.ttf) into {folder}, or install the package fonts-hanazono. Or write the "
             "character as the public security (公安) household register writes it, or write a common character "
             "instead and note the rare one (生僻字) beside it.").format(
        folder=user_font_dir(resolve_data_dir(data_dir)))


def refuse_missing_glyphs(missing: list[MissingGlyphs], data_dir: str | os.PathLike | None) -> None:
    """Raise the WorkstationError refusing to issue a document with the characters of ``missing``, naming each
    field with its characters in the message itself (the window shows a refusal without field names)."""
    if missing:
        advice = _advice(data_dir)
        raise WorkstationError(join_reasons(
            _("{field}: {chars} has no glyph in any installed font and would print as a blank box, so the document "
              "cannot be issued (no 文号 was taken). {advice}").format(field=item.label, chars=item.named(),
                                                                       advice=advice) for item in missing))


def draft_warnings(missing: list[MissingGlyphs], data_dir: str | os.PathLike | None) -> list[str]:
    """One warning per field for a draft (written all the same) printing the characters of ``missing``."""
    advice = _advice(data_dir)
    return [_("{field}: {chars} has no glyph in any installed font and prints as a blank box in this draft; the "
              "document cannot be issued like this. {advice}").format(field=item.label, chars=item.named(),
                                                                       advice=advice)
            for item in missing]
