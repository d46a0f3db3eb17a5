"""The store: the only place that writes SQL. Functions take a ``sqlite_utils.Database`` and return the
dataclasses of ``workstation.records``; every write is audited inside its transaction."""

from workstation.store.agencies import (
    agency_by_code,
    agency_id_for_code,
    districts,
    ensure_reference_data,
    get_agency,
    get_officer,
    list_agencies,
    list_officers,
    load_reference_agencies,
    officer_field_errors,
    save_officer,
    update_agency,
)
from workstation.store.base import get_setting, set_setting
from workstation.store.cases import (
    CaseFilter,
    case_events,
    count_cases,
    create_case,
    find_case,
    get_case,
    list_cases,
    next_case_number,
    update_case,
)
from workstation.store.interviews import list_interviews, save_interview
from workstation.store.leads import list_leads, save_lead
from workstation.store.parties import (
    find_party,
    get_party,
    list_parties,
    normalized_party,
    parties_of_case,
    party_field_errors,
    save_party,
)
from workstation.store.publicity import (
    delete_publicity,
    get_publicity,
    list_publicity,
    publicity_field_errors,
    publicity_totals,
    save_publicity,
)

__all__ = [
    "CaseFilter", "agency_by_code", "agency_id_for_code", "case_events", "count_cases", "create_case",
    "delete_publicity", "districts", "ensure_reference_data", "find_case", "find_party", "get_agency", "get_case",
    "get_officer", "get_party", "get_publicity", "get_setting", "list_agencies", "list_cases", "list_interviews",
    "list_leads", "list_officers", "list_parties", "list_publicity", "load_reference_agencies", "next_case_number",
    "normalized_party", "officer_field_errors", "parties_of_case", "party_field_errors", "publicity_field_errors",
    "publicity_totals", "save_interview", "save_lead", "save_officer", "save_party", "save_publicity",
    "set_setting", "update_agency", "update_case",
]
