"""What a form's ``--values`` file may hold, field by field, for ``docs fields FORM``: each field's name, label,
type, whether it is required (or required for some choices of a choice field, or only to issue the document:
the form's ``required_to_issue``, or one of the fields at least one of which must hold a value to issue it: the
form's ``required_any``), its choices, where its default comes from and its help. The help of a field a table prints row by row (a ``table`` block's ``repeat``) begins with the
line format drawn from the table's column heads (``grid.repeat_columns``), in place of the clauses of the form's
help that describe it by hand."""

from __future__ import annotations

import re

from workstation.errors import join_sentences
from workstation.formkit.grid import repeat_columns
from workstation.formkit.spec import FieldSpec, FormSpec
from workstation.i18n import N_, _

#: the type of a field as the table of ``docs fields`` names it
TYPE_NAMES = {"text": N_("text"), "multiline": N_("multi-line text"), "date": N_("date (YYYY-MM-DD)"),
              "datetime": N_("date and time (YYYY-MM-DD HH:MM)"), "money": N_("amount in yuan"),
              "integer": N_("whole number"), "bool": N_("yes or no (true/false)"), "choice": N_("choice"),
              "qa": N_("questions and answers")}
#: the note on a field the form's ``required_to_issue`` names, the one place it is said (``docs fields`` and the
#: editor's help add it; a field's own help does not repeat it)
TO_ISSUE_NOTE = N_("Required to issue the document; a draft may leave it empty.")
#: the type of an amount a values file gives in fen, as its name says (``fine_fen``)
FEN_TYPE_NAME = N_("amount in fen (分), a whole number: 5000000 is ¥50,000.00")


def in_fen(field: FieldSpec) -> bool:
    """Whether a values file gives ``field`` in fen: an amount named so (``fine_fen``); the editor takes yuan."""
    return field.type == "money" and field.name.endswith("_fen")


def type_name(field: FieldSpec) -> str:
    """The type of ``field`` as the table of ``docs fields`` names it, in the user's language."""
    return _(FEN_TYPE_NAME) if in_fen(field) else _(TYPE_NAMES.get(field.type, field.type))

#: what ends a clause of a help text (…；留空则打印空白行。)
_CLAUSE_END = re.compile(r"[；。]")


def line_format(columns: tuple[str, ...]) -> str:
    """The sentence saying how a table's field is written in a values file: one line per item, its columns, in the
    order of the table's heads, separated by ``|``."""
    return _("One line per item: {columns}, separated by |").format(columns=" | ".join(columns))


def field_help(form: FormSpec, field: FieldSpec) -> str:
    """The help of ``field`` for a values file: the form's help, for a field a table repeats led by its line format
    (the clauses of the form's help describing the columns by hand, those holding a ``|``, left out)."""
    text = field.help or ""
    columns = repeat_columns(form, field.name)
    if columns is None:
        return text
    kept = [clause.strip() for clause in _CLAUSE_END.split(text)
            if clause.strip() and not any(mark in clause for mark in "|｜")]
    return "；".join([line_format(columns), *kept])


def to_issue(form: FormSpec, field: FieldSpec) -> bool:
    """Whether ``field`` must hold a value for the document to be issued though a draft may lack it (the form's
    ``required_to_issue``: the 询问笔录's end time, place and the interviewee's 性别 and 身份证件号码)."""
    return not field.required and field.name in form.required_to_issue


def required_for(form: FormSpec, field: FieldSpec) -> str:
    """The sentence saying which choices make a conditionally required field required, or that a field is required
    to issue the document; "" for any other field."""
    if to_issue(form, field):
        return _(TO_ISSUE_NOTE)
    if field.required_if_filed:
        return _("Required for a case filed; a case never filed (待立案, 不予立案) leaves it empty.")
    if not field.required_field:
        return ""
    chosen = form.field(field.required_field)
    return _("Required when {field} is {choices}.").format(
        field=chosen.label if chosen else field.required_field,
        choices=_(" or ").join(f"“{choice}”" for choice in field.required_choices))


def field_entries(form: FormSpec) -> list[dict]:
    """One entry per field of ``form`` in the form's order, with stable English keys (``docs fields --json``)."""
    entries = []
    for field in form.fields:
        entry = {"name": field.name, "label": field.label, "type": field.type, "required": field.required}
        if in_fen(field):  # the values file gives it in fen, as its name says
            entry["unit"] = "fen"
        if to_issue(form, field):
            entry["required_to_issue"] = True
        if field.name in form.required_any:  # at least one of these holds a value to issue (the penalty)
            entry["required_any"] = list(form.required_any)
        if field.required_if_filed:  # required once the case has its number
            entry["required_if_filed"] = True
        if field.required_field:
            entry["required_for"] = {"field": field.required_field, "values": list(field.required_choices)}
        if field.type == "choice":
            entry["choices"] = list(field.choices)
        entry["source"] = field.source
        if field.read_only:  # its source's value: another one is refused
            entry["read_only"] = True
        entry["default"] = field.default
        columns = repeat_columns(form, field.name)
        if columns is not None:
            entry["columns"] = list(columns)
        entry["help"] = field_help(form, field)
        entries.append(entry)
    return entries


def default_shown(field: FieldSpec) -> str:
    """The default value of ``field`` as the table of ``docs fields`` shows it in its column of defaults (a field with
    no ``source`` of its own): yes or no for a yes/no field (the 当场行政处罚决定书's 警告, ticked by default), else the
    value as written on one line, a long one cut after its first 20 characters (…); "" without one."""
    if field.default is None or field.default == "":
        return ""
    if field.type == "bool" or isinstance(field.default, bool):
        return _("yes") if field.default else _("no")
    text = " ".join(str(field.default).split())
    return text if len(text) <= 20 else text[:20] + "…"


def field_table(form: FormSpec) -> str:
    """The fields of ``form`` as a table for the terminal: a header and a row per field, the columns lined up,
    the help last (a conditional requirement and the choices of a choice field leading it); under it the fields at
    least one of which must be filled in (the form's ``required_any``: the penalty of the 告知书 and the 决定书)."""
    from workstation.cli_language import display_width

    rows = [(_("Field"), _("Label"), _("Field type"), _("Required"), _("Default from"), _("Help"))]
    for field in form.fields:
        required = _("yes") if field.required else _("to issue") if to_issue(form, field) else \
            _("conditional") if field.required_field or field.required_if_filed else _("no")
        notes = [required_for(form, field)]
        if field.read_only:
            notes.append(_("Filled in by the workstation from its source; another value is refused."))
        if field.type == "choice":
            notes.append(_("Choices: {choices}.").format(choices="、".join(field.choices)))
        notes.append(field_help(form, field))
        rows.append((field.name, field.label, type_name(field), required,
                     field.source or default_shown(field) or "—", join_sentences(notes)))
    widths = [max(display_width(row[column]) for row in rows) for column in range(5)]
    lines = [_("Fields of the {title} ({id})").format(title=form.title, id=form.id)]
    for row in rows:
        cells = [cell + " " * (width - display_width(cell)) for cell, width in zip(row[:5], widths, strict=True)]
        lines.append("  ".join([*cells, row[5]]).rstrip())
    if form.required_any:
        lines.append(_("At least one of these must be filled in: {fields}").format(fields="；".join(
            f"{name} {form.field(name).label}" for name in form.required_any)))
    return "\n".join(lines)
