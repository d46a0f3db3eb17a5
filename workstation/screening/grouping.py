"""Grouping of screened complaints into leads: complaints sharing a normalised number or a business name
(written in any of its ways: ``business_key``) belong together, transitively (union-find), and each group is
summarised the way an officer reads a lead — how many complaints, when, the numbers and businesses behind them, the
likely sector, district and town, and a few sample texts. The group key (its smallest number, else its smallest
business name) lets screening again find the lead it made before."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from workstation.screening.phones import business_key, extract_businesses
from workstation.screening.rules import Rules, load_rules


@dataclass(slots=True)
class Member:
    """One related complaint as grouping sees it (``ref`` is the caller's handle, e.g. the rowid)."""

    ref: int
    phones: tuple[str, ...]
    businesses: tuple[str, ...]
    received_at: str = ""
    category: str = ""
    sector: str = ""
    district: str = ""
    source: str = ""
    duplicate: bool = False
    #: the town (镇/街道) the complaint's address names, with its district: ("禅城区", "祖庙街道"), else ()
    town: tuple[str, ...] = ()
    #: the id of the complaint it is a copy of when it was received through another channel too (its ``same_as``),
    #: else its own id: members sharing one are one complaint ('' tells nothing: a complaint of its own)
    root: str = ""


@dataclass
class Group:
    """Complaints about the same number(s) or business(es), with the summary a lead is made from."""

    members: list[Member]
    key: str = ""
    phones: list[str] = field(default_factory=list)
    businesses: list[str] = field(default_factory=list)
    count: int = 0
    first_at: str = ""
    last_at: str = ""
    category: str = ""
    sector: str = ""
    district: str = ""
    source: str = ""
    samples: list[int] = field(default_factory=list)
    town: str = ""


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.size = [1] * n

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]


def group_members(members: Sequence[Member], rules: Rules | None = None) -> list[Group]:
    """The groups of ``members`` that name at least one number or business, largest first (then by key);
    members naming neither are in no group, unless a copy of the same complaint (``Member.root``) is. A business
    groups by its ``business_key`` (佛山市美家装饰工程有限公司 with 美家装饰工程有限公司), each name listed as written. A
    complaint and its copies received through other channels are one complaint: in one group, whatever each names."""
    sets = UnionFind(len(members))
    owner: dict[str, int] = {}
    # the complaints copies were linked to (few): only they and their copies are looked up by root
    linked = {member.root for member in members if member.duplicate and member.root}
    roots: dict[str, int] = {}  # apart from the numbers and names: a root is a complaint's id, neither of them
    keys: dict[str, str] = {}  # each name's key, worked out once: the same few names recur on many complaints
    for i, member in enumerate(members):
        named = tuple(keys.get(b) or keys.setdefault(b, business_key(b, rules)) for b in member.businesses)
        for ident in member.phones + named:
            first = owner.setdefault(ident, i)
            if first != i:
                sets.union(first, i)
        if linked and member.root in linked:
            first = roots.setdefault(member.root, i)
            if first != i:
                sets.union(first, i)
    naming = {sets.find(i) for i, member in enumerate(members) if member.phones or member.businesses}
    parts: dict[int, list[Member]] = {}
    for i, member in enumerate(members):
        if (part := sets.find(i)) in naming:
            parts.setdefault(part, []).append(member)
    groups = [summarise(part, rules=rules) for part in parts.values()]
    groups.sort(key=lambda g: (-len(g.members), g.key))
    return groups


@dataclass(frozen=True)
class Joining:
    """What a complaint naming no keyword joins (``NameJoin.match``): the category of the complaints naming its number
    or business, and the numbers and businesses it shares with them (those of one group only)."""

    category: str
    phones: tuple[str, ...]
    businesses: tuple[str, ...]


class NameJoin:
    """The numbers and businesses (by ``business_key``) the groups of related complaints (``members``, grouped as
    ``group_members`` groups them) name, each with its group and the category of the first complaint naming it: what
    a complaint naming no keyword of any category joins (据号码/名称归并). Reads no database: screening
    (``screen._Pass.join_by_names``) and the rule editor's preview (``screen.preview_rules``) match the same way."""

    def __init__(self, members: Sequence[Member], rules: Rules):
        self.rules = rules
        self.phones: dict[str, tuple[int, str]] = {}  # each number: its group and the category of its first member
        self.businesses: dict[str, tuple[int, str]] = {}  # each business key: the same
        self._keys: dict[str, str] = {}
        for n, group in enumerate(group_members(members, rules)):
            for member in group.members:
                for number in member.phones:
                    self.phones.setdefault(number, (n, member.category))
                for name in member.businesses:
                    self.businesses.setdefault(self.key(name), (n, member.category))

    def __bool__(self) -> bool:
        return bool(self.phones or self.businesses)

    def key(self, name: str) -> str:
        """``business_key`` of ``name``, worked out once: the same few names recur on many complaints."""
        return self._keys.get(name) or self._keys.setdefault(name, business_key(name, self.rules))

    def search_words(self) -> list[str]:
        """The words a complaint that may join writes (each number, in full-width digits too, and each business key
        of at least 3 characters, which the trigram index finds): what the texts' index is searched for."""
        from workstation.fullwidth import TO_FULL

        return list(dict.fromkeys([*self.phones, *(n.translate(TO_FULL) for n in self.phones),
                                   *(key for key in self.businesses if len(key) >= 3)]))

    def match(self, phones: str, businesses: str, text: str) -> Joining | None:
        """What a complaint naming no keyword joins, given the numbers and businesses screening reads in it
        (``screen_complaint`` ``names``: of its text and of its 被反映对象 column, space-separated) and its ``text``;
        None when it joins none. A number it shares is enough; a business only when its text names it (or a number
        is shared too): a large firm's 被反映对象 names it on its service complaints (退保, 理赔) as well as on its
        marketing calls, so the column alone joins no complaint to the lead of the latter. Of several groups, the one
        named first only, with the numbers and businesses it shares with that group: it joins no two leads and
        brings in no number of its own."""
        shared_phones = [n for n in phones.split() if n in self.phones]
        shared_businesses = [b for b in businesses.split() if self.key(b) in self.businesses]
        if shared_businesses and not shared_phones:
            named = {self.key(name) for name in extract_businesses(text, self.rules)}
            shared_businesses = [b for b in shared_businesses if self.key(b) in named]
        if not shared_phones and not shared_businesses:
            return None
        group, category = self.phones[shared_phones[0]] if shared_phones else \
            self.businesses[self.key(shared_businesses[0])]
        return Joining(category, tuple(p for p in shared_phones if self.phones[p][0] == group),
                       tuple(b for b in shared_businesses if self.businesses[self.key(b)][0] == group))


def summarise(members: list[Member], samples: int = 3, rules: Rules | None = None) -> Group:
    """The lead-level summary of one group: numbers and businesses by how often they occur, the distinct
    complaint count (a complaint and its copies received through other channels, ``Member.root``, count once),
    first and last dates, the majority category, sector (``_sector``, in the order of ``rules``: default the shipped
    ones) and district, the town of that district most of its complaints' addresses name (ties: as ``_majority``
    breaks them), the source of the earliest complaint, and up to ``samples`` of the earliest complaints, a copy of
    one quoted already left out."""
    ordered = sorted(members, key=_in_order)
    phones = _by_frequency(p for m in members for p in m.phones)
    businesses = _by_frequency(b for m in members for b in m.businesses)
    dates = [m.received_at for m in ordered if m.received_at]
    district = _majority(m.district for m in members)
    return Group(
        members=ordered, key=min(phones) if phones else min(businesses, default=""), phones=phones, businesses=businesses,
        count=len({m.root or m.ref for m in members}),
        first_at=dates[0] if dates else "", last_at=dates[-1] if dates else "",
        category=_majority(m.category for m in members), sector=_sector(members, rules),
        district=district, source=ordered[0].source, samples=[m.ref for m in first_of_each(ordered, samples)],
        town=_majority(m.town[1] for m in members if m.town and m.town[0] == district))


def first_of_each(members: Sequence[Member], n: int) -> list[Member]:
    """Up to ``n`` of ``members``, the earliest received first (then by ``ref``), one of each complaint: a copy
    received through another channel (``Member.root``) left out once the complaint or another copy is taken, taken
    in its stead when received first. Screening's samples of a lead (``summarise``) and those its documents quote
    (``leads_workflow.lead_context``)."""
    taken: list[Member] = []
    seen: set = set()
    for m in sorted(members, key=_in_order):
        if len(taken) == n:
            break
        if (one := m.root or m.ref) not in seen:
            seen.add(one)
            taken.append(m)
    return taken


def _in_order(member: Member) -> tuple[str, int]:
    return member.received_at or "", member.ref


def _by_frequency(values) -> list[str]:
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], v))


def _sector(members: list[Member], rules: Rules | None) -> str:
    """The sector most of the members hint at, a tie going to the one the rules list first; "other" (no hint) only
    when none of them hints at one."""
    counts = Counter(m.sector for m in members if m.sector and m.sector != "other")
    if not counts:
        return "other" if any(m.sector for m in members) else ""
    order = {key: n for n, key in enumerate((rules or load_rules()).sectors)}
    return min(counts, key=lambda v: (-counts[v], order.get(v, len(order)), v))


def _majority(values) -> str:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else ""
