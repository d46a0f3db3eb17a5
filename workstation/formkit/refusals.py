"""What can be known of a document before any value is typed: whether drafting it for this case would be refused
by the case alone (``case_refusal``: the 封条 of a case whose last 实施行政强制措施决定书 decided 扣押), so that
where a document type is chosen such a form is shown greyed out with the reason; and which required fields are
still empty (``empty_required``), which a sheet printed for handwriting leaves as ruled blanks while issuing still
requires them (``handwriting_values``, ``sheet_values``; a draft refused for nothing else prints so:
``draft_values``)."""

from __future__ import annotations

from workstation.formkit.spec import FieldSpec, FormSpec
from workstation.formkit.values import _normalise, checked_values, default_values, field_errors

#: the ruled blank a text field left for handwriting prints in a paragraph (a table cell stays empty: ruled already)
BLANK = "＿" * 8
#: the lines a multi-line field left for handwriting prints in a paragraph: ruled lines to write the text on
BLANK_LINES = "\n".join(["＿" * 24] * 4)


def _refused(field: FieldSpec, value) -> bool:
    """Whether ``value`` as the case gives it cannot be taken by ``field`` (a choice the form does not offer)."""
    try:
        _normalise(field, value)
    except ValueError:
        return True
    return False


def case_refusal(form: FormSpec, context: dict[str, object]) -> str | None:
    """Why drafting ``form`` would be refused before any value is typed, by what the case gives alone: the error
    ``field_errors`` names for a field whose value drawn from the case (its ``source``) the form cannot take — the
    封条's measure 扣押 under a 扣押 decision. None when nothing drawn from the case is refused (a required field
    still empty is the officer's to write, not a refusal)."""
    values = default_values(form, context)
    _out, errors = field_errors(form, values, context)
    for field in form.fields:
        value = values.get(field.name)
        if field.name in errors and field.source and value not in (None, "") and _refused(field, value):
            return errors[field.name]
    return None


def empty_required(form: FormSpec, values: dict, context: dict | None = None) -> list[FieldSpec]:
    """The fields the document cannot be issued without (``required``, ``required_for`` the choice made, or
    ``required_if_filed`` for the case of ``context`` filed) that are empty: those a sheet for handwriting leaves
    blank."""
    return [field for field in form.fields
            if field.required_by(values, context) and str(values.get(field.name) or "").strip() == ""]


def _in_paragraph(form: FormSpec, name: str) -> bool:
    """Whether a block other than a table prints field ``name`` (a table's cell is ruled already)."""
    needle = "{" + name
    for block in form.blocks:
        if block.kind == "table":
            continue
        texts = [block.text or ""] + [item.text for item in (block.items or ())] + list(block.lines if isinstance(block.lines, tuple) else ())
        if any(needle + "}" in text or needle + "|" in text for text in texts if isinstance(text, str)):
            return True
    return False


def handwriting_values(form: FormSpec, values: dict, names) -> dict:
    """``values`` with the fields ``names`` left for handwriting: a text or an amount printed in a paragraph as a
    ruled blank (a multi-line text as ruled lines; an amount in figures and in words alike, never ¥0.00 — the
    催告书's 尚未缴纳的罚没款 of a party whose own amount is not known), a date or a time printed in a paragraph as
    one to write in (the ruled blank, which ``{name|date}`` prints as 　　　　年　　月　　日, ``{name|datetime}`` with
    　　时　　分 after it, or as the text a form gives after ``:``: ``template.left_blank``), anything else (a
    choice's boxes, a table cell) empty."""
    out = dict(values)
    for name in names:
        field = form.field(name)
        if field.type in ("text", "multiline", "money", "date", "datetime") and _in_paragraph(form, name):
            out[name] = BLANK_LINES if field.type == "multiline" else BLANK
        else:
            out[name] = None
    return out


def sheet_values(form: FormSpec, values: dict, context: dict) -> dict:
    """The values a sheet printed as they stand shows: a field in error empty, and a required field still empty
    left for handwriting (``handwriting_values``: a ruled blank in a paragraph) — issuing still needs it."""
    checked, errors = field_errors(form, values, context)
    shown = {k: (None if k in errors else v) for k, v in checked.items()}
    return handwriting_values(form, shown, [field.name for field in empty_required(form, values, context)])


def draft_values(form: FormSpec, values: dict, context: dict, blanks: list | None = None) -> dict:
    """The checked values a draft prints (``checked_values``: a wrong value refused, ValidationError naming each
    bad field by its label). Given a list ``blanks``, a draft refused for nothing but required fields still empty is
    printed as the editor's sheet for handwriting (``sheet_values``: those fields as ruled blanks), and those fields
    are added to ``blanks``, for the officer to be told that issuing still needs them."""
    if blanks is None:
        return checked_values(form, values, context)
    checked, errors = field_errors(form, values, context)
    if not errors:
        return checked
    empty = [field for field in empty_required(form, values, context) if field.name in errors]
    if set(errors) - {field.name for field in empty}:
        return checked_values(form, values, context)  # refused, naming every bad field as before
    blanks.extend(empty)
    return sheet_values(form, values, context)
