"""The Full and Compact text layouts, with or without target, thread names/ids and file:line.

Full:    `TS LEVEL [thread] [ThreadId(01)] [span{k=v}:span2{k=v}: ][target: ][file.rs:12: ]msg k=v`
Compact: `TS LEVEL [thread] [ThreadId(01)] [span:span2: ][target: ]msg k=v span_k=span_v`

Without its `{...}`, a lone `name: ` prefix is a target, a Compact span name, or the start of a
message (`reconnect: attempt 3 failed`). Targets are module paths (`a::b`) or the catalogue's
known targets; spans are the catalogue's known spans or carry braces. What a file shows (targets
or not, thread names or not) is learnt once from its first records (`detect_shape`); each line
is then read the most likely way, and a reading whose message the catalogue knows wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
# A thread name (`tokio-runtime-worker`, `main`) printed without its id, before the rest.
_THREAD_NAME = regex.compile(r"[^\s:{}=\"]+ ")

Reading = tuple[str | None, list[str], int]
"""(target, span chain parts outermost first, where the message starts)."""
KNOWN_TARGETS = frozenset(target for kind in catalog.KINDS for target in kind.targets)
TEXT_LAYOUTS = ("full", "compact")


@dataclass
class TextShape:
    """What every record of one text input shows, learnt from its first records."""

    has_target: bool | None = None
    """None: cannot tell (each line is read on its own)."""
    thread_names: bool = False
    """A thread name without `ThreadId(..)` follows the level (`with_thread_names(true)`)."""
    layout: str | None = None
    """`full` or `compact` when the user forced it (`--layout`), else None (per line)."""
    span_fields: dict[str, set[str]] = field(default_factory=dict)
    """Span name -> its field names, as far as the input has shown them (Compact)."""


def parse_text(
    text: str,
    has_target: bool | None = None,
    span_fields: dict[str, set[str]] | None = None,
    shape: TextShape | None = None,
) -> ParsedRecord | Unparsed:
    """One Full or Compact record, read the way `shape` says the input writes them.

    `has_target` and `span_fields` are shorthands for a shape with only those known."""
    if shape is None:
        shape = TextShape(has_target=has_target)
        if span_fields is not None:
            shape.span_fields = span_fields
    header = _HEADER.match(text)
    if header is None:
        return Unparsed("no timestamp and level at the start")
    rest = header.group("rest")
    if shape.thread_names:
        thread = _THREAD_NAME.match(rest)
        if thread is not None:
            rest = rest[thread.end() :]
    target, spans, start = _best_reading(rest, shape.has_target, shape.layout == "compact")
    body = rest[start:]
    file_line = _FILE_LINE.match(body)
    if file_line is not None:
        body = body[file_line.end() :]
    kind = catalog.candidate_kind(body)
    message, pairs = fieldtext.split_message(body, fieldtext.FULL, kind)
    if shape.layout is not None:
        compact = shape.layout == "compact"
    else:
        compact = bool(spans) and all("{" not in s for s in spans)
    by_span: list[list[tuple[str, str]]] = [[] for _ in spans]
    if compact and spans:
        pairs, by_span = _compact_span_fields(pairs, kind, spans, shape.span_fields)
    return ParsedRecord(
        timestamp=header.group("ts"),
        level=header.group("level"),
        target=target,
        span=_render_chain(spans, by_span),
        message=message,
        fields=pairs,
        layout="compact" if compact else "full",
    )


def _best_reading(rest: str, has_target: bool | None, compact: bool) -> Reading:
    """(target, span chain parts, message start): the first reading whose message the catalogue
    knows, else the most likely one."""
    readings = _readings(_prefix_chains(rest), has_target, compact)
    for target, spans, start in readings:
        if catalog.candidate_kind(rest[start:]) is not None:
            return target, spans, start
    return readings[0]


def _compact_span_fields(
    pairs: list[tuple[str, str]],
    kind: catalog.EventKind | None,
    spans: list[str],
    learned: dict[str, set[str]],
) -> tuple[list[tuple[str, str]], list[list[tuple[str, str]]]]:
    """Split Compact's fields into the event's and each span's (printed last, unmarked, the
    outermost span's first)."""
    names = [_span_name(part) for part in spans]
    known = [set(catalog.KNOWN_SPAN_FIELDS.get(n, ())) | learned.get(n, set()) for n in names]
    if kind is not None:
        own = set(kind.field_names)
        event = [(k, v) for k, v in pairs if k in own]
        trailing = [(k, v) for k, v in pairs if k not in own]
        if len(names) == 1 and trailing:
            learned.setdefault(names[0], set()).update(k for k, _ in trailing)
    else:
        any_span = set().union(*known)
        cut = len(pairs)
        while cut and pairs[cut - 1][0] in any_span:
            cut -= 1
        event, trailing = pairs[:cut], pairs[cut:]
    return event, _spread(trailing, known)


def _spread(trailing: list[tuple[str, str]], known: list[set[str]]) -> list[list[tuple[str, str]]]:
    """Each span's fields: a field goes to the span known to have it; the rest to the one span
    whose fields are not known, or else to the innermost."""
    by_span: list[list[tuple[str, str]]] = [[] for _ in known]
    unknown_spans = [index for index, names in enumerate(known) if not names]
    fallback = unknown_spans[0] if len(unknown_spans) == 1 else len(known) - 1
    for key, value in trailing:
        owner = next((i for i, names in enumerate(known) if key in names), fallback)
        by_span[owner].append((key, value))
    return by_span


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


def _plain(chain: str) -> bool:
    """One name, no braces: a target, a Compact span or a message's first word."""
    return "{" not in chain and ":" not in chain.replace("::", "")


def _target_like(chain: str) -> bool:
    return _plain(chain) and ("::" in chain or chain in KNOWN_TARGETS)


def _span_like(chain: str) -> bool:
    if _target_like(chain):
        return False
    return not _plain(chain) or chain in catalog.KNOWN_SPAN_FIELDS


def _readings(
    chains: list[tuple[str, int]], has_target: bool | None, compact: bool = False
) -> list[Reading]:
    """Candidate (target, span chain parts, message start), most likely first."""
    if not chains:
        return [(None, [], 0)]
    first, after_first = chains[0]
    second, after_second = chains[1] if len(chains) == 2 else (None, 0)
    span_then_target: Reading | None = (
        (second, _split_chain(first), after_second)
        if second is not None and _plain(second) and not _target_like(first)
        else None
    )
    target_only: Reading | None = (first, [], after_first) if _plain(first) else None
    span_only: Reading | None = (
        (None, _split_chain(first), after_first) if not _target_like(first) else None
    )
    ordered: list[Reading | None]
    if has_target is False and not _target_like(first):
        if _span_like(first) or compact:
            ordered = [span_only, target_only, span_then_target]
        else:  # no target printed, no braces: a field-less span or the message's first word
            ordered = [(None, [], 0), span_only]
    elif _span_like(first):
        ordered = [span_then_target, span_only]
    elif _target_like(first):
        ordered = [target_only]
    elif second is not None and _target_like(second):
        ordered = [span_then_target, target_only, span_only]
    else:  # an unknown plain name: with targets printed, it is the target
        ordered = [target_only, span_then_target, span_only]
    readings = [reading for reading in ordered if reading is not None]
    return [*readings, (None, [], 0)]


def _split_chain(chain: str) -> list[str]:
    return [found.group(0) for found in _SPAN_PART.finditer(chain)]


def _span_name(part: str) -> str:
    found = _SPAN_PART.fullmatch(part)
    assert found is not None
    return found.group("name")


def _render_chain(parts: list[str], by_span: list[list[tuple[str, str]]]) -> str | None:
    if not parts:
        return None
    segments = []
    for part, trailing in zip(parts, by_span, strict=True):
        found = _SPAN_PART.fullmatch(part)
        assert found is not None
        braces = found.group("braces")
        span_fields = fieldtext.span_pairs(braces[1:-1]) if braces else []
        segments.append(render_span(found.group("name"), span_fields + trailing))
    return ":".join(segments)


def detect_shape(headers: list[str]) -> TextShape:
    """Whether a text input prints targets and thread names, from its first record lines.

    The bot's default console layout hides the target; a lone `name: ` prefix is then a
    Compact span or a message's first word. A line counts for targets when a prefix is a module
    path or a known target; against when a catalogued message follows the level or spans alone.
    """
    sample = [match.group("rest") for h in headers[:200] if (match := _HEADER.match(h))]
    if not sample:
        return TextShape()
    thread_names = _shows_thread_names(sample)
    if thread_names:
        sample = [rest[m.end() :] if (m := _THREAD_NAME.match(rest)) else rest for rest in sample]
    with_target = without = 0
    for rest in sample:
        chains = _prefix_chains(rest)
        if any(_target_like(chain) for chain, _ in chains):
            with_target += 1
        elif _catalogued_after_spans(rest, chains):
            without += 1
    has_target = None if with_target == without == 0 else with_target >= without
    return TextShape(has_target=has_target, thread_names=thread_names)


def _shows_thread_names(sample: list[str]) -> bool:
    """Most lines start with one word and then a target, a span or a catalogued message."""
    named = plain = 0
    for rest in sample:
        if _evidence(rest):
            plain += 1
            continue
        thread = _THREAD_NAME.match(rest)
        if thread is not None and _evidence(rest[thread.end() :]):
            named += 1
    return named > 0 and named >= 4 * plain


def _evidence(rest: str) -> bool:
    """The text right after the level (and thread) is what tracing prints there."""
    chains = _prefix_chains(rest)
    if chains and (_target_like(chains[0][0]) or _span_like(chains[0][0])):
        return True
    return catalog.candidate_kind(rest) is not None


def _catalogued_after_spans(rest: str, chains: list[tuple[str, int]]) -> bool:
    """A catalogued message right after the level, or after span prefixes only."""
    if catalog.candidate_kind(rest) is not None:
        return True
    for chain, after in chains:
        if not _span_like(chain):
            return False
        if catalog.candidate_kind(rest[after:]) is not None:
            return True
    return False


def detect_has_target(headers: list[str]) -> bool | None:
    """Whether a text log prints targets (None: cannot tell); see `detect_shape`."""
    return detect_shape(headers).has_target
