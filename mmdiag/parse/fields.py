"""Fields in text layouts: where the message ends, what each field's text is, and its type.

Full and Compact print `message key=value key=value`; Pretty prints `message, key: value`.
Display values are unquoted and may contain spaces; Debug strings are quoted. A message may
itself contain `key=value`-looking text, so for known events the split uses the catalogue's
field names, and for unknown ones the first separator at which brackets and quotes balance.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from mmdiag.catalog import EventKind, FieldType

_IDENT = r"[A-Za-z_][A-Za-z0-9_.]*"
_QUOTED = regex.compile(r'"(?:[^"\\]|\\.)*"', regex.DOTALL)
_INT = regex.compile(r"[-+]?\d+")
_FLOAT = regex.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf|NaN)")


@dataclass(frozen=True)
class Style:
    """How a text layout separates fields: `sep` before a key, `eq` between key and value."""

    name: str
    sep: str
    eq: str

    @property
    def boundary(self) -> regex.Pattern[str]:
        return _boundary(self.sep, self.eq, None)


FULL = Style("full", " ", "=")
PRETTY = Style("pretty", ", ", ": ")


@cache
def _boundary(sep: str, eq: str, keys: tuple[str, ...] | None) -> regex.Pattern[str]:
    names = "|".join(regex.escape(k) for k in keys) if keys else _IDENT
    return regex.compile(f"{regex.escape(sep)}(?P<key>{names}){regex.escape(eq)}")


@cache
def _key_at(eq: str) -> regex.Pattern[str]:
    return regex.compile(f"(?P<key>{_IDENT}){regex.escape(eq)}")


def split_message(
    body: str, style: Style, kind: EventKind | None
) -> tuple[str, list[tuple[str, str]]]:
    """The message and the (key, raw text) pairs that follow it."""
    if kind is not None and kind.tracing_field_names:
        known = _boundary(style.sep, style.eq, kind.tracing_field_names)
        found = known.search(body, min(len(n) for n in kind.needles))
        start = found.start() if found else None
    elif kind is not None:
        return body, []  # everything is in the message (e.g. order rejections)
    else:
        start = _first_balanced_boundary(body, style.boundary)
    if start is None:
        return body, []
    return body[:start], _pairs(body[start + len(style.sep) :], style)


def _first_balanced_boundary(text: str, boundary: regex.Pattern[str], start: int = 0) -> int | None:
    """The first separator after `start` with brackets and quotes balanced in between.

    Counts are carried from one candidate separator to the next, so a line with many
    `key=`-looking separators and an unbalanced quote costs one pass, not one pass per separator.
    """
    balance = _Balance()
    done = start
    for found in boundary.finditer(text, start):
        balance.add(text, done, found.start())
        done = found.start()
        if balance.balanced:
            return found.start()
    return None


class _Balance:
    """Running counts of quotes and brackets over a text read piece by piece."""

    __slots__ = ("braces", "parens", "quotes", "squares")

    def __init__(self) -> None:
        self.quotes = self.braces = self.parens = self.squares = 0

    def add(self, text: str, start: int, end: int) -> None:
        # A piece ends at a separator, so an escaped quote (`\"`) never straddles two pieces.
        self.quotes += text.count('"', start, end) - text.count('\\"', start, end)
        self.braces += text.count("{", start, end) - text.count("}", start, end)
        self.parens += text.count("(", start, end) - text.count(")", start, end)
        self.squares += text.count("[", start, end) - text.count("]", start, end)

    @property
    def balanced(self) -> bool:
        return self.quotes % 2 == 0 and not (self.braces or self.parens or self.squares)


def _pairs(text: str, style: Style) -> list[tuple[str, str]]:
    """Parse `key<eq>value<sep>key<eq>value...`; a value runs to the next balanced separator."""
    key_at = _key_at(style.eq)
    pairs: list[tuple[str, str]] = []
    pos = 0
    while pos <= len(text):
        head = key_at.match(text, pos)
        if head is None:
            if pairs:  # text the pairs cannot absorb stays with the last value
                key, value = pairs[-1]
                pairs[-1] = (key, value + style.sep + text[pos:])
            break
        start = head.end()
        end = _value_end(text, start, style)
        pairs.append((head.group("key"), text[start:end]))
        pos = end + len(style.sep)
        if end >= len(text):
            break
    return pairs


def _value_end(text: str, start: int, style: Style) -> int:
    if text.startswith('"', start):
        quoted = _QUOTED.match(text, start)
        if quoted is not None and (
            quoted.end() == len(text) or style.boundary.match(text, quoted.end())
        ):
            return quoted.end()
    end = _first_balanced_boundary(text, style.boundary, start)
    return len(text) if end is None else end


@lru_cache(maxsize=1 << 16)  # a log repeats its values (sizes, limits, counts) all day
def typed_value(text: str, declared: FieldType | None) -> int | float | bool | str | None:
    """The value a field's text stands for. The same text gives the same value in every layout.

    Display numbers ("237.00") become numbers, `true`/`false` booleans, Debug strings lose their
    quotes. Non-finite numbers become None (JSON has no NaN); the original text is kept apart.
    """
    if declared == "str":
        return _unquote(text)
    if declared in (None, "int") and _INT.fullmatch(text):
        return int(text)
    if declared in (None, "int", "float") and _FLOAT.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else None
    if declared in (None, "bool") and text in ("true", "false"):
        return text == "true"
    return _unquote(text)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
        try:
            value = json.loads(text)
        except ValueError:
            return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        if isinstance(value, str):
            return value
    return text


def span_pairs(inner: str) -> list[tuple[str, str]]:
    """The fields inside a Full-layout span's braces: `key=value key=value`."""
    return _pairs(inner, FULL) if inner else []


def pretty_pairs(text: str) -> list[tuple[str, str]]:
    """Fields written `key: value, key: value` (a Pretty `in span with ...` line)."""
    return _pairs(text, PRETTY)
