"""The text layouts' ambiguous corners: targets, Compact span fields, messages with `key=`."""

from __future__ import annotations

from pathlib import Path

import pytest

from mmdiag.model import EventLog
from mmdiag.parse.reader import read_events
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


TS = "2026-01-02T22:58:03.144765Z"
CYCLE_FIELDS = (
    "modified=5 oid_remaps=0 best_bid=89960.14 best_ask=89996.13 spread_bps=4.00 "
    "bid_levels=5 ask_levels=5 position=0.000000"
)
MM = "hyperliquid_rust_sdk::market_maker"


def read_lines(tmp_path: Path, lines: list[str], layout: str = "auto") -> EventLog:
    path = tmp_path / "bot.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_events([str(path)], layout=layout)


def full_lines(prefix: str) -> list[str]:
    """A few Full-layout records with `prefix` (thread name, id) after the level."""
    return [
        f"{TS}  INFO {prefix}market_maker: Starting market maker asset=BTC leverage=10",
        f"{TS}  INFO {prefix}quote_cycle{{asset=BTC}}: {MM}: Quote cycle complete {CYCLE_FIELDS}",
        f"{TS} DEBUG {prefix}{MM}::messages::trades: Trades processed count=14",
    ]


@pytest.mark.parametrize(
    "prefix", ["ThreadId(01) ", "main ThreadId(01) ", "tokio-runtime-worker ", "main "]
)
def test_thread_names_and_ids_are_skipped(tmp_path: Path, prefix: str) -> None:
    log = read_lines(tmp_path, full_lines(prefix))
    rows = log.events.select("kind", "target", "span", "message", "layout").rows()
    assert rows == [
        ("started", "market_maker", None, "Starting market maker", "full"),
        ("quote_cycle", MM, "quote_cycle{asset=BTC}", "Quote cycle complete", "full"),
        ("other", f"{MM}::messages::trades", None, "Trades processed", "full"),
    ]
    assert log.inputs[0].layouts == ("full",)


def test_compact_without_targets_keeps_span_and_its_fields_apart(tmp_path: Path) -> None:
    log = read_lines(
        tmp_path,
        [
            f"{TS}  INFO Starting market maker asset=BTC leverage=10",
            f"{TS}  INFO quote_cycle: Quote cycle complete {CYCLE_FIELDS} asset=BTC",
            f"{TS} DEBUG Trades processed count=14",
        ],
    )
    cycle = log.events.row(1, named=True)
    assert (cycle["kind"], cycle["target"], cycle["span"]) == (
        "quote_cycle",
        None,
        "quote_cycle{asset=BTC}",
    )
    assert "asset" not in cycle["fields"]
    assert set(log.events["layout"]) == {"compact"}
    assert log.inputs[0].layouts == ("compact",)


def test_a_message_starting_with_a_word_and_colon_keeps_it(tmp_path: Path) -> None:
    line = f"{TS}  WARN hyperliquid_rust_sdk::ws::manager: reconnect: attempt 3 failed"
    for has_target in (None, True, False):
        record = parsed(line, has_target=has_target)
        assert (record.target, record.span, record.message) == (
            "hyperliquid_rust_sdk::ws::manager",
            None,
            "reconnect: attempt 3 failed",
        )
    log = read_lines(tmp_path, [*full_lines(""), line])
    assert log.events["message"].to_list()[-1] == "reconnect: attempt 3 failed"


def test_without_targets_a_plain_word_and_colon_is_the_message(tmp_path: Path) -> None:
    lines = [
        f"{TS}  INFO Starting market maker asset=BTC leverage=10",
        f"{TS}  WARN reconnect: attempt 3 failed",
    ]
    log = read_lines(tmp_path, lines)
    assert log.events.select("target", "span", "message").rows()[-1] == (
        None,
        None,
        "reconnect: attempt 3 failed",
    )


def test_a_forced_layout_reaches_the_parser(tmp_path: Path) -> None:
    lines = [
        f"{TS}  INFO worker: market_maker: Starting market maker asset=BTC",
        f"{TS}  INFO worker: {MM}: Quote cycle complete {CYCLE_FIELDS} shard=3",
        f"{TS}  INFO worker: some::module: Heartbeat beats=2 shard=3",
    ]
    auto = read_lines(tmp_path, lines)
    assert auto.events["span"].to_list() == ["worker", "worker{shard=3}", "worker{shard=3}"]
    assert set(auto.events["layout"]) == {"compact"}
    full = read_lines(tmp_path, lines, layout="full")
    assert full.events["span"].to_list() == ["worker", "worker", "worker"]
    assert "shard" in full.events["fields"][2]
    assert set(full.events["layout"]) == {"full"}
    assert full.inputs[0].layouts == ("full",)


def test_compact_nested_spans_each_get_their_own_fields() -> None:
    learned: dict[str, set[str]] = {"place": {"batch"}}
    line = (
        f"{TS}  INFO quote_cycle:place: {MM}: Quote cycle complete {CYCLE_FIELDS} asset=BTC batch=3"
    )
    record = parsed(line, span_fields=learned)
    assert record.span == "quote_cycle{asset=BTC}:place{batch=3}"
    unknown = (
        f"{TS}  INFO quote_cycle:place: {MM}: Quote cycle complete {CYCLE_FIELDS} asset=BTC n=1"
    )
    assert parsed(unknown, span_fields={}).span == "quote_cycle{asset=BTC}:place{n=1}"
