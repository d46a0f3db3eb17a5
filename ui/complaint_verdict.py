"""The officer's correction of screening's verdict on one complaint, as the leads page's complaint lists offer it
(``workstation.screening.verdict``): 更正筛查结论… asks related or not, for related the category (default: the one
screening or the text suggests), and the reason (required), 恢复自动结论 lets
screening's own reading apply again — both change its copies from other channels too, and say how many; a
correction leaving a lead without complaints says that the lead is kept (``verdict.left_text``); a complaint
corrected is marked （人工更正） with a tooltip naming the officer, the time and the reason. Several complaints
selected are corrected or restored together, a copy selected with the complaint it copies once with it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QWidget

from ui.layouts import enable_or_say_why
from workstation.i18n import _


def corrected_mark() -> str:
    """What a list adds to a complaint whose verdict an officer corrected."""
    return _(" (corrected by an officer)")


def ask_and_correct(parent: QWidget, db, prompts, complaint_id: str, ref: str) -> bool:
    """Ask the verdict on the complaint ``complaint_id`` (``ref``: its work order as shown) and the reason, and
    record them; True when recorded. A missing reason or a refusal (a decided lead) is said, and nothing changes; a
    complaint in a decided lead (``correction_refusal``: the core refuses the one answer that would change anything
    there) is refused before anything is asked."""
    from workstation.errors import WorkstationError
    from workstation.screening.verdict import correct_complaint

    if _refused_before_asking(parent, db, prompts, [complaint_id]):
        return False
    asked = _ask_verdict(parent, prompts, _("Correct the screening result of complaint {ref}: does it concern "
                                            "personal information? Your verdict is kept whenever the complaints are "
                                            "screened again.").format(ref=ref), db, [complaint_id])
    if asked is None:
        return False
    verdict, reason, category = asked
    try:
        result = correct_complaint(db, complaint_id, verdict, reason, category=category)
    except WorkstationError as exc:
        prompts.error(parent, exc.message)
        return False
    _say_copies(parent, prompts, result, ref)
    if said := _emptied_line(result, ref):  # a lead counted again is seen so in the lists: said when kept empty
        prompts.info(parent, said)
    return True


def _emptied_line(result, ref: str) -> str:
    """What became of the leads the correction left without complaints (kept, emptied: ``verdict.left_text``),
    '' when it left none so."""
    from workstation.screening.verdict import left_text

    return _("Complaint {ref}: {placed}").format(ref=ref, placed=left_text(result)) if result.leads_emptied else ""


def _done_with(results: list, complaint_id: str) -> bool:
    """Whether ``complaint_id`` was changed already as one of ``results`` or a copy of one of them."""
    return any(complaint_id == r.id or complaint_id in r.copies for r in results)


def _refused_before_asking(parent: QWidget, db, prompts, complaint_ids: list[str]) -> bool:
    """Whether correcting one of the complaints ``complaint_ids`` is refused whatever the officer would answer (one
    in a decided lead: ``corrections_refusal``, the first refused), said as the core says it; the officer is then
    asked nothing."""
    from workstation.screening.verdict import corrections_refusal

    if refusal := corrections_refusal(db, complaint_ids):
        prompts.error(parent, refusal)
        return True
    return False


def _ask_verdict(parent: QWidget, prompts, question: str, db, complaint_ids: list[str]
                 ) -> tuple[str, str, str | None] | None:
    """The officer's verdict (related or not) on the complaints ``complaint_ids`` asked with ``question``, for related
    the category they are in (the rules' labels, the one screening or their text suggests first:
    ``verdict.suggested_category``), and the reason for it: (verdict, reason, category key or None), or None when
    cancelled or given no reason (said: nothing changes)."""
    from workstation.screening.complaint import rules_for
    from workstation.screening.verdict import NOT_RELATED, RELATED, suggested_category

    choice = prompts.choose(parent, question, [_("Related"), _("Not related"), _("Cancel")])
    if choice not in (0, 1):
        return None
    category = None
    if choice == 0 and db is not None and (categories := (rules := rules_for(db)).categories):
        keys = [c.key for c in categories]
        suggested = suggested_category(db, complaint_ids, rules)
        picked = prompts.choose_item(parent, _("Correct the screening result"), _(
            "Which kind of personal-information complaint is it? Its lead and the violations a case filed from it "
            "starts with follow the category chosen."), [c.label for c in categories],
                                     keys.index(suggested) if suggested in keys else 0)
        if picked is None or not 0 <= picked < len(keys):
            return None
        category = keys[picked]
    reason = prompts.ask_text(parent, _("Correct the screening result"),
                              _("Why (required; kept with the complaint and in the audit log):"))
    if reason is None:
        return None
    if not reason.strip():
        prompts.error(parent, _("Give the reason for correcting the screening result: nothing was changed."))
        return None
    return (RELATED, NOT_RELATED)[choice], reason, category


def _say_copies(parent: QWidget, prompts, result, ref: str) -> None:
    """Tell the officer that the copies of the complaint from other channels were changed with it (nothing when it
    has none): the lists show each copy, which changed too."""
    from workstation.i18n import ngettext

    if result.copies:
        prompts.info(parent, ngettext(
            "Complaint {ref} and {n} copy of it received through another channel were changed: {total} complaints.",
            "Complaint {ref} and its {n} copies received through other channels were changed: {total} complaints.",
            len(result.copies)).format(ref=ref, n=len(result.copies), total=len(result.copies) + 1))


def clear_correction(parent: QWidget, db, prompts, complaint_id: str, ref: str) -> bool:
    """Remove the officer's verdict on the complaint after the officer confirms; True when removed."""
    from workstation.errors import WorkstationError
    from workstation.screening.verdict import correct_complaint

    if not prompts.confirm(parent, _("Remove the officer's verdict on complaint {ref}? Screening's own result "
                                     "applies again.").format(ref=ref)):
        return False
    try:
        result = correct_complaint(db, complaint_id, None)
    except WorkstationError as exc:
        prompts.error(parent, exc.message)
        return False
    _say_copies(parent, prompts, result, ref)
    if result.lead_kept:  # the lead it left was decided or removed since: the officer learns where it is now
        from workstation.screening.verdict import placed_text

        prompts.info(parent, _("Complaint {ref}: {placed}").format(ref=ref, placed=placed_text(result)))
    return True


def add_verdict_actions(view: QAbstractItemView, current: Callable[[], object | None], corrected: Callable[[str], bool],
                        db, prompts, changed: Callable[[], None],
                        selected: Callable[[], list] | None = None) -> tuple[QAction, QAction]:
    """The context-menu actions 更正筛查结论… and 恢复自动结论 of a list of complaints: ``current()`` the complaint
    of the current row (with ``id`` and ``external_id``) or None, ``corrected(id)`` whether an officer's verdict
    stands on it, ``changed()`` called once one was recorded or removed. 更正筛查结论… is greyed out, saying why, on a
    complaint whose correction the core refuses (``correction_refusal``: one in a decided lead). ``selected()``, for
    a list selecting several rows: the complaints selected, which the actions act on together, asked once
    (``ask_and_correct_many``, ``clear_corrections``: those of them an officer corrected); the current one when none
    is."""
    correct = QAction(_("Correct the screening result…"), view)
    correct.setObjectName("correct_verdict")
    correct.setToolTip(_("Say whether the selected complaint concerns personal information, overriding screening "
                         "(kept when the complaints are screened again)"))
    restore = QAction(_("Restore the automatic result"), view)
    restore.setObjectName("clear_verdict")
    restore.setToolTip(_("Remove the officer's verdict on the selected complaint: screening's own result applies "
                         "again"))

    def acted_on() -> list:
        """The complaints the actions act on: those selected, else the current one."""
        chosen = list(selected()) if selected is not None else []
        complaint = current()
        return chosen or ([complaint] if complaint is not None else [])

    def run(action) -> None:
        complaints = acted_on()
        if action is clear_corrections:  # those of them an officer corrected: the others have nothing to restore
            complaints = [c for c in complaints if corrected(c.id)]
        if not complaints:
            return
        if action(view, db, prompts, [(c.id, c.external_id or c.id) for c in complaints]):
            changed()

    def enable() -> None:
        from workstation.screening.verdict import corrections_refusal

        complaints = acted_on()
        if not complaints or db is None:
            correct.setEnabled(bool(complaints))
        else:  # all of them checked at once (one query: Ctrl+A selects hundreds); one gone since is passed over
            enable_or_say_why(correct, corrections_refusal(db, [c.id for c in complaints]))
        restore.setEnabled(any(corrected(c.id) for c in complaints))

    correct.triggered.connect(lambda _checked=False: run(ask_and_correct_many))
    restore.triggered.connect(lambda _checked=False: run(clear_corrections))
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    view.addAction(correct)
    view.addAction(restore)
    view.customContextMenuRequested.connect(lambda *_args: enable())
    if view.selectionModel() is not None:
        view.selectionModel().currentRowChanged.connect(lambda *_args: enable())
        if selected is not None:
            view.selectionModel().selectionChanged.connect(lambda *_args: enable())
    enable()
    return correct, restore


def marked_data(model, index, role, verdicts: dict, column: int, value):
    """``value`` of the model's cell with the corrected mark on column ``column`` and, as its tooltip, who
    corrected it, when and why; None when the cell is not one of a corrected complaint."""
    if not index.isValid() or index.column() != column or index.row() >= len(model.records):
        return value
    row = verdicts.get(model.records[index.row()].id)
    if row is None:
        return value
    from workstation.screening.verdict import verdict_note  # here: the cells of most complaints return above

    if role == Qt.ItemDataRole.DisplayRole:
        return f"{value}{corrected_mark()}"
    if role == Qt.ItemDataRole.ToolTipRole:
        return verdict_note(row)
    return value


def ask_and_correct_many(parent: QWidget, db, prompts, complaints: list[tuple[str, str]]) -> bool:
    """``ask_and_correct`` for the complaints ``complaints`` ((id, work order as shown) each): one verdict and one
    reason for all of them, recorded for all or, on a refusal (said), for none; True when recorded."""
    from workstation.errors import WorkstationError
    from workstation.screening.verdict import correct_complaint

    if len(complaints) == 1:
        return ask_and_correct(parent, db, prompts, *complaints[0])
    if _refused_before_asking(parent, db, prompts, [complaint_id for complaint_id, _ref in complaints]):
        return False
    refs = "、".join(ref for _id, ref in complaints[:5]) + ("…" if len(complaints) > 5 else "")
    asked = _ask_verdict(parent, prompts, _("Correct the screening result of {n} complaints ({refs}): do they "
                                            "concern personal information? Your verdict is kept whenever the "
                                            "complaints are screened again.").format(n=len(complaints), refs=refs),
                         db, [complaint_id for complaint_id, _ref in complaints])
    if asked is None:
        return False
    verdict, reason, category = asked
    results, said = [], []
    try:
        with db.atomic():  # all of them or none
            for complaint_id, ref in complaints:
                if _done_with(results, complaint_id):  # a copy of one corrected above: corrected with it
                    continue
                results.append(result := correct_complaint(db, complaint_id, verdict, reason, category=category))
                if line := _emptied_line(result, ref):
                    said.append(line)
    except WorkstationError as exc:
        prompts.error(parent, exc.message)
        return False
    if said:
        prompts.info(parent, "\n".join(said))
    return True


def clear_corrections(parent: QWidget, db, prompts, complaints: list[tuple[str, str]]) -> bool:
    """``clear_correction`` for the complaints ``complaints`` ((id, work order as shown) each), confirmed once; the
    complaints that could not go back into the lead they had left are named. True when removed."""
    from workstation.errors import WorkstationError
    from workstation.screening.verdict import correct_complaint, placed_text

    if len(complaints) == 1:
        return clear_correction(parent, db, prompts, *complaints[0])
    if not prompts.confirm(parent, _("Remove the officer's verdicts on {n} complaints? Screening's own result "
                                     "applies again.").format(n=len(complaints))):
        return False
    said, results = [], []
    try:
        with db.atomic():
            for complaint_id, ref in complaints:
                if _done_with(results, complaint_id):  # a copy of one restored above: restored with it
                    continue
                results.append(result := correct_complaint(db, complaint_id, None))
                if result.lead_kept:
                    said.append(_("Complaint {ref}: {placed}").format(ref=ref, placed=placed_text(result)))
    except WorkstationError as exc:
        prompts.error(parent, exc.message)
        return False
    if said:
        prompts.info(parent, "\n".join(said))
    return True
