"""The law section of a case workspace: whether the case must go to the police (with the computation), the
penalty norm and its fine range, the thresholds its amounts reach, publication, the discretion tier of the
fine with its reason, and the surcharge on an overdue fine; plus the dialog where the officer chooses the
norm, the circumstances, the tier and the amount."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.access_keys import CASE_PAGE_KEYS, case_key_hint, with_fixed_letter
from ui.date_edits import DateEdit
from ui.dialog_once import exec_once
from ui.dialog_undo import FieldsHistory
from ui.layouts import (
    AsksBeforeDropping,
    error_label,
    fit_to_screen,
    scrolled_fields,
    show_field_errors,
)
from workstation.errors import ValidationError, WorkstationError, join_reasons, join_sentences
from workstation.i18n import N_, _
from workstation.law import catalogue, discretion
from workstation.law.case_law import (
    FIRST_VIOLATION,
    act_date_of,
    basis_citation,
    bureau_rules,
    calls_fact_warning,
    case_law,
    check_discretion,
    first_violation_refusal,
    penalty_tier_refusal,
    save_penalty_choice,
    to_be_verified,
    told_provisions_note,
)
from workstation.law.criminal import OBTAINING
from workstation.law.transfer_basis import police_computation
from workstation.money import figures, yuan_input
from workstation.procedure import police_transfer_state, typed_maximum_refusal
from workstation.rectification_checks import REFUSED, refused_correction_refusal, refused_correction_warning
from workstation.validators import parse_amount_fen
from workstation.vocabulary import shown_label

#: the colour of what is said of an UNCONFIRMED legal choice beside it (待核实): told, neither an error nor refused
TO_VERIFY = "#8a5a00"

THRESHOLD_LABELS = {"simple_procedure": N_("Simple procedure"), "hearing": N_("Hearing"),
                    "legal_review": N_("Legal review"), "collective_discussion": N_("Collective discussion")}


def _text(text: str, name: str = "", colour: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    if colour:
        label.setStyleSheet(f"color: {colour};")
    return label


def _norm_range(penalty) -> str:
    """The penalty norm as documents cite it, with its fine range: 《…》第五十六条…：¥0.00至¥500,000.00."""
    return _("{norm}: {range}").format(norm=basis_citation(penalty), range=catalogue.range_text(penalty.range))


def _acts_text(law) -> str:
    """The separate acts of the case (``CaseLaw.acts``), one paragraph each: its violations, its own penalty norm
    with its range and why that norm (Penalty Law art. 29 within the act)."""
    return "\n".join(_("{violations}: {norm}\n{explanation}").format(
        violations=act.label, norm=_norm_range(act.penalty), explanation=act.penalty.explanation) for act in law.acts)


def _kinds_text(law) -> str:
    """The penalty kinds the case's basis provides (those only for serious cases marked), what its notice or decision
    imposes beyond them, and, where another norm of the act provides more kinds, that adding them is UNCONFIRMED."""
    from workstation.law.case_law import provided_kinds
    from workstation.law.data import load

    lines = list(dict.fromkeys(  # each separate act's own, once where two acts share a norm
        _("Provided by {basis}: {kinds}").format(basis=penalty.norm.citation,
                                                 kinds=catalogue.kinds_text(penalty.norm) or "—")
        for penalty in ([a.penalty for a in law.acts] or [law.penalty])))
    allowed = set(provided_kinds(law.penalty, law.candidates))
    if any(set(n.penalties) - allowed for n in law.candidates):
        lines.append(_("Kinds only another norm of the act provides are not imposed with it ({note})").format(
            note=load("catalogue")["kinds_of_other_norms"]["unconfirmed"]))
    if law.kinds_problem:
        lines.append(law.kinds_problem)
    return "\n".join(lines)


def _verdict(result) -> str:
    return ("✔ " if result.applies else "✘ ") + join_reasons(result.reasons)


def _surcharge_figures(law) -> str:
    """The surcharge's figure as the law box shows it: the one accrued; after payments of part that paid some of it,
    what accrued, what was paid of it and what is still owed (the 催告书's 已加处罚款, the payment dialog's). ``law``:
    the case's ``CaseLaw`` or a party's ``PartyLaw``, with a surcharge."""
    if not law.surcharge_paid_fen:
        return figures(law.surcharge.amount_fen)
    return _("{accrued} accrued; {paid} of it paid; {owed} still owed").format(
        accrued=figures(law.surcharge.amount_fen), paid=figures(law.surcharge_paid_fen),
        owed=figures(law.surcharge_owed_fen))


def _for_party(party, text: str) -> str:
    return _("{party} ({kind}): {text}").format(party=party.name, kind=shown_label("party_kinds", party.kind), text=text)


def _threshold_text(law, name: str, result) -> str:
    """The threshold ``name`` as the box shows it: its verdict for the case, or one line for each party of a case
    with several (a natural person reaches the hearing amount sooner than a company)."""
    if not law.parties:
        return _verdict(result)
    return "\n".join(_for_party(party, _verdict(dict(party.thresholds)[name])) for party in law.parties
                     if party.thresholds) or _("No party is penalised.")


def _publication_text(law) -> str:
    if not law.parties:
        return join_reasons(law.publication.reasons)
    return "\n".join(_for_party(party, join_reasons(party.publication.reasons)) for party in law.parties
                     if party.publication is not None) or _("No party is penalised.")


def _returned_text(db, case) -> str:
    """The verdict of a case at the criminal thresholds that the police declined: what became of it since
    (``procedure.returned_outcome``)."""
    from workstation.procedure import returned_outcome

    outcome = returned_outcome(db, case)
    if outcome == "decided":
        return _("The case reaches the criminal thresholds, but it came back from the police, who declined it, and "
                 "it was settled by an administrative decision.")
    if outcome == "terminated":
        return _("The case reaches the criminal thresholds, but it came back from the police, who declined it, and "
                 "its investigation was terminated: no administrative decision was made.")
    if outcome == "closed":
        return _("The case reaches the criminal thresholds; the police declined it, and it was closed without an "
                 "administrative decision.")
    return _("The case reaches the criminal thresholds, but it came back from the police, who declined it: it is to "
             "be settled by an administrative decision. Transfer it again only on new evidence (Procedure actions).")


class CaseLawBox(QGroupBox):
    """The legal assessment of the case as stored; ``transfer`` is called by the transfer button and
    ``changed`` after the officer saved a penalty choice."""

    def __init__(self, db, case, prompts, transfer=None, changed=None, parent: QWidget | None = None):
        super().__init__(_("Law and discretion"), parent)
        self.db, self.case, self.prompts = db, case, prompts
        self.transfer, self.changed = transfer, changed
        self.law = case_law(db, case)
        law = self.law
        layout = QVBoxLayout(self)
        from workstation.clocks import data_dir_of
        from workstation.law.data import problems

        # a bureau's copy of a legal data file its checks refused: what follows weighs the shipped values instead
        refused = problems(data_dir_of(db))
        if refused:
            layout.addWidget(_text("\n".join(refused), "law_data_problems", "#b00020"))
        crime = law.criminal
        police = police_transfer_state(db, case)
        # with the police: today's computation, said as today's when it stays below the thresholds or its counts
        # changed since the 移送书 (``transfer_basis.police_computation``)
        shown = police_computation(db, case, crime) if police in ("opened", "with_police") else None
        if police == "opened":  # theirs: no administrative penalty; then the computation as ``shown`` says it
            opened = _("The police opened a criminal case: the case is theirs, and no administrative penalty is "
                       "imposed in its place (transfer rules art. 11; Penalty Law art. 82).")
            said = join_sentences([opened, _("The computation that led to the transfer follows.")]) \
                if shown.reached and not shown.changes else opened + "\n" + shown.text()
            layout.addWidget(_text(said, "criminal_verdict"))
        elif police == "with_police":  # no longer a suggestion: say where the case is
            layout.addWidget(_text(shown.text(), "criminal_verdict"))
        elif police == "returned" and crime.transfer_suggested:  # what happened since, not a decision assumed
            layout.addWidget(_text(_returned_text(db, case), "criminal_verdict"))
        elif crime.transfer_suggested:
            heading = _("The case must be transferred to the police: it reaches the criminal thresholds "
                        "(“serious”{extra}).")
            layout.addWidget(_text(heading.format(extra=_(", especially serious") if crime.especially_serious
                                                  else ""), "criminal_warning", "#b00020"))
            if transfer is not None:
                # not the procedure action's T, which the button beside the case's state answers to: Alt+`
                button = QPushButton(with_fixed_letter(_("Transfer to the police…"),
                                                       CASE_PAGE_KEYS["transfer_police"]))
                button.setObjectName("transfer_police")
                # the key named: in Chinese the mark under "`" is barely seen
                button.setToolTip(case_key_hint(_("Transfer to the police…").rstrip("…"), "transfer_police"))
                button.clicked.connect(transfer)
                layout.addWidget(button)
        elif crime.serious_if_obtained:  # violations the offence does not cover: warned, neither transferred nor held
            layout.addWidget(_text(_("Warning: the case's records would reach the criminal thresholds (“serious”) if "
                                     "they were illegally obtained (bought, received or exchanged: interpretation "
                                     "art. 4). Check how they were obtained: if so, add “{violation}” to the case's "
                                     "violations, and the transfer to the police is then required. Its illegal gains "
                                     "and a prior penalty alone never make such a case serious.").format(
                violation=shown_label("violations", OBTAINING)), "criminal_warning", "#b00020"))
        elif not crime.counted:  # a new case: nothing to judge yet, so no verdict
            layout.addWidget(_text(_("Nothing is counted yet: record the case's personal-information records and "
                                     "illegal gains to assess the criminal thresholds."), "criminal_verdict"))
        else:
            layout.addWidget(_text(_("The criminal thresholds are not reached."), "criminal_verdict"))
        layout.addWidget(_text("\n".join(crime.steps), "criminal_steps"))
        layout.addWidget(_text(_("Source: {source}").format(source=crime.source)))
        form = QFormLayout()
        act = _("{date} (assumed from the case's first date; record the date of the act)").format(
            date=law.act_date) if law.act_date_assumed else law.act_date
        form.addRow(_("Date of the act"), _text(act))
        if law.limitation is not None:
            form.addRow(_("Limitation period"), _text(law.limitation.message, "limitation",
                                                      "#b00020" if law.limitation.expired else ""))
        for v in law.violations:
            form.addRow(shown_label("violations", v.violation), _text(v.law.explanation))
        if law.penalty is not None:
            # separate acts: the bases cited together with their range, each act with its own in the row below
            explained = "" if law.acts else f"\n{law.penalty.explanation}"
            form.addRow(_("Penalty norm"), _text(_norm_range(law.penalty) + explained, "penalty_norm"))
            if law.acts:  # separate acts (分别裁量、合并处罚): each with its own norm
                form.addRow(_("Separate acts"), _text(_acts_text(law), "separate_acts"))
            if law.basis_unconfirmed:  # 广告法 art. 62's enforcing body, 个保法 art. 66 in Foshan …: not verified
                form.addRow("", _text(to_be_verified(law.basis_unconfirmed), "penalty_norm_unconfirmed", TO_VERIFY))
            form.addRow(_("Penalty kinds"), _text(_kinds_text(law), "penalty_kinds",
                                                  "#b00020" if law.kinds_problem else ""))
            if law.norm_warning:  # a norm chosen by hand with a lower fine than 择一重处 picks
                form.addRow("", _text(law.norm_warning, "norm_warning", "#b00020"))
            if law.uncovered_warning:  # violations the norm does not cover: 择一重处 is for one act only
                form.addRow("" if law.acts else _("Separate acts"),
                            _text(law.uncovered_warning, "uncovered_acts", "#b00020"))
            if above := typed_maximum_refusal(self.db, self.case):  # the typed fine, decided or proposed on paper
                form.addRow(_("Maximum fine"), _text(above, "fine_maximum", "#b00020"))
        for name, result in law.thresholds:
            form.addRow(_(THRESHOLD_LABELS.get(name, name)), _text(_threshold_text(law, name, result),
                                                                f"threshold_{name}"))
        form.addRow(_("Publication"), _text(_publication_text(law), "publication"))
        if self.case.discretion_tier:
            if law.discretion_problem:
                form.addRow(_("Discretion"), _text(law.discretion_problem, "discretion_check", "#b00020"))
            elif law.discretion is not None:
                form.addRow(_("Discretion"), _text(law.discretion.message, "discretion_check"))
            if (note := discretion.bands_unconfirmed()) and law.penalty is not None \
                    and self.case.discretion_tier != "no_penalty":  # the tiers' bands are illustrative
                form.addRow("", _text(to_be_verified(note), "bands_unconfirmed", TO_VERIFY))
            if law.first_violation_warning:  # 首违不罚 for a party penalised before: told, not refused
                form.addRow("", _text(law.first_violation_warning, "first_violation_warning", "#b00020"))
        else:
            form.addRow(_("Discretion"), _text(_("No tier chosen yet. {suggestion}").format(
                suggestion=law.suggestion.message), "discretion_check"))
            if law.discretion_problem:  # the fine's own tier against a mandatory circumstance (Penalty Law art. 32)
                form.addRow("", _text(law.discretion_problem, "discretion_problem", "#b00020"))
        if law.surcharge is not None:
            form.addRow(_("Late-payment surcharge"),
                        _text(_surcharge_figures(law) + "\n" + "\n".join(law.surcharge.steps), "surcharge"))
        owed = [party for party in law.parties if party.surcharge is not None]
        if owed:  # each party's own fine from its own payment deadline
            form.addRow(_("Late-payment surcharge"), _text("\n".join(
                _for_party(party, _surcharge_figures(party)) + "\n" + "\n".join(party.surcharge.steps)
                for party in owed), "surcharge"))
        if calls := calls_fact_warning(case):  # calls told in the facts or 案由, cited as messages without the fact
            form.addRow("", _text(join_sentences([calls, _(
                "The facts are recorded under Penalty and discretion…, before the documents citing the provisions "
                "are issued.")]),
                "calls_fact_warning", TO_VERIFY))
        layout.addLayout(form)
        edit = QPushButton(with_fixed_letter(_("Penalty and discretion…"), "0"))
        edit.setObjectName("penalty_choice")
        edit.clicked.connect(self.edit)
        layout.addWidget(edit)

    def edit(self, dialog: PenaltyChoiceDialog | None = None) -> None:
        shown = dialog or PenaltyChoiceDialog(self.db, self.case, self.prompts, self)
        if exec_once(shown, made=dialog is None) == QDialog.DialogCode.Accepted and self.changed is not None:
            self.changed()


class PenaltyChoiceDialog(AsksBeforeDropping, QDialog):
    """The date of the act, prior punishment, the penalty norm, the circumstances, the tier and the fine,
    with the admissible bands and what is wrong shown as the officer chooses; Save stays disabled until the
    amount fits the tier or a reason is written."""

    def __init__(self, db, case, prompts, parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self.case, self.prompts = db, case, prompts
        self.saved = None
        self.setWindowTitle(_("Penalty and discretion"))
        law = case_law(db, case)
        self.known_act = QCheckBox(_("Date of the act known"))
        self.known_act.setObjectName("known_act")
        self.act_on = DateEdit(QDate.fromString(act_date_of(case)[0], "yyyy-MM-dd"))
        self.act_on.setObjectName("act_on")
        self.act_on.setCalendarPopup(True)
        self.act_on.setDisplayFormat("yyyy-MM-dd")
        self.known_act.setChecked(bool(case.act_on))
        self.prior = QCheckBox(_("Punished for this before (criminally, or administratively within two years)"))
        self.prior.setObjectName("prior_punished")
        self.prior.setChecked(case.prior_punished)
        self.conditions = self._condition_boxes(case)
        # the provisions violated (违反的规定) the documents will print, as the facts ticked change them (a case of calls
        # cites 条例 art. 24, not the law of messages), and a note when the facts tell of calls not ticked: told
        self.violated = _text("", "violated_norms")
        self.calls_note = _text("", "calls_fact_warning", "#8a5a00")
        self.calls_note.hide()
        self.screening_rules = bureau_rules()  # the words of calls the note reads: once, not on every edit
        # the provisions the facts ticked give against those stored, once a 行政处罚告知书 told the party of them: the
        # notice named, a new one first (``case_law.told_provisions_note``); told, saving is not refused
        self.violated_before = law.violated_norms
        self.told_note = _text("", "told_provisions_note", "#b00020")
        self.told_note.hide()
        self.norm = QComboBox()
        self.norm.setObjectName("penalty_norm")
        self._fill_norms(law, case.penalty_norm)
        self.factors = QListWidget()
        self.factors.setObjectName("discretion_factors")
        for key, factor in discretion.all_factors().items():
            item = QListWidgetItem(factor.shown_text)
            item.setData(256, key)
            item.setToolTip(f"{factor.source}" + (_(" (unconfirmed)") if factor.unconfirmed else ""))
            item.setCheckState(Qt.CheckState.Checked if key in case.discretion_factors else Qt.CheckState.Unchecked)
            self.factors.addItem(item)
        # the circumstances the case records that the data in force does not define (a station's own): no box, and
        # saved back as they were (``discretion.undefined_circumstances``)
        self.undefined_factors = discretion.undefined_circumstances(case.discretion_factors)
        self.suggestion = _text("", "suggestion")
        self.tier = QComboBox()
        self.tier.setObjectName("discretion_tier")
        for key in ("lighter", "ordinary", "heavier", "reduced", "no_penalty"):
            self.tier.addItem(discretion.shown_tier_label(key), key)
        self.tier.setCurrentIndex(max(self.tier.findData(case.discretion_tier or "ordinary"), 0))
        self.fine = QLineEdit(yuan_input(case.fine_fen))
        self.fine.setObjectName("fine")
        # once a 行政处罚决定书 is in force the fine is its own: shown read only, saying so; the tier, the
        # circumstances and the reason are still recorded (the case keeps the fine it recorded)
        self.decided_note = _text("", "decided_amounts_note")
        self.decided_note.hide()
        self.decided_fine: int | None = None
        self._show_decided_fine()
        # once a decision is in force the facts, the penalty norm and the act date it was decided on are its own:
        # shown read only with the case editor's note (``cases.decided_legal_note``: void the decision first)
        self.legal_note = _text("", "decided_legal_note")
        self.legal_note.hide()
        self.bands = _text("", "bands")
        # the violations the chosen norm does not cover (择一重处 is for one act): told, saving is not refused
        self.uncovered = _text("", "uncovered_acts", "#b00020")
        self.uncovered.hide()
        # a norm chosen by hand allowing a lower fine than the one Penalty Law art. 29 picks: told, not refused
        self.lower_norm = _text("", "norm_warning", "#b00020")
        self.lower_norm.hide()
        # 首违不罚 ticked for a party penalised before within the window: told, not refused (unconfirmed reading)
        self.first_violation = _text("", "first_violation_warning", "#b00020")
        self.first_violation.hide()
        # what is not verified about the basis chosen (``CaseLaw.basis_unconfirmed``) and the tiers' bands: told
        self.basis_note = _text("", "penalty_norm_unconfirmed", TO_VERIFY)
        self.basis_note.hide()
        self.bands_note = _text("", "bands_unconfirmed", TO_VERIFY)
        self.bands_note.hide()
        self.review_grounds = self._review_boxes(case)
        self.discussion_grounds = self._discussion_boxes(case)
        self.reason = QPlainTextEdit(case.discretion_reason)
        self.reason.setObjectName("discretion_reason")
        self.reason.setMaximumHeight(120)
        self.reason.setTabChangesFocus(True)  # Tab goes on to the buttons, as in the other fields
        self.reason.setPlaceholderText(_("Required when the amount lies outside the chosen tier; printed in the "
                                         "decision."))
        self.errors = {name: error_label(name) for name in ("act_on", "law_conditions", "penalty_norm", "amount",
                                                              "discretion_tier", "discretion_factors",
                                                              "discretion_reason")}
        # 拒不改正 held to the case's 责令改正通知书: refused once its re-inspection found it corrected, recorded with
        # this note when no order or no finding of 未改正 is recorded here (the case's records do not change while open)
        self.refusal_refused = refused_correction_refusal(db, case.id)
        self.refusal_missing = refused_correction_warning(db, case.id)
        self.refusal_note = _text("", "refused_correction_warning", "#8a5a00")
        self.refusal_note.hide()
        body = QWidget()
        form = QFormLayout(body)
        act_row = QHBoxLayout()
        act_row.addWidget(self.known_act)
        act_row.addWidget(self.act_on, 1)
        form.addRow("", self.legal_note)
        form.addRow(_("Date of the act"), act_row)
        form.addRow("", self.errors["act_on"])
        form.addRow("", self.prior)
        for key, box in self.conditions.items():
            form.addRow("", box)
            if key == REFUSED:
                form.addRow("", self.errors["law_conditions"])
                form.addRow("", self.refusal_note)
        form.addRow("", self.calls_note)
        form.addRow(_("Provisions violated"), self.violated)
        form.addRow("", self.told_note)
        form.addRow(_("Penalty norm"), self.norm)
        form.addRow("", self.errors["penalty_norm"])
        form.addRow("", self.lower_norm)
        form.addRow("", self.basis_note)
        form.addRow(_("Circumstances"), self.factors)
        form.addRow("", self.errors["discretion_factors"])
        form.addRow("", self.first_violation)
        form.addRow("", self.suggestion)
        form.addRow(_("Tier"), self.tier)
        form.addRow(_("Fine (yuan)"), self.fine)
        form.addRow("", self.decided_note)
        form.addRow("", self.errors["amount"])
        form.addRow("", self.bands)
        form.addRow("", self.bands_note)
        form.addRow("", self.uncovered)
        form.addRow(_("Reason"), self.reason)
        form.addRow("", self.errors["discretion_reason"])
        form.addRow("", self.errors["discretion_tier"])
        # across the whole row, not under a label: a long one would narrow the circumstances' column
        grounds = QGroupBox(_("Legal review required (Penalty Law art. 58)"))
        grounds.setObjectName("review_grounds")
        column = QVBoxLayout(grounds)
        for box in self.review_grounds.values():
            column.addWidget(box)
        form.addRow(grounds)
        discussed = QGroupBox(_("Collective discussion required (Penalty Law art. 57 para. 2)"))
        discussed.setObjectName("discussion_grounds")
        column = QVBoxLayout(discussed)
        for box in self.discussion_grounds.values():
            column.addWidget(box)
        form.addRow(discussed)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolled_fields(body))  # scrolled on a laptop's short screen, the buttons in view
        layout.addWidget(self.buttons)
        for signal in (self.known_act.toggled, self.act_on.dateChanged, self.prior.toggled,
                       self.norm.currentIndexChanged, self.factors.itemChanged, self.tier.currentIndexChanged,
                       self.fine.textChanged, self.reason.textChanged,
                       *(box.toggled for box in (*self.review_grounds.values(),
                                                 *self.discussion_grounds.values()))):
            signal.connect(self.validate)
        for box in self.conditions.values():  # a fact may bring norms of its own (an intermediary's), then validated
            box.toggled.connect(self._refill_norms)
        self._show_decided_law()
        self.validate()
        # wide enough for the circumstances' text, which would otherwise be cut at the list's edge
        fit_to_screen(self, max(self.sizeHint().width(), self.factors.sizeHintForColumn(0) + 260),
                      self.sizeHint().height())
        # one undo history: Ctrl+Z takes back a tick, a circumstance, the tier or the norm chosen as it does typing;
        # the facts before the norm, as shown: a step of both puts the tick back first, which rebuilds the norms,
        # then the norm chosen among them
        self.fields_history = FieldsHistory(self, {
            "known_act": self.known_act, "act_on": self.act_on, "prior": self.prior,
            **{f"condition_{key}": box for key, box in self.conditions.items()}, "norm": self.norm,
            "factors": self.factors, "tier": self.tier, "fine": self.fine, "reason": self.reason,
            **{f"review_{key}": box for key, box in self.review_grounds.items()},
            **{f"discussion_{key}": box for key, box in self.discussion_grounds.items()}}, "penalty")
        self.mark_loaded()

    @staticmethod
    def _condition_boxes(case) -> dict[str, QCheckBox]:
        """A tick box for each fact that changes the law applied (``case_law.condition_labels``): the party refused
        to correct (个人信息保护法 art. 66 para. 1 then fines), an intermediary, information bought only for lawful
        business (the criminal assessment's art. 6)."""
        from workstation.law.case_law import condition_labels

        boxes = {}
        for key, text in condition_labels().items():
            box = QCheckBox(text)
            box.setObjectName(f"condition_{key}")
            box.setChecked(key in case.law_conditions)
            boxes[key] = box
        return boxes

    def _fill_norms(self, law, chosen: str) -> None:
        """The penalty norms to choose from (those of the case's violations under the facts ticked), ``chosen``
        selected when it is one of them."""
        self.norm.blockSignals(True)
        self.norm.clear()
        self.norm.addItem(_("The norm allowing the higher fine (Penalty Law art. 29)"), "")
        for norm in law.candidates:
            if not norm.refers_to:
                self.norm.addItem(norm.citation, norm.id)
        self.norm.setCurrentIndex(max(self.norm.findData(chosen), 0))
        self.norm.blockSignals(False)

    def _refill_norms(self) -> None:
        from dataclasses import replace

        ticked = [key for key, box in self.conditions.items() if box.isChecked()]
        self._fill_norms(case_law(self.db, replace(self.case, law_conditions=ticked)), self.norm.currentData())
        self.validate()

    @staticmethod
    def _review_boxes(case) -> dict[str, QCheckBox]:
        """A tick box for each ground of Penalty Law art. 58 para. 1 the officer marks (``MARKED_GROUNDS``): a case
        marked so is decided only once its 法制审核 is recorded, as one whose hearing was held."""
        from workstation.decision_review import MARKED_GROUNDS
        from workstation.law.data import load
        from workstation.law.thresholds import shown_ground

        boxes = {}
        for ground in load("thresholds")["legal_review"]["grounds"]:
            if ground["key"] in MARKED_GROUNDS:
                box = QCheckBox(shown_ground(ground))
                box.setObjectName(f"review_{ground['key']}")
                box.setToolTip(ground["source"])
                box.setChecked(ground["key"] in case.review_grounds)
                boxes[ground["key"]] = box
        return boxes

    @staticmethod
    def _discussion_boxes(case) -> dict[str, QCheckBox]:
        """A tick box for each ground of Penalty Law art. 57 para. 2 the officer marks (``DISCUSSION_GROUNDS``: 情节复杂,
        重大违法行为): a case marked so is decided only once the heads' collective discussion is recorded."""
        from workstation.decision_review import DISCUSSION_GROUNDS
        from workstation.law.data import load
        from workstation.law.thresholds import shown_ground

        grounds = {g["key"]: g for g in load("thresholds")["collective_discussion"]["grounds"]}
        boxes = {}
        for key, data_key in DISCUSSION_GROUNDS.items():
            box = QCheckBox(shown_ground(grounds[data_key]))
            box.setObjectName(f"discussion_{key}")
            box.setToolTip(grounds[data_key]["source"])
            box.setChecked(key in case.review_grounds)
            boxes[key] = box
        return boxes

    def _show_decided_fine(self) -> None:
        from workstation.law.case_law import as_decided
        from workstation.penalty_terms import decided_amounts_note

        note = decided_amounts_note(self.db, self.case)
        if note is None:
            return
        self.decided_fine = as_decided(self.db, self.case).fine_fen
        self.fine.setText(yuan_input(self.decided_fine))
        self.fine.setReadOnly(True)
        self.fine.setToolTip(note)
        self.decided_note.setText(note)
        self.decided_note.show()

    def _show_decided_law(self) -> None:
        """Grey out the date of the act, the facts and the penalty norm of a case with a decision in force, saying
        why under the note the case editor shows (``cases.decided_legal_note``); the store refuses them changed."""
        from workstation.store.cases import decided_legal_note

        note = decided_legal_note(self.db, self.case)
        if note is None:
            return
        for widget in (self.known_act, self.act_on, self.norm, *self.conditions.values()):
            widget.setEnabled(False)
            widget.setToolTip(note)
        self.legal_note.setText(note)
        self.legal_note.show()

    def typed(self) -> tuple:
        factors = tuple(self.factors.item(i).checkState() == Qt.CheckState.Checked for i in range(self.factors.count()))
        return (self.known_act.isChecked(), self.act_on.date(), self.prior.isChecked(), self.norm.currentIndex(),
                factors, self.tier.currentIndex(), self.fine.text(), self.reason.toPlainText(),
                tuple(box.isChecked() for box in self.review_grounds.values()),
                tuple(box.isChecked() for box in self.conditions.values()),
                tuple(box.isChecked() for box in self.discussion_grounds.values()))

    def choice(self) -> dict:
        """The dialog's values as ``save_penalty_choice`` takes them (ValueError for an unreadable amount); with a
        decision in force, the fine the case records, which it keeps; the circumstances ticked, and those the case
        records that the data in force does not define (``undefined_factors``), which it keeps too."""
        factors = [self.factors.item(i).data(256) for i in range(self.factors.count())
                   if self.factors.item(i).checkState() == Qt.CheckState.Checked]
        factors += [key for key in self.undefined_factors if key not in factors]  # kept: no box to untick them
        return {"act_on": self.act_on.date().toString("yyyy-MM-dd") if self.known_act.isChecked() else None,
                "prior_punished": self.prior.isChecked(), "penalty_norm": self.norm.currentData(),
                "discretion_tier": self.tier.currentData(), "discretion_factors": factors,
                "discretion_reason": self.reason.toPlainText(),
                "review_grounds": [key for key, box in (*self.review_grounds.items(),
                                                        *self.discussion_grounds.items()) if box.isChecked()],
                "law_conditions": [key for key, box in self.conditions.items() if box.isChecked()],
                "fine_fen": self.case.fine_fen if self.decided_fine is not None else parse_amount_fen(self.fine.text())}

    def validate(self) -> dict[str, str]:
        """Show the bands of the applicable range and each problem under its field."""
        from dataclasses import replace

        from workstation.store.cases import case_field_errors

        self.act_on.setEnabled(self.known_act.isChecked() and self.legal_note.isHidden())
        errors: dict[str, str] = {}
        try:
            values = self.choice()
        except ValueError as exc:
            errors["amount"] = str(exc)
            values = None
        ticked = [key for key, box in self.conditions.items() if box.isChecked()]
        self.calls_note.setText(calls_fact_warning(self.case, ticked, self.screening_rules))
        self.calls_note.setVisible(bool(self.calls_note.text()))
        if values is None:  # the amount unreadable: the provisions still follow the facts ticked
            try:
                self._show_violated(case_law(self.db, replace(self.case, law_conditions=ticked)))
            except ValidationError:  # said under its field once the amount reads
                self._show_violated(None)
        self.suggestion.setText(discretion.suggest(values["discretion_factors"] if values else []).message)
        refused = REFUSED in self.conditions and self.conditions[REFUSED].isChecked()
        if refused and self.refusal_refused:
            errors["law_conditions"] = self.refusal_refused
        self.refusal_note.setText(self.refusal_missing or "")
        self.refusal_note.setVisible(bool(refused and self.refusal_missing))
        if values is not None:
            law = None
            try:
                trial = replace(self.case, **values)
                law = case_law(self.db, trial)
                self._show_violated(law)
                self.uncovered.setText(law.uncovered_warning)
                self.uncovered.setVisible(bool(law.uncovered_warning))
                self.lower_norm.setText(law.norm_warning)
                self.lower_norm.setVisible(bool(law.norm_warning))
                self.first_violation.setText(law.first_violation_warning)
                self.first_violation.setVisible(bool(law.first_violation_warning))
                self._show_notes(law)
                if FIRST_VIOLATION in values["discretion_factors"] and (
                        refusal := first_violation_refusal(self.db, trial)):  # punished before, a repeat …
                    errors["discretion_factors"] = refusal
                if refusal := penalty_tier_refusal(values["discretion_tier"], values["fine_fen"],
                                                   values["discretion_factors"],
                                                   values["discretion_reason"]):  # 轻微不罚 …, 应当从轻 …
                    errors["discretion_tier"] = refusal
                if law.penalty is not None:
                    bands = discretion.tiers(law.penalty.range.min_fen, law.penalty.range.max_fen)
                    self.bands.setText(_norm_range(law.penalty) + "\n" + "\n".join(b.text for b in bands))
                    fine = values["fine_fen"] if self.decided_fine is None else self.decided_fine
                    check_discretion(law.penalty, fine, values["discretion_tier"], values["discretion_reason"],
                                     values["discretion_factors"])
                act_error = case_field_errors(self.db, trial, existing=True).get("act_on")
                if act_error:
                    errors["act_on"] = act_error
            except ValidationError as exc:
                errors.update(exc.errors)
                if law is None:  # the law not worked out: never the provisions of the choice before
                    self._show_violated(None)
        show_field_errors(self.errors, errors, self.buttons)
        return errors

    def _show_violated(self, law) -> None:
        """The provisions violated as the documents will cite them under the choice shown (``violated_norms``); with
        ``law`` None (the choice shown refused), that they are not worked out until the problem shown is mended."""
        told = told_provisions_note(self.db, self.case, self.violated_before, law.violated_norms) if law else ""
        self.told_note.setText(told)
        self.told_note.setVisible(bool(told))
        if law is None:
            self.violated.setText(_("Not worked out: mend the problem shown first"))
            return
        self.violated.setText(law.violated_norms or _("None: the case has no penalty basis"))

    def _show_notes(self, law) -> None:
        """Say beside the basis what is not verified about it, and beside the bands what is about them."""
        self.basis_note.setText(to_be_verified(law.basis_unconfirmed) if law.basis_unconfirmed else "")
        self.basis_note.setVisible(bool(law.basis_unconfirmed))
        note = discretion.bands_unconfirmed() if law.penalty is not None else ""
        self.bands_note.setText(to_be_verified(note) if note else "")
        self.bands_note.setVisible(bool(note))

    def save(self) -> None:
        try:
            self.saved = save_penalty_choice(self.db, self.case, **self.choice())
        except (WorkstationError, ValueError) as exc:
            self.prompts.error(self, getattr(exc, "message", str(exc)))
            return
        self.accept()
