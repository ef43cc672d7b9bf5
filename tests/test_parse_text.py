"""The text layouts' ambiguous corners: targets, Compact span fields, messages with `key=`."""

from __future__ import annotations

from mmdiag.parse.record import ParsedRecord
from mmdiag.parse.text_layout import parse_text

CYCLE = (
    "2026-01-02T22:58:03.144765Z  INFO worker: hyperliquid_rust_sdk::market_maker: "
    "Quote cycle complete modified=5 oid_remaps=0 best_bid=89960.14 best_ask=89996.13 "
    "spread_bps=4.00 bid_levels=5 ask_levels=5 position=0.000000 shard=3"
)
UNKNOWN = "2026-01-02T22:58:04.0Z  INFO worker: some::module: Heartbeat beats=2 shard=3"


def parsed(text: str, **kwargs: object) -> ParsedRecord:
    record = parse_text(text, **kwargs)  # type: ignore[arg-type]
    assert isinstance(record, ParsedRecord)
    return record


def test_compact_learns_a_span_fields_from_known_events() -> None:
    learned: dict[str, set[str]] = {}
    cycle = parsed(CYCLE, span_fields=learned)
    assert cycle.span == "worker{shard=3}"
    assert dict(cycle.fields)["position"] == "0.000000"
    unknown = parsed(UNKNOWN, span_fields=learned)
    assert (unknown.span, unknown.fields) == ("worker{shard=3}", [("beats", "2")])


def test_compact_without_knowledge_keeps_trailing_fields_on_the_event() -> None:
    unknown = parsed(UNKNOWN, span_fields={})
    assert (unknown.span, unknown.fields) == ("worker", [("beats", "2"), ("shard", "3")])


def test_rejection_message_keeps_its_key_value_text() -> None:
    line = (
        "2026-01-03T01:10:30.403917Z ERROR hyperliquid_rust_sdk::market_maker::infra::executor: "
        'Bulk order 0 rejected: asset=hyna:BTC side=Sell sz=0.00012 price=90000.1 cloid=Some("0x1")'
        " error=Insufficient margin to place order. asset=0"
    )
    record = parsed(line)
    assert record.message.endswith("error=Insufficient margin to place order. asset=0")
    assert record.fields == []


def test_console_without_target_reads_a_capitalised_first_word_as_message() -> None:
    line = (
        "2026-01-02T22:57:57.417000Z  INFO "
        "Leverage: using configured (max available: 40x) asset=BTC"
    )
    record = parsed(line, has_target=False)
    assert (record.target, record.message) == (
        None,
        "Leverage: using configured (max available: 40x)",
    )


def test_thread_ids_and_file_line_are_skipped() -> None:
    line = (
        "2026-01-02T22:57:57.417000Z  INFO ThreadId(02) market_maker: src/main.rs:41: "
        "Starting market maker asset=BTC"
    )
    record = parsed(line)
    assert (record.target, record.message, record.fields) == (
        "market_maker",
        "Starting market maker",
        [("asset", "BTC")],
    )
