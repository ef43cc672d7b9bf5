"""The Full and Compact text layouts, with or without target, thread ids and file:line.

Full:    `TS LEVEL [ThreadId(01)] [span{k=v}:span2{k=v}: ][target: ][file.rs:12: ]message k=v`
Compact: `TS LEVEL [span:span2: ][target: ]message k=v span_k=span_v` (span fields last)

Without its `{...}`, a lone prefix is either a target or a Compact span name; and a message
may itself start with `word: `. The parser tries the readings in order of likelihood and keeps
the first whose message the catalogue knows, else the first reading.
"""

from __future__ import annotations

import regex

from mmdiag import catalog
from mmdiag.parse import fields as fieldtext
from mmdiag.parse.record import ParsedRecord, Unparsed, render_span

TIMESTAMP = r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d(?::?\d\d)?)?"
_HEADER = regex.compile(
    rf"\s*(?P<ts>{TIMESTAMP})\s+(?P<level>TRACE|DEBUG|INFO|WARN|ERROR)\s+"
    r"(?:(?:\S+ )?ThreadId\(\d+\)\s+)?(?P<rest>.*)",
    regex.DOTALL,
)
_BRACES = r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
_NAME = r"[a-z_][a-z0-9_]*(?:::[a-z0-9_]+)*"
_SEGMENT = regex.compile(rf"(?P<chain>{_NAME}(?:{_BRACES})?(?::{_NAME}(?:{_BRACES})?)*): ")
_SPAN_PART = regex.compile(rf"(?P<name>{_NAME})(?P<braces>{_BRACES})?")
_FILE_LINE = regex.compile(r"[\w./\\-]+\.rs:\d+: ")


def parse_text(
    text: str,
    has_target: bool | None = None,
    span_fields: dict[str, set[str]] | None = None,
) -> ParsedRecord | Unparsed:
    """One Full or Compact record. `span_fields` (span name -> its field names) is what the
    input has shown so far; Compact records of known kinds add to it."""
    header = _HEADER.match(text)
    if header is None:
        return Unparsed("no timestamp and level at the start")
    rest = header.group("rest")
    best: tuple[str | None, list[str], int] | None = None
    for target, spans, start in _readings(_prefix_chains(rest), has_target):
        if best is None:
            best = (target, spans, start)
        if catalog.candidate_kind(rest[start:]) is not None:
            best = (target, spans, start)
            break
    assert best is not None
    target, spans, start = best
    body = rest[start:]
    file_line = _FILE_LINE.match(body)
    if file_line is not None:
        body = body[file_line.end() :]
    kind = catalog.candidate_kind(body)
    message, pairs = fieldtext.split_message(body, fieldtext.FULL, kind)
    trailing: list[tuple[str, str]] = []
    compact = bool(spans) and all("{" not in s for s in spans)
    if compact:
        pairs, trailing = _compact_span_fields(pairs, kind, spans[-1], span_fields)
    return ParsedRecord(
        timestamp=header.group("ts"),
        level=header.group("level"),
        target=target,
        span=_render_chain(spans, trailing),
        message=message,
        fields=pairs,
        layout="compact" if compact else "full",
    )


def _compact_span_fields(
    pairs: list[tuple[str, str]],
    kind: catalog.EventKind | None,
    span: str,
    learned: dict[str, set[str]] | None,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Split Compact's fields into the event's and the span's (printed last, unmarked)."""
    if kind is not None:
        own = set(kind.field_names)
        event = [(k, v) for k, v in pairs if k in own]
        trailing = [(k, v) for k, v in pairs if k not in own]
        if learned is not None and trailing:
            learned.setdefault(span, set()).update(k for k, _ in trailing)
        return event, trailing
    known = set(catalog.KNOWN_SPAN_FIELDS.get(span, ())) | (learned or {}).get(span, set())
    cut = len(pairs)
    while cut and pairs[cut - 1][0] in known:
        cut -= 1
    return pairs[:cut], pairs[cut:]


def _prefix_chains(rest: str) -> list[tuple[str, int]]:
    """Up to two `chain: ` prefixes, each with the offset where the text after it starts."""
    chains: list[tuple[str, int]] = []
    pos = 0
    while len(chains) < 2:
        found = _SEGMENT.match(rest, pos)
        if found is None:
            break
        pos = found.end()
        chains.append((found.group("chain"), pos))
    return chains


def _readings(
    chains: list[tuple[str, int]], has_target: bool | None
) -> list[tuple[str | None, list[str], int]]:
    """Candidate (target, span chain parts, message start), most likely first."""
    readings: list[tuple[str | None, list[str], int]] = []
    if len(chains) == 2:
        (first, _), (second, after_second) = chains
        if "{" not in second:
            readings.append((second, _split_chain(first), after_second))
    if chains:
        first, after_first = chains[0]
        if "{" in first:
            readings.append((None, _split_chain(first), after_first))
        elif has_target is False:
            readings.append((None, _split_chain(first), after_first))
            readings.append((first, [], after_first))
        else:
            readings.append((first, [], after_first))
            readings.append((None, _split_chain(first), after_first))
    readings.append((None, [], 0))
    return readings


def _split_chain(chain: str) -> list[str]:
    return [found.group(0) for found in _SPAN_PART.finditer(chain)]


def _render_chain(parts: list[str], trailing: list[tuple[str, str]]) -> str | None:
    if not parts:
        return None
    segments = []
    for index, part in enumerate(parts):
        found = _SPAN_PART.fullmatch(part)
        assert found is not None
        name = found.group("name")
        braces = found.group("braces")
        span_fields = fieldtext.span_pairs(braces[1:-1]) if braces else []
        if index == len(parts) - 1:
            span_fields += trailing
        segments.append(render_span(name, span_fields))
    return ":".join(segments)


_CHAIN = rf"{_NAME}(?:{_BRACES})?(?::{_NAME}(?:{_BRACES})?)*"
_BARE_TARGET = regex.compile(rf"\s*{TIMESTAMP}\s+\S+\s+(?:{_CHAIN}: )?{_NAME}: ")


def detect_has_target(headers: list[str]) -> bool | None:
    """Whether a text log prints targets, from its first record lines (None: cannot tell).

    The bot's default console layout hides the target; a lone `name: ` prefix is then a
    Compact span. Spans with `{...}` do not count either way.
    """
    sample = [h for h in headers[:200] if h.strip()]
    if not sample:
        return None
    with_target = sum(1 for h in sample if _BARE_TARGET.match(h))
    return with_target * 2 >= len(sample)
