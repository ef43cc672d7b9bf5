"""Splitting text-layout fields: right answers, and work in proportion to the line's length."""

from __future__ import annotations

import pytest

from mmdiag.parse import fields as fieldtext
from mmdiag.parse.record import ParsedRecord
from mmdiag.parse.text_layout import parse_text

HEADER = "2026-01-02T22:58:00.000000Z  INFO market_maker: "


def _scanned(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Characters the balance counter reads, collected while the test runs."""
    seen: list[int] = []
    original = fieldtext._Balance.add

    def add(self: fieldtext._Balance, text: str, start: int, end: int) -> None:
        seen.append(end - start)
        original(self, text, start, end)

    monkeypatch.setattr(fieldtext._Balance, "add", add)
    return seen


def test_an_unbalanced_quote_before_many_separators_is_read_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = 'msg " x' + " a=1" * 5000
    seen = _scanned(monkeypatch)
    record = parse_text(HEADER + body)
    assert isinstance(record, ParsedRecord)
    assert (record.message, record.fields) == (body, [])
    assert len(seen) == 5000
    assert sum(seen) <= len(body)


def test_an_unbalanced_value_before_many_separators_is_read_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = 'msg k="x' + " a=1" * 5000
    seen = _scanned(monkeypatch)
    record = parse_text(HEADER + body)
    assert isinstance(record, ParsedRecord)
    assert (record.message, record.fields) == ("msg", [("k", '"x' + " a=1" * 5000)])
    assert sum(seen) <= len(body)


@pytest.mark.parametrize(
    ("body", "message", "pairs"),
    [
        ("hello a=1 b=two words", "hello", [("a", "1"), ("b", "two words")]),
        ('said "x=1 y" n=2', 'said "x=1 y"', [("n", "2")]),
        ("Os { code: 1 } e=Os { k=v } n=3", "Os { code: 1 }", [("e", "Os { k=v }"), ("n", "3")]),
        ('m q="a \\" b=1" n=2', "m", [("q", '"a \\" b=1"'), ("n", "2")]),
    ],
)
def test_fields_split_at_balanced_separators(
    body: str, message: str, pairs: list[tuple[str, str]]
) -> None:
    found_message, found_pairs = fieldtext.split_message(body, fieldtext.FULL, None)
    assert (found_message, found_pairs) == (message, pairs)
