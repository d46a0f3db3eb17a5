"""The same officer entered twice is refused by the core, whoever saves it (not only the officers dialog); the demo
loader is not refused for its officers by one typed by hand under the same name."""

import pytest

from workstation.errors import ValidationError
from workstation.records import Officer
from workstation.store import list_officers, officer_field_errors, save_officer
from workstation.store.agencies import agency_id_for_code


def test_the_core_refuses_the_same_officer_entered_twice_at_the_name(db, english):
    nanhai = agency_id_for_code("440605")
    save_officer(db, Officer(name="梁晓彤", agency_id=nanhai))  # no certificate yet
    twice = Officer(name=" 梁晓彤 ", cert_no="44060512002", agency_id=nanhai)
    assert officer_field_errors(db, twice)["name"].startswith("梁晓彤 is already an officer of this agency")
    with pytest.raises(ValidationError) as refused:
        save_officer(db, twice)
    assert list(refused.value.errors) == ["name"]
    assert [o.name for o in list_officers(db)] == ["梁晓彤"]


def test_the_demo_loads_although_an_officer_typed_by_hand_has_the_name_of_one_of_its_own(db):
    from workstation.demo import load_demo, load_seed

    seed = load_seed()
    first = seed["officers"][0]
    save_officer(db, Officer(name=first["name"], agency_id=agency_id_for_code(first["agency"])))  # no certificate
    load_demo(db, complaints=False)
    assert [o.name for o in list_officers(db)].count(first["name"]) == 2
