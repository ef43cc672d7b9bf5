"""Run the CLI in-process (fast) or as a real process (for stdin and exit codes end to end)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass

import pytest

from mmdiag.cli import main

# A few records as the bot writes them (JSON layout), for self-contained tests.
STARTED = (
    '{"timestamp":"2026-01-02T22:57:57.412000Z","level":"INFO","fields":{"message":'
    '"Starting market maker","asset":"hyna:BTC","target_liquidity":"0.01","leverage":"10",'
    '"max_position":"0.02","decimals":"1","dry_run":false},"target":"market_maker"}'
)
FILTERED = (
    '{"timestamp":"2026-01-02T22:58:09.826507Z","level":"WARN","fields":{"message":'
    '"All bid levels filtered out (sizes too small)","bids_before":5,"available_margin":'
    '"237.00","available_position":"0.002633","min_notional":"10.00","min_level_size":'
    '"0.001000","mid_price":"89958.52"},"target":'
    '"hyperliquid_rust_sdk::market_maker::strategy::ladder_strat","span":{"asset":"hyna:BTC",'
    '"name":"quote_cycle"},"spans":[{"asset":"hyna:BTC","name":"quote_cycle"}]}'
)
FULL_CYCLE = (
    "2026-01-02T22:58:03.144765Z  INFO quote_cycle{asset=hyna:BTC}: "
    "hyperliquid_rust_sdk::market_maker: Quote cycle complete modified=5 oid_remaps=0 "
    "best_bid=89960.14 best_ask=89996.13 spread_bps=4.00 bid_levels=5 ask_levels=5 "
    "position=0.000000"
)


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    """Call `mmdiag` in this process, as the console script would."""
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    code = exited.value.code
    return Result(code if isinstance(code, int) else 0, captured.out, captured.err)


def run_process(
    *args: str, stdin: bytes | None = None, env: Mapping[str, str] | None = None
) -> Result:
    done = subprocess.run(
        [sys.executable, "-m", "mmdiag", *args],
        input=stdin,
        capture_output=True,
        check=False,
        env=env,
    )
    return Result(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def one_line_error(result: Result) -> str:
    """The single `mmdiag: ...` line a bad input must produce (and nothing else)."""
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("mmdiag: "), result.err
    assert "Traceback" not in result.err
    return lines[0]
