"""The ladder generator's pre-optimizer filter against SEED_TABLE.md Table B.

Table B (computed by the bot's code) lists, per account and leverage, the binary's target
liquidity and how many bid levels survive `allocate_sizes` + `build_raw_ladder`
(`bids_before`). Each (account, leverage) appears twice there (kelly / proportional) with the
same two values, since both come before the optimizer.
"""

from __future__ import annotations

import pytest

from mmdiag.profile import (
    ProfileParams,
    generator_ladder,
    level_profile,
    levels_reaching_optimizer,
    target_liquidity_cap,
)

# account value (USD), leverage, target_liquidity, levels reaching optimizer (bids_before)
TABLE_B = [
    (237.0, 10.0, 0.00526667, 3),
    (237.0, 20.0, 0.01, 5),
    (237.0, 40.0, 0.01, 5),
    (237.0, 50.0, 0.01, 5),
    (50.0, 10.0, 0.00111111, 0),
    (50.0, 20.0, 0.00222222, 0),
    (50.0, 40.0, 0.00444444, 2),
    (50.0, 50.0, 0.00555556, 3),
]


@pytest.mark.parametrize(("account", "leverage", "target", "bids_before"), TABLE_B)
def test_table_b_target_liquidity_and_bids_before(
    account: float, leverage: float, target: float, bids_before: int
) -> None:
    assert target_liquidity_cap(account, 90000.0, leverage) == pytest.approx(target, rel=1e-3)
    ladder = generator_ladder(account, 90000.0, leverage, 5)
    assert ladder.target_liquidity == pytest.approx(target, rel=1e-3)
    assert ladder.levels_reaching_optimizer == bids_before
    assert levels_reaching_optimizer(account, 90000.0, leverage, 5) == bids_before


def test_survivors_are_the_best_levels_first() -> None:
    ladder = generator_ladder(237.0, 90000.0, 10.0)
    assert ladder.surviving == (0, 1, 2)
    assert ladder.holding_time == 2.0
    # The generator's λ uses the 2 s holding time, not the Kelly τ: much lower than κ.
    expected = 2000.0 * 2.0 * (1e-4 / (ladder.depths_bps[0] / 1e4)) ** 2
    assert ladder.fill_intensities[0] == pytest.approx(expected, rel=1e-12)
    assert ladder.fill_intensities[0] < 60.0


def test_the_survivors_select_the_optimizer_levels() -> None:
    ladder = generator_ladder(50.0, 90000.0, 40.0)
    profile = level_profile(90000.0, 5, 40.0).restricted_to(ladder.surviving)
    assert [level.price for level in profile.levels] == [89924.0, 89885.0]


def test_explicit_target_liquidity_overrides_the_cap() -> None:
    assert levels_reaching_optimizer(50.0, 90000.0, 10.0, target_liquidity=0.01) == 5


def test_min_notional_drops_truncated_levels() -> None:
    # Truncated sizes 0.0012 and 0.00116 are $107.9 and $104.3 at their bid prices.
    ladder = generator_ladder(50.0, 90000.0, 40.0, min_notional=105.0)
    assert ladder.truncated_sizes[:2] == (0.0012, 0.00116)
    assert ladder.surviving == (0,)


def test_all_unprofitable_levels_allocate_nothing() -> None:
    params = ProfileParams(fees_bps=100.0, spread_floor_bps=6.0, depths=(6.0, 9.0))
    ladder = generator_ladder(237.0, 90000.0, 20.0, 2, params=params)
    assert ladder.allocated_sizes == (0.0, 0.0)
    assert ladder.levels_reaching_optimizer == 0


def test_ask_side_checks_notional_at_the_ask_price() -> None:
    ladder = generator_ladder(50.0, 90000.0, 40.0, side="ask")
    assert ladder.prices[0] == 90076.0
    assert ladder.levels_reaching_optimizer == 2
