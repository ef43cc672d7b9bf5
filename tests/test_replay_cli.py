"""`mmdiag replay` as a user sees it: absurd inputs, JSON without inf, units and sources."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from mmdiag.optimizer import versions
from tests.cli_helpers import one_line_error, run, run_process

SEED = ["replay", "--price", "90000", "--capacity", "0.002633"]


def strict_json(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"JSON holds {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--price", "1e-300", "--capacity", "0.002633"], "price"),
        (["--price", "1e308", "--capacity", "0.1", "--format", "json"], "price"),
        (["--price", "90000", "--capacity", "1e308", "--format", "json"], "side_capacity"),
        (["--price", "90000", "--capacity", "0.002633", "--min-notional", "1e20"], "min_notional"),
        (["--price", "90000", "--capacity", "0.002633", "--min-level-size", "1e308"], "min_level"),
        (["--price", "90000", "--capacity", "0.002633", "--margin", "inf"], "margin"),
        (["--price", "90000", "--capacity", "0.002633", "--leverage", "1e9"], "leverage"),
        (["--price", "90000", "--capacity", "0.002633", "--sz-decimals", "40"], "sz_decimals"),
        (["--price", "1e-8", "--capacity", "1", "--min-notional", "1e9"], "min_notional / price"),
        (["--price", "1e-300", "--sweep", "capacity"], "price"),
    ],
)
def test_absurd_inputs_are_one_line_errors_not_hangs(args: list[str], named: str) -> None:
    # A real process: a hang would show as the subprocess never returning (the bug report's
    # `--price 1e-300` and `--min-notional 1e20` looped forever).
    line = one_line_error(run_process("replay", *args))
    assert named in line


def test_json_never_holds_inf_or_nan(capsys: pytest.CaptureFixture[str]) -> None:
    data = strict_json(run(capsys, *SEED, "--min-level-size", "0", "--format", "json").out)
    (pre_min,) = [t for t in data["thresholds"] if t["name"] == "pre_min_size"]
    assert pre_min["capacity"] == 0.0 and pre_min["ratio"] is None
    assert "every capacity meets it" in pre_min["meaning"]
    text = run(capsys, *SEED, "--min-level-size", "0").out
    assert "infx" not in text and "n/a (threshold 0)" in text


def test_overrides_are_listed_with_their_values(capsys: pytest.CaptureFixture[str]) -> None:
    args = [*SEED, "--kappa", "5000", "--sigma", "5e-05", "--depths", "8,12,19,28,42"]
    data = strict_json(run(capsys, *args, "--format", "json").out)
    assert data["profile_overrides"] == {
        "kappa": 5000.0,
        "sigma": 5e-05,
        "depths": [8.0, 12.0, 19.0, 28.0, 42.0],
    }
    assert "with overrides: kappa=5000, sigma=5e-05, depths=8,12,19,28,42" in data["profile"]
    text = run(capsys, *args).out
    assert "with overrides: kappa=5000, sigma=5e-05, depths=8,12,19,28,42 (modelled)" in text


def test_text_shows_each_levels_depth_and_price_and_the_method_source(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = run(capsys, *SEED).out
    assert "kelly_stochastic method (default: the bot's)" in text
    assert "level 0 (8.50 bps, 89,924.00 USD)" in text
    assert "level 4 (42.50 bps, 89,618.00 USD)" in text
    assert "notional at the mid 90,000.00 USD; margin at 10x" in text
    flagged = run(capsys, *SEED, "--method", "proportional").out
    assert "proportional method (flag)" in flagged


def test_the_warning_row_says_which_release_logs_it(capsys: pytest.CaptureFixture[str]) -> None:
    text = run(capsys, *SEED).out
    assert "'All bid levels filtered out'" in text and "(d8bb6a1 ladder_strat)" in text
    assert "a bot running the release before the fix logs no such warning" in text


def test_the_verdict_scopes_both_versions(capsys: pytest.CaptureFixture[str]) -> None:
    text = run(capsys, *SEED, "--margin", "237", "--leverage", "20").out
    assert (
        "Fixed version quotes (fallback: not_needed); this holds for every per-level profile"
        in (text)
    )
    assert "Under the bot's default per-level profile (SEED_TABLE.md): 5 orders." in text
    assert "The version before the fix places nothing under the modelled profile (0 orders)" in text
    dust = run(capsys, "replay", "--price", "90000", "--capacity", "0.0003").out
    assert "The version before the fix places nothing, for every per-level profile" in dust


def test_thresholds_name_what_they_guarantee(capsys: pytest.CaptureFixture[str]) -> None:
    data = strict_json(run(capsys, *SEED, "--format", "json").out)
    names = [t["name"] for t in data["thresholds"]]
    assert names == [
        "fixed_min_size",
        "first_order",
        "fixed_certain_one_order",
        "pre_min_size",
        "pre_first_order",
        "pre_certain_one_order",
    ]
    meanings = " ".join(t["meaning"] for t in data["thresholds"])
    assert "running version" not in meanings and "before the fix" in meanings
    (certain,) = [t for t in data["thresholds"] if t["name"] == "fixed_certain_one_order"]
    assert certain["capacity"] > 0.0006 and certain["scope"] == "every profile"
    at_it = strict_json(
        run(capsys, *SEED[:3], "--capacity", repr(certain["capacity"]), "--format", "json").out
    )
    assert at_it["certain"] is True and at_it["fixed_quotes"] is True
    at_0006 = strict_json(run(capsys, *SEED[:3], "--capacity", "0.0006", "--format", "json").out)
    assert at_0006["certain"] is False


def test_a_capacity_inside_the_gap_says_so_beside_its_ratio(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = run(capsys, "replay", "--price", "90000", "--capacity", "0.00031").out
    assert "2.58x (in the gap: no order)" in text
    assert "Silent outcome: a lone level survives the filter (level 0, 0.00011 BTC)" in text


def test_the_version_list_piped_keeps_every_date_and_commit() -> None:
    """Piped (no terminal, no COLUMNS), rich fits a table to 80 columns and cut the dates."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    result = run_process("versions", env=env)
    assert result.code == 0, result.err
    assert "…" not in result.out
    for version in versions():
        assert version.name in result.out
        assert version.commit[:7] in result.out and version.first in result.out
