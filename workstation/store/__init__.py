"""The store: the only place that writes SQL. Functions take a ``sqlite_utils.Database`` and return the
dataclasses of ``workstation.records``; every write is audited inside its transaction.

The names below are loaded from their module on first use (PEP 562): the window's start needs only the agencies,
and importing every store module (with the validators, decimal and the case queries) would delay its first paint."""

from __future__ import annotations

import importlib

_MODULES = {
    "agencies": ("agency_by_code", "agency_id_for_code", "districts", "ensure_reference_data", "get_agency",
                 "get_officer", "list_agencies", "list_officers", "load_reference_agencies", "normalized_cert_no",
                 "offered_officer_name", "officer_named", "officer_field_errors", "open_cases_of_officer",
                 "save_officer", "set_officer_active", "update_agency"),
    "base": ("get_setting", "set_setting"),
    "cases": ("CaseFilter", "case_events", "count_cases", "create_case", "find_case", "get_case", "list_cases",
              "next_case_number", "update_case"),
    "interviews": ("list_interviews", "save_interview"),
    "leads": ("list_leads", "save_lead"),
    "parties": ("find_party", "get_party", "list_parties", "normalized_party", "parties_of_case", "party_field_errors",
                "party_field_warnings", "save_party"),
    "publicity": ("delete_publicity", "get_publicity", "list_publicity", "publicity_field_errors",
                  "publicity_totals", "save_publicity"),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__all__ = sorted(_HOME)


def __getattr__(name: str):
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
