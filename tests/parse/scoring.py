"""Score parsed notices against the gold corpus.

A notice is judged by (group name, role, holder) triples, where the holder is the
person or, for a unit post, the unit; by the exact title on the triples both sides
share; by the metadata fields; by its events and by its personnel changes. Used by
tests/parse/test_corpus.py and benchmarks/parse_score.py.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIRS = (ROOT / "tests" / "data" / "notices", ROOT / "tests" / "data" / "examples")
NOTICE_SUFFIXES = (".txt", ".html", ".htm")
META_FIELDS = ("title", "issuer", "doc_number", "date", "region")

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Case:
    notice: Path
    gold: Path

    @property
    def name(self) -> str:
        return self.notice.name


def find_cases(dirs: Iterable[Path] = DEFAULT_DIRS) -> list[Case]:
    """Every notice file that has a gold record beside it (NAME.json or NAME.gold.json)."""
    cases = []
    for d in dirs:
        for notice in sorted(Path(d).iterdir()):
            if notice.suffix not in NOTICE_SUFFIXES:
                continue
            for gold in (notice.with_suffix(".json"), notice.with_suffix(".gold.json")):
                if gold.exists():
                    cases.append(Case(notice, gold))
                    break
    return cases


def load_gold(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("changes", [])
    return data


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"<html" in head or b"<!doctype" in head or b"<body" in head or b"<div" in head


def _fallback_parse(data: bytes) -> Any:
    """Before scrapers.notice exists: decode crudely, strip tags, and call parse_text."""
    from scrapers.parse import parse_text

    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("utf-8", errors="replace")
    if _looks_like_html(data):
        import lxml.html

        text = lxml.html.fromstring(text).text_content()
    return parse_text(text)


def _reader() -> Callable[[bytes], Any]:
    try:
        from scrapers.notice import read_notice
    except ModuleNotFoundError as e:
        if e.name not in ("scrapers.notice",):
            raise
        return _fallback_parse
    except ImportError as e:  # the module exists but has no read_notice yet
        if "read_notice" not in str(e):
            raise
        return _fallback_parse
    return read_notice


def parse_notice(path: Path) -> dict[str, Any]:
    """The contract JSON the project's parser gives for one saved notice."""
    record = _reader()(path.read_bytes())
    data = record.to_json()
    data.setdefault("changes", [])
    return data


def holder_key(member: dict[str, Any]) -> str:
    return member.get("person") or member.get("unit") or ""


def triples(record: dict[str, Any]) -> Counter[Triple]:
    groups = record.get("groups") or []
    return Counter((g["name"], m["role"], holder_key(m)) for g in groups for m in g.get("members") or [])


def titles(record: dict[str, Any]) -> dict[Triple, Counter[str | None]]:
    out: dict[Triple, Counter[str | None]] = {}
    for g in record.get("groups") or []:
        for m in g.get("members") or []:
            out.setdefault((g["name"], m["role"], holder_key(m)), Counter())[m.get("title")] += 1
    return out


def event_keys(record: dict[str, Any]) -> Counter[tuple[str, str, tuple[str, ...]]]:
    return Counter(
        (e["type"], e["group"], tuple(sorted(e.get("from") or []))) for e in record.get("events") or []
    )


def _holder(h: dict[str, Any] | None) -> tuple[str | None, str | None, str | None] | None:
    return None if h is None else (h.get("person"), h.get("title"), h.get("unit"))


def change_keys(record: dict[str, Any]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (c["group"], c["role"], _holder(c.get("removed")), _holder(c.get("added")))
        for c in record.get("changes") or []
    )


def partial_flags(record: dict[str, Any]) -> dict[tuple[str, str | None], bool]:
    """(group name, parent) → its `partial` flag (absent means false)."""
    return {(g["name"], g.get("parent")): bool(g.get("partial")) for g in record.get("groups") or []}


def _overlap(a: Counter, b: Counter) -> int:
    return sum((a & b).values())


@dataclass
class FileScore:
    name: str
    gold_triples: int = 0
    parsed_triples: int = 0
    matched: int = 0
    titles_ok: int = 0
    meta: dict[str, bool] = field(default_factory=dict)
    gold_events: int = 0
    parsed_events: int = 0
    matched_events: int = 0
    gold_changes: int = 0
    parsed_changes: int = 0
    matched_changes: int = 0
    groups_matched: int = 0  # groups on both sides (same name and parent)
    partial_ok: int = 0  # of those, how many agree on `partial`
    error: str | None = None

    @property
    def precision(self) -> float:
        return _share(self.matched, self.parsed_triples, self.gold_triples)

    @property
    def recall(self) -> float:
        return _share(self.matched, self.gold_triples, self.parsed_triples)

    @property
    def f1(self) -> float:
        return _f1(self.matched, self.parsed_triples, self.gold_triples)

    @property
    def events_exact(self) -> bool:
        return self.matched_events == self.gold_events == self.parsed_events

    @property
    def changes_exact(self) -> bool:
        return self.matched_changes == self.gold_changes == self.parsed_changes


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _share(matched: int, total: int, other: int) -> float:
    """matched / total; with nothing on this side it is 1 only if the other side is empty too."""
    if total:
        return matched / total
    return 0.0 if other else 1.0


def _f1(matched: int, parsed: int, gold: int) -> float:
    if parsed == 0 and gold == 0:
        return 1.0
    return 2 * matched / (parsed + gold) if parsed + gold else 0.0


def score_record(name: str, gold: dict[str, Any], parsed: dict[str, Any]) -> FileScore:
    s = FileScore(name)
    g_triples, p_triples = triples(gold), triples(parsed)
    s.gold_triples, s.parsed_triples = sum(g_triples.values()), sum(p_triples.values())
    s.matched = _overlap(g_triples, p_triples)
    g_titles, p_titles = titles(gold), titles(parsed)
    for key in g_triples.keys() & p_triples.keys():
        # pair holders of the same triple: a title counts once per matching occurrence
        s.titles_ok += _overlap(g_titles[key], p_titles[key])
    s.meta = {f: _same(gold.get(f), parsed.get(f)) for f in META_FIELDS}
    g_partial, p_partial = partial_flags(gold), partial_flags(parsed)
    shared = g_partial.keys() & p_partial.keys()
    s.groups_matched = len(shared)
    s.partial_ok = sum(g_partial[k] == p_partial[k] for k in shared)
    g_ev, p_ev = event_keys(gold), event_keys(parsed)
    s.gold_events, s.parsed_events, s.matched_events = (
        sum(g_ev.values()),
        sum(p_ev.values()),
        _overlap(g_ev, p_ev),
    )
    g_ch, p_ch = change_keys(gold), change_keys(parsed)
    s.gold_changes, s.parsed_changes, s.matched_changes = (
        sum(g_ch.values()),
        sum(p_ch.values()),
        _overlap(g_ch, p_ch),
    )
    return s


def _same(a: Any, b: Any) -> bool:
    return (None if a is None else str(a)) == (None if b is None else str(b))


def score_case(case: Case) -> FileScore:
    gold = load_gold(case.gold)
    try:
        parsed = parse_notice(case.notice)
    except Exception as e:  # a crashing parser scores zero on this file, the run goes on
        s = score_record(case.name, gold, {})
        s.error = f"{type(e).__name__}: {e}"
        return s
    return score_record(case.name, gold, parsed)


@dataclass
class Totals:
    files: int
    precision: float
    recall: float
    f1: float
    title_rate: float
    meta_accuracy: dict[str, float]
    events_exact: float
    events_f1: float
    changes_exact: float
    changes_f1: float
    errors: int
    partial_rate: float = 1.0  # agreement on `partial` over the groups both sides have
    groups_matched: int = 0


def totals(scores: list[FileScore]) -> Totals:
    n = len(scores) or 1
    matched = sum(s.matched for s in scores)
    parsed = sum(s.parsed_triples for s in scores)
    gold = sum(s.gold_triples for s in scores)
    return Totals(
        files=len(scores),
        precision=_share(matched, parsed, gold),
        recall=_share(matched, gold, parsed),
        f1=_f1(matched, parsed, gold),
        title_rate=_ratio(sum(s.titles_ok for s in scores), matched),
        meta_accuracy={f: sum(s.meta.get(f, False) for s in scores) / n for f in META_FIELDS},
        events_exact=sum(s.events_exact for s in scores) / n,
        events_f1=_f1(
            sum(s.matched_events for s in scores),
            sum(s.parsed_events for s in scores),
            sum(s.gold_events for s in scores),
        ),
        changes_exact=sum(s.changes_exact for s in scores) / n,
        changes_f1=_f1(
            sum(s.matched_changes for s in scores),
            sum(s.parsed_changes for s in scores),
            sum(s.gold_changes for s in scores),
        ),
        errors=sum(s.error is not None for s in scores),
        partial_rate=_ratio(sum(s.partial_ok for s in scores), sum(s.groups_matched for s in scores)),
        groups_matched=sum(s.groups_matched for s in scores),
    )


def triple_diff(gold: dict[str, Any], parsed: dict[str, Any]) -> tuple[list[Triple], list[Triple]]:
    """(missing, extra): gold triples the parser lacks, parsed triples the gold lacks."""
    g, p = triples(gold), triples(parsed)
    return sorted((g - p).elements()), sorted((p - g).elements())
