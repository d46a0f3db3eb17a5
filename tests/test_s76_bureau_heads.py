"""s76 (bureau_heads): the heads of the 各局考评 CSV all come from ``evaluation.HEADERS`` (the leads decided without
being assigned too, as the export's 各局考评 names them), in the order of the export's columns; the 导入记录 list still
shows a result of exactly ``RESULT_CHARS`` characters whole; with several parties, each party's payments row says
whose payments it lists."""

from __future__ import annotations

from tests.test_s73_party_payments import apart, paid  # noqa: F401  (the fixture)
from workstation.payments import Payment
from workstation.store import get_case


def test_the_csv_heads_are_the_evaluation_heads_in_the_export_s_order(chinese):
    from workstation.evaluation import COLUMNS, HEADERS
    from workstation.i18n import _
    from workstation.stats_export import BUREAU_FIGURES, BUREAU_KEYS, TABLES, bureau_csv_heads

    assert HEADERS["leads_decided_unassigned"] == "Of which registered and checked without being assigned (number)"
    # in Chinese, the heads the statistics export's 各局考评 has, from the compiled catalogue
    assert bureau_csv_heads() == [TABLES["各局考评"], *(name for _key, name, _divisor in BUREAU_FIGURES)]
    # the tab on screen: the same columns in the same order, less the unassigned leads
    assert [c.header for c in COLUMNS] == [HEADERS[key] for key in ("name", *BUREAU_KEYS)
                                           if key != "leads_decided_unassigned"]
    assert [_(c.header) for c in COLUMNS][1:] == [h for h in bureau_csv_heads()[1:] if h != "其中未经交办、自行登记核查（条）"]


def test_a_result_of_exactly_the_cell_s_characters_is_shown_whole(english):
    from ui.exchange_page import RESULT_CHARS, _result_cell

    prefix = "Refused: "
    whole = prefix + "x" * (RESULT_CHARS - len(prefix))
    assert _result_cell({"refused": whole}) == whole
    longer = _result_cell({"refused": whole + "y"})
    assert len(longer) == RESULT_CHARS and longer.endswith("…")


def test_each_party_s_payments_row_says_whose_payments_they_are(db, apart, english):  # noqa: F811
    from workstation.payments import payment_rows
    from workstation.store import parties_of_case

    case, company, employee = apart
    paid(db, case, company, Payment(paid_fen=1_000_000, voucher="CO-1"), "2026-03-20")
    names = {party.id: party.name for party in parties_of_case(db, case.id)}
    labels = [label for label, _text in payment_rows(db, get_case(db, case.id))]
    assert f"Payments of {names[company]}" in labels
    assert all(label.startswith("Payments of ") for label in labels)
