"""The demo's complaint exports: a 12345 work-order CSV and a consumer-council CSV of 13,543 complaints
(``resources/demo/complaints.toml``), among them those behind each lead of the seed campaign, written the way
complainants write numbers. The demo imports them with the complaint importer and screens them like any
officer's exports, so the seed's leads come out of screening (see ``workstation.demo``). Deterministic: the
same files every time, so loading the demo twice adds nothing."""

from __future__ import annotations

import csv
import datetime as dt
import random
import tomllib
from pathlib import Path

from workstation.paths import resource

SEED = 2026


def settings() -> dict:
    with resource("demo", "complaints.toml").open("rb") as fh:
        return tomllib.load(fh)


def spell(number: str, rng: random.Random) -> str:
    """``number`` as complainants write it: mobiles plain or spaced, landlines with or without 0757 and dashes."""
    if number.startswith("1"):
        return rng.choice([number, f"{number[:3]} {number[3:7]} {number[7:]}", f"{number[:3]}-{number[3:7]}-{number[7:]}"])
    local = number[4:]
    return rng.choice([f"0757-{local}", f"0757{local}", f"{local[:4]}-{local[4:]}", f"(0757){local}"])


def _mobile(rng: random.Random) -> str:
    return rng.choice(["137", "139", "150", "187", "188", "159"]) + f"{rng.randrange(10**8):08d}"


def _moment(day: dt.date, rng: random.Random) -> str:
    return f"{day.isoformat()} {rng.randrange(8, 21):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"


def complaints(leads: list[dict], config: dict | None = None) -> list[dict]:
    """Every complaint of the demo as {channel, time, text, own, target, source}, oldest first: those behind
    each lead (its number in each, its business in some, the first at the lead's receipt time), complaints
    about personal information naming no one, and the operators' and shops' service complaints."""
    config = config or settings()
    rng = random.Random(SEED)
    last = dt.date.fromisoformat(config["last_day"])
    made: list[dict] = []
    for n, lead in enumerate(leads):
        received = dt.datetime.fromisoformat(lead["received_at"])
        channel = "council" if lead["source"] == "consumer_council" else "hotline"
        business = lead.get("target_name") or ""
        for k in range(4 + (n * 5) % 17):
            # none dated after the campaign's last day (those of a lead received in its last weeks fall on it)
            day = min(received.date() + dt.timedelta(days=0 if k == 0 else rng.randrange(1, 25)), last)
            named = bool(business) and k % 2 == 0
            who = rng.choice(config["related"]["named" if named else "unnamed"]).format(business=business)
            text = rng.choice(config["related"][lead["sector"] or "other"]).format(
                num=spell(lead["target_phone"], rng), who=who)
            made.append({"channel": channel, "source": lead["source"], "own": _mobile(rng), "text": text,
                         "target": business if named else "",
                         "time": received.strftime("%Y-%m-%d %H:%M:%S") if k == 0 else _moment(day, rng)})
    first = dt.date.fromisoformat(config["first_day"])
    span = (last - first).days
    filler = config["filler"]
    for j in range(config["total"] - len(made)):
        day = first + dt.timedelta(days=rng.randrange(span + 1))
        if j < filler["anonymous_count"]:
            text = rng.choice(filler["anonymous"])
        else:
            text = rng.choice(filler["unrelated"]).format(k=rng.randrange(5, 300), place=rng.choice(filler["places"]),
                                                          shop=rng.choice(filler["shops"]))
        channel = "hotline" if rng.random() < config["hotline"]["share"] else "council"
        made.append({"channel": channel, "source": "12345", "own": _mobile(rng), "text": text, "target": "",
                     "time": _moment(day, rng)})
    made.sort(key=lambda c: c["time"])
    return made


def write_exports(folder: Path, leads: list[dict]) -> list[Path]:
    """Write the two exports into ``folder`` (UTF-8 with BOM, as Excel saves CSV); returns their paths."""
    config = settings()
    hotline, council = config["hotline"], config["council"]
    rows: dict[str, list[list[str]]] = {"hotline": [], "council": []}
    for c in complaints(leads, config):
        if c["channel"] == "hotline":
            number = f"FS12345-2026-{len(rows['hotline']) + 1:06d}"
            source = hotline["sources"].get(c["source"], hotline["sources"]["12345"])
            rows["hotline"].append([number, c["time"], source, hotline["kind"], "", c["own"], c["text"], c["target"],
                                    hotline["status"]])
        else:
            number = f"XWH2026{len(rows['council']) + 1:06d}"
            rows["council"].append([number, c["time"], "", c["own"], c["target"], c["text"], council["status"]])
    paths = []
    for key in ("hotline", "council"):
        path = Path(folder) / config[key]["file"]
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(config[key]["header"])
            writer.writerows(rows[key])
        paths.append(path)
    return paths
