"""The ladder generator, before the optimizer (SEED_TABLE.md Table B)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mmdiag.profile import ProfileParams, generator_ladder
from mmdiag.replay.inputs import ReplayInputs, _side
from mmdiag.replay.model import Model, VersionOutcome, _model, _outcome_dict
from mmdiag.replay.text import coins_text


@dataclass(frozen=True)
class LadderGenerator:
    """`Ladder::generate`'s own size filter, modelled with the binary's defaults: only the levels
    it keeps reach the optimizer (the warning's `bids_before`)."""

    account_value: float
    """USD: the margin given, taken as the account's value (as SEED_TABLE.md Table B does)."""
    leverage: float
    """max(leverage, 1)."""
    target_liquidity: float
    """coins"""
    formula: str
    """How target_liquidity was computed, each term with its source."""
    levels: int
    surviving: tuple[int, ...]
    allocated_sizes: tuple[float, ...]
    """The generator's own sizes (coins), 0 under min_level_size."""
    pre: VersionOutcome | None
    fixed: VersionOutcome | None
    """The optimizer on the surviving levels; None when none survive (it is never called)."""

    @property
    def reaching(self) -> int:
        return len(self.surviving)

    def summary(self) -> str:
        head = f"the ladder generator (modelled: target_liquidity = {self.formula})"
        if self.reaching == self.levels:
            return f"{head} passes all {self.levels} levels: the replay above stands"
        if self.pre is None or self.fixed is None:
            return (
                f"{head} passes none of the {self.levels} levels: the optimizer is never "
                "called, so neither version quotes, and no 'filtered out' warning is logged "
                "(the log shows only quote cycles with no level on this side)"
            )
        ids = ", ".join(str(i) for i in self.surviving)
        return (
            f"{head} passes only {self.reaching} of {self.levels} levels ({ids}): then before "
            f"the fix: {len(self.pre.accepted)} order(s), after: {len(self.fixed.accepted)} "
            "order(s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "account_value": self.account_value,
            "leverage": self.leverage,
            "target_liquidity": self.target_liquidity,
            "formula": self.formula,
            "levels": self.levels,
            "levels_reaching_optimizer": self.reaching,
            "surviving": list(self.surviving),
            "allocated_sizes": list(self.allocated_sizes),
            "pre_fallback": None if self.pre is None else _outcome_dict(self.pre),
            "with_fallback": None if self.fixed is None else _outcome_dict(self.fixed),
            "summary": self.summary(),
        }


def ladder_generator(
    inputs: ReplayInputs, method: str = "kelly", params: ProfileParams | None = None
) -> LadderGenerator:
    """Both versions after the generator's filter, `inputs.margin` taken as the account value."""
    if inputs.margin is None:
        raise ValueError("modelling the ladder generator needs the margin (the account value)")
    p = params or ProfileParams()
    lev = inputs.effective_leverage
    ladder = generator_ladder(
        inputs.margin,
        inputs.price,
        lev,
        inputs.levels,
        side=_side(inputs),
        min_level_size=inputs.min_level_size,
        min_notional=inputs.min_notional,
        sz_decimals=inputs.sz_decimals,
        price_decimals=inputs.price_decimals,
        params=p,
    )
    default = ProfileParams()

    def source(name: str) -> str:
        return "default" if getattr(p, name) == getattr(default, name) else "override"

    formula = (
        f"min({p.target_liquidity_cfg:g} {inputs.coin} (target_liquidity, "
        f"{source('target_liquidity_cfg')}), 0.4 × min({p.max_position_cfg:g} {inputs.coin} "
        f"(max_position, {source('max_position_cfg')}), {inputs.margin:g} USD × {lev:g} × 0.5 / "
        f"{inputs.price:g} USD)) = {coins_text(ladder.target_liquidity, inputs.coin)}"
    )
    pre = fixed = None
    if ladder.surviving:
        model = _model(inputs, method, params)
        kept = Model(inputs, model.method, model.profile.restricted_to(ladder.surviving))
        pre = kept.outcome("pre_fallback", inputs, ladder.surviving)
        fixed = kept.outcome("with_fallback", inputs, ladder.surviving)
    return LadderGenerator(
        account_value=inputs.margin,
        leverage=lev,
        target_liquidity=ladder.target_liquidity,
        formula=formula,
        levels=inputs.levels,
        surviving=ladder.surviving,
        allocated_sizes=ladder.allocated_sizes,
        pre=pre,
        fixed=fixed,
    )
