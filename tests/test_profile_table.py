"""The modelled profile against SEED_TABLE.md's level table, computed by the bot's own code.

SEED_TABLE.md, "Resulting 5 bid levels handed to the optimizer" (mid 90000, leverage 20,
d8bb6a1 defaults). The expected values are copied from that table, so this test does not need
../shared.
"""

from __future__ import annotations

import math

import pytest

from mmdiag.profile import KellyParams, LevelInputs, level_profile

REL = 1e-3

# depth_bps, price, λ, SC, AS, margin_per_unit, MV = λ·SC, Kelly value
SEED_LEVELS = [
    (8.4996, 89924.0, 2000.000, 3.9628, 1.0368, 4500.0, 7925.61, 0.15581),
    (12.7494, 89885.0, 2000.000, 8.6399, 0.6095, 4500.0, 17279.82, 0.11296),
    (19.1242, 89828.0, 2000.000, 15.3494, 0.2747, 4500.0, 30698.82, 0.07819),
    (28.6862, 89742.0, 1458.257, 25.1031, 0.0831, 4500.0, 36606.76, 0.05176),
    (42.4981, 89618.0, 664.418, 38.9833, 0.0148, 4500.0, 25901.25, 0.02884),
]


# --- Private copy of the optimizer's Kelly weight, ONLY to check the table's last column. -------
# OPTIMIZER_DETAILS.md §2 (opt@1b8ac34:259-281, 365-435). TODO: replace with the weight function
# of `mmdiag.optimizer` once that port lands; it is not part of mmdiag.profile on purpose.


def _normal_cdf(x: float) -> float:
    if x < -8.0:
        return 0.0
    if x > 8.0:
        return 1.0
    a1, a2, a3, a4, a5 = 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429
    p = 0.3275911
    sign = -1.0 if x < 0 else 1.0
    xa = abs(x) / 1.4142135623730951
    t = 1.0 / (1.0 + p * xa)
    y = 1.0 - (((((a5 * t + a4) * t) + a3) * t + a2) * t + a1) * t * math.exp((-xa) * xa)
    return 0.5 * (1.0 + sign * y)


def _fill_probability(depth_bps: float, sigma: float, tau: float) -> float:
    depth = depth_bps / 10000.0
    s = sigma * math.sqrt(tau)
    if s < 1e-12 or depth < 1e-9:
        return 1.0 if depth < 1e-9 else 0.0
    return 2.0 * _normal_cdf(-depth / s)


def _kelly_fraction_at_level(sc: float, adverse: float, alpha: float) -> float:
    expected = (1.0 - alpha) * sc - alpha * adverse
    variance = ((sc + adverse) * (sc + adverse)) * alpha * (1.0 - alpha)
    if variance < 1e-10 or expected <= 0.0:
        return 0.0
    return max(expected / variance, 0.0)


def _kelly_weight_for_table_check(level: LevelInputs, kelly: KellyParams) -> float:
    p = _fill_probability(level.depth_bps, kelly.sigma, kelly.time_horizon)
    alpha = kelly.alpha_touch * math.exp((-level.depth_bps) / kelly.alpha_decay_bps)
    kf = _kelly_fraction_at_level(level.spread_capture, level.adverse_selection, alpha)
    return max(p * kf * kelly.kelly_fraction, 0.0)


# --- end of the private copy ------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(SEED_LEVELS)))
def test_every_cell_of_the_seed_level_table(index: int) -> None:
    profile = level_profile(90000.0, 5, 20.0)
    level = profile.levels[index]
    depth, price, lam, sc, adverse, mpu, mv, kelly_value = SEED_LEVELS[index]
    assert level.depth_bps == pytest.approx(depth, rel=REL)
    assert level.price == pytest.approx(price, rel=REL)
    assert level.fill_intensity == pytest.approx(lam, rel=REL)
    assert level.spread_capture == pytest.approx(sc, rel=REL)
    assert level.adverse_selection == pytest.approx(adverse, rel=REL)
    assert level.margin_per_unit == pytest.approx(mpu, rel=REL)
    assert level.marginal_value == pytest.approx(mv, rel=REL)
    assert _kelly_weight_for_table_check(level, profile.kelly) == pytest.approx(
        kelly_value, rel=REL
    )


def test_prices_are_exact_five_significant_figure_roundings() -> None:
    # The table prints whole dollars: 89923.503 -> 89924.0 is round-to-nearest at 5 significant
    # figures (1 price decimal alone would give 89923.5).
    prices = [level.price for level in level_profile(90000.0, 5, 20.0).levels]
    assert prices == [row[1] for row in SEED_LEVELS]


def test_kelly_params_passed_to_the_optimizer() -> None:
    # SEED_TABLE.md: "Kelly params passed: sigma=0.0001, time_horizon=600, alpha_touch=0.25,
    # alpha_decay_bps=15, kelly_fraction=0.2."
    assert level_profile(90000.0, 5, 20.0).kelly == KellyParams(
        sigma=0.0001, time_horizon=600.0, alpha_touch=0.25, alpha_decay_bps=15.0, kelly_fraction=0.2
    )


@pytest.mark.parametrize("leverage", [10.0, 20.0, 40.0, 50.0])
def test_margin_per_unit_is_price_over_leverage(leverage: float) -> None:
    profile = level_profile(90000.0, 5, leverage)
    assert {level.margin_per_unit for level in profile.levels} == {90000.0 / leverage}


def test_ask_side_mirrors_the_bids_above_mid() -> None:
    bids = level_profile(90000.0, 5, 20.0, side="bid")
    asks = level_profile(90000.0, 5, 20.0, side="ask")
    assert [a.depth_bps for a in asks.levels] == [b.depth_bps for b in bids.levels]
    # 90000 + 76.4966 = 90076.4966 -> 90076 (nearest, not away from the mid)
    assert [a.price for a in asks.levels] == [90076.0, 90115.0, 90172.0, 90258.0, 90382.0]
