"""Two programs changing one keyring at the same time (two copies of the workstation, or a command run beside the
window): no change is lost and ``keyring.json`` is never left damaged — without it nobody can open the data."""

from __future__ import annotations

from tests.helpers import race
from workstation.security import keyring

CHEAP = {"memory_kib": 64, "iterations": 1, "lanes": 1}

# One program adds and removes 丙's passphrase again and again while the other changes 乙's passphrase again and
# again; both start together and stop after the same time, then say what was refused.
WORKER = """
import sys, time
from pathlib import Path
from workstation.errors import WorkstationError
from workstation.security import keyring
keyring.DEFAULT_COST = {"memory_kib": 64, "iterations": 1, "lanes": 1}
data, role = Path(sys.argv[1]), sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()
end, refused, changes, n = time.monotonic() + 0.8, [], 0, 0
if role == "add":
    _name, key = keyring.unlock(data, "passphrase of 甲", "甲")
while n < 3 or time.monotonic() < end:  # a few rounds each, however loaded the machine
    n += 1
    try:
        if role == "add":
            keyring.add_officer(data, key, "丙", "passphrase of 丙")
            keyring.remove_officer(data, "丙")
        else:
            keyring.change_passphrase(data, "乙", f"passphrase {changes} of 乙", f"passphrase {changes + 1} of 乙")
            changes += 1
    except WorkstationError as exc:
        refused.append(exc.message)
print(changes, len(refused), refused[:1], flush=True)
"""


def test_two_programs_changing_the_keyring_at_once_lose_nothing(tmp_path):
    data = tmp_path / "data"
    key = keyring.create_encrypted(data, "甲", "passphrase of 甲", cost=CHEAP)
    keyring.add_officer(data, key, "乙", "passphrase 0 of 乙", cost=CHEAP)
    reports = race(WORKER, [[str(data), role] for role in ("add", "change")], fields=3)
    assert [r[1] for r in reports] == ["0", "0"], reports  # nothing refused: no damaged file, no lost change
    changes = int(reports[1][0])
    assert changes > 0
    assert keyring.officers(data) == ["甲", "乙"]  # 丙 removed last; 乙 not dropped by a stale write
    assert keyring.unlock(data, f"passphrase {changes} of 乙")[1] == key  # the last change counts
    assert keyring.load(data)["failures"] == 0
