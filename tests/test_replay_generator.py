"""SEED_TABLE.md Table B through the replay: the ladder generator's filter, then both versions.

Each row: account ($ margin, the account value in the binary's target-liquidity cap), capacity,
leverage, method; the generator's target liquidity and surviving levels (`bids_before`); orders
before and after the fix on those levels; the fixed version's raw sizes (6 significant digits);
whether d8bb6a1's ladder_strat logs 'All bid levels filtered out' with each optimizer.
"""

from __future__ import annotations

import json

import pytest

from mmdiag.replay import ReplayInputs, replay
from tests.cli_helpers import run

K5 = [0.000959485, 0.000695638, 0.0004815, 0.000318749, 0.000177628]
P5 = [0.000176233, 0.000384232, 0.000682615, 0.000813983, 0.000575937]
K3 = [0.00118239, 0.000857248, 0.000593362]
P3 = [0.000373283, 0.000813852, 0.00144587]
# account, capacity, leverage, method, target, reaching, before, after, raw sizes, warnings
TABLE_B = [
    (237, 0.002633, 10, "kelly", 0.00526667, 3, 1, 3, K3, "no/no"),
    (237, 0.002633, 10, "proportional", 0.00526667, 3, 1, 3, P3, "no/no"),
    (237, 0.002633, 20, "kelly", 0.01, 5, 0, 5, K5, "yes/no"),
    (237, 0.002633, 20, "proportional", 0.01, 5, 0, 5, P5, "yes/no"),
    (237, 0.002633, 40, "kelly", 0.01, 5, 0, 5, K5, "yes/no"),
    (237, 0.002633, 40, "proportional", 0.01, 5, 0, 5, P5, "yes/no"),
    (237, 0.002633, 50, "kelly", 0.01, 5, 0, 5, K5, "yes/no"),
    (237, 0.002633, 50, "proportional", 0.01, 5, 0, 5, P5, "yes/no"),
    (50, 0.0003, 10, "kelly", 0.00111111, 0, 0, 0, None, "no/no"),
    (50, 0.0003, 10, "proportional", 0.00111111, 0, 0, 0, None, "no/no"),
    (50, 0.0003, 20, "kelly", 0.00222222, 0, 0, 0, None, "no/no"),
    (50, 0.0003, 20, "proportional", 0.00222222, 0, 0, 0, None, "no/no"),
    (50, 0.0003, 40, "kelly", 0.00444444, 2, 0, 2, [0.000173912, 0.000126088], "yes/no"),
    (50, 0.0003, 40, "proportional", 0.00444444, 2, 0, 1, [0, 0.000205668], "yes/no"),
    (50, 0.0003, 50, "kelly", 0.00555556, 3, 0, 1, [0.00013472, 0, 0], "yes/no"),
    (50, 0.0003, 50, "proportional", 0.00555556, 3, 0, 1, [0, 0, 0.00016474], "yes/no"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("account", "capacity", "leverage", "method", "target", "reaching", "before", "after", "raw",
     "warnings"),
    TABLE_B,
    ids=[f"${r[0]}-{r[2]}x-{r[3]}" for r in TABLE_B],
)  # fmt: skip
def test_table_b_row(
    account: float,
    capacity: float,
    leverage: float,
    method: str,
    target: float,
    reaching: int,
    before: int,
    after: int,
    raw: list[float] | None,
    warnings: str,
) -> None:
    inputs = ReplayInputs(
        price=90000.0,
        side_capacity=capacity,
        levels=5,
        leverage=leverage,
        margin=float(account),
        coin="BTC",
    )
    generator = replay(inputs, method, model_generator=True).generator
    assert generator is not None
    assert generator.target_liquidity == pytest.approx(target, rel=1e-5)
    assert generator.reaching == reaching
    assert generator.surviving == tuple(range(reaching))  # the best levels survive
    if reaching == 0:
        assert generator.pre is None and generator.fixed is None  # optimizer never called
        assert "passes none of the 5 levels" in generator.summary()
        assert warnings == "no/no"
        return
    assert generator.pre is not None and generator.fixed is not None
    assert len(generator.pre.accepted) == before
    assert len(generator.fixed.accepted) == after
    assert [float(f"{s:.6g}") for s in generator.fixed.sizes] == raw
    shown = "/".join("yes" if o.warning else "no" for o in (generator.pre, generator.fixed))
    assert shown == warnings
    if reaching < 5:
        assert (
            f"passes only {reaching} of 5 levels" in generator.summary()
            and f"before the fix: {before} order(s), after: {after} order(s)" in generator.summary()
        )


def test_the_main_answer_stays_the_optimizer_on_the_levels_given() -> None:
    # Bug report: $50 at 10x places one order after the fix on 5 levels, but in the bot no
    # level reaches the optimizer. Both are reported; the generator in its own section.
    inputs = ReplayInputs(
        price=90000.0, side_capacity=0.0003, levels=5, leverage=10.0, margin=50.0, coin="BTC"
    )
    result = replay(inputs, model_generator=True)
    assert len(result.fixed.accepted) == 1
    assert result.generator is not None and result.generator.reaching == 0
    assert any("the modelled ladder generator passes only 0" in n for n in result.notes)
    assert replay(inputs).generator is None  # analyze's levels are already after the generator


def test_replay_cli_shows_the_generator_and_its_overrides(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["replay", "--price", "90000", "--capacity", "0.0003", "--margin", "50"]
    text = run(capsys, *args, "--leverage", "10").out
    assert "The ladder generator (modelled: target_liquidity = min(0.01 BTC" in text
    assert "= 0.00111111 BTC) passes none of the 5 levels" in text
    data = json.loads(
        run(capsys, *args, "--leverage", "10", "--target-liquidity", "0.02", "--format", "json").out
    )
    generator = data["ladder_generator"]
    assert generator["levels_reaching_optimizer"] == 0
    assert "(target_liquidity, override)" in generator["formula"]
    # A larger max_position config does not help: 0.4 × 0.00278 BTC is still under 0.01.
    data = json.loads(run(capsys, *args, "--max-position", "1", "--format", "json").out)
    assert data["ladder_generator"]["levels_reaching_optimizer"] == 0
    refused = run(capsys, "replay", "--price", "90000", "--capacity", "1", "--max-position", "1")
    assert refused.code == 2 and "give --margin" in refused.err
    no_margin = json.loads(
        run(capsys, "replay", "--price", "90000", "--capacity", "1", "--format", "json").out
    )
    assert no_margin["ladder_generator"] is None
