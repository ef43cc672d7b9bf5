"""`replay`: both versions on one side, their facts, thresholds and notes, as one result."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from mmdiag.optimizer.numeric import EPSILON
from mmdiag.profile import ProfileParams
from mmdiag.replay.every_profile import Facts, Room, explain_facts, facts, optimizer_room
from mmdiag.replay.generator import LadderGenerator, ladder_generator
from mmdiag.replay.inputs import ReplayInputs
from mmdiag.replay.model import (
    Model,
    VersionOutcome,
    _model,
    _outcome_dict,
    profile_overrides,
    profile_text,
)
from mmdiag.replay.text import coins_text, usd_text
from mmdiag.replay.threshold_table import Threshold, thresholds


@dataclass(frozen=True)
class ReplayResult:
    inputs: ReplayInputs
    method: str
    profile: str
    """The modelled profile in words, naming each overridden parameter and its value."""
    pre: VersionOutcome
    fixed: VersionOutcome
    pre_facts: Facts
    fixed_facts: Facts
    thresholds: tuple[Threshold, ...]
    notes: tuple[str, ...] = field(default=())
    profile_overrides: dict[str, Any] = field(default_factory=dict)
    room: Room | None = None
    generator: LadderGenerator | None = None
    level_depths: tuple[float, ...] = ()
    """The modelled levels' depths, bps, best first."""
    level_prices: tuple[float, ...] = ()
    """The modelled levels' prices, USD (rounded as the bot rounds them)."""

    @property
    def fallback(self) -> str:
        return self.fixed_facts.fallback

    @property
    def certain(self) -> bool:
        """The fixed version's answer holds for every per-level profile: the facts decide it,
        and the modelled profile agrees (it does not when all its weights are 0)."""
        return self.fixed_facts.quotes is not None and self.fixed_facts.quotes == self.fixed.quotes

    @property
    def pre_certain(self) -> bool:
        """The same for the version before the fix."""
        return self.pre_facts.quotes is not None and self.pre_facts.quotes == self.pre.quotes

    @property
    def fixed_quotes(self) -> bool:
        """Under the modelled profile; the same for every profile when `certain`."""
        return self.fixed.quotes

    @property
    def pre_fallback_quotes(self) -> bool:
        return self.pre.quotes

    @property
    def modelled_fallback(self) -> str:
        """`fires` or `levels` under the modelled profile (what `fires_or_levels` resolved to)."""
        if self.fixed.fallback_fired:
            return "fires"
        return "levels" if any(s > EPSILON for s in self.fixed.sizes) else "none"

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.inputs.side,
            "inputs": asdict(self.inputs),
            "effective_leverage": self.inputs.effective_leverage,
            "optimizer_capacity": None if self.room is None else asdict(self.room),
            "method": self.method,
            "profile": self.profile,
            "profile_overrides": dict(self.profile_overrides),
            "levels_modelled": [
                {"level": n, "depth_bps": d, "price": p}
                for n, (d, p) in enumerate(zip(self.level_depths, self.level_prices, strict=True))
            ],
            "pre_fallback": _outcome_dict(self.pre),
            "with_fallback": _outcome_dict(self.fixed),
            "pre_fallback_quotes": self.pre_fallback_quotes,
            "pre_fallback_certain": self.pre_certain,
            "fixed_quotes": self.fixed_quotes,
            "fallback": self.fallback,
            "modelled_fallback": self.modelled_fallback,
            "certain": self.certain,
            "facts": {
                "pre_fallback": _facts_dict(self.pre_facts, self.inputs),
                "with_fallback": _facts_dict(self.fixed_facts, self.inputs),
            },
            "thresholds": [asdict(t) for t in self.thresholds],
            "ladder_generator": None if self.generator is None else self.generator.to_dict(),
            "notes": list(self.notes),
        }


def _facts_dict(f: Facts, inputs: ReplayInputs) -> dict[str, Any]:
    return {**asdict(f), "explanation": explain_facts(f, inputs)}


def replay(
    inputs: ReplayInputs,
    method: str = "kelly",
    params: ProfileParams | None = None,
    *,
    model_generator: bool = False,
    with_thresholds: bool = True,
) -> ReplayResult:
    """Both versions on `inputs` under the modelled per-level profile (`params`, or defaults).

    With `model_generator` (and a margin), the ladder generator's filter is modelled too
    (`ReplayResult.generator`); the main answer stays the optimizer on `inputs.levels` levels.
    Without `with_thresholds`, `thresholds` is empty: the searches behind it are most of a
    replay's time, and a comparison of outcomes does not need them.
    """
    problems = inputs.problems()
    if problems:
        raise ValueError("; ".join(problems))
    model = _model(inputs, method, params)
    pre = model.outcome("pre_fallback", inputs)
    fixed = model.outcome("with_fallback", inputs)
    pre_facts = facts("pre_fallback", inputs, params)
    fixed_facts = facts("with_fallback", inputs, params)
    overrides = profile_overrides(params)
    room = optimizer_room(inputs)
    generator = (
        ladder_generator(inputs, method, params)
        if model_generator and inputs.margin is not None
        else None
    )
    notes = _notes(inputs, room, model, (pre_facts, pre), (fixed_facts, fixed))
    if generator is not None and generator.reaching < inputs.levels:
        notes += (
            f"this answer assumes all {inputs.levels} levels reach the optimizer; the modelled "
            f"ladder generator passes only {generator.reaching}: see its own line (JSON: "
            "ladder_generator)",
        )
    return ReplayResult(
        inputs=inputs,
        method=model.method,
        profile=profile_text(overrides),
        pre=pre,
        fixed=fixed,
        pre_facts=pre_facts,
        fixed_facts=fixed_facts,
        thresholds=thresholds(inputs, method, params) if with_thresholds else (),
        notes=notes,
        profile_overrides=overrides,
        room=room,
        generator=generator,
        level_depths=tuple(level.depth_bps for level in model.profile.levels),
        level_prices=tuple(level.price for level in model.profile.levels),
    )


def _notes(
    inputs: ReplayInputs,
    room: Room,
    model: Model,
    pre: tuple[Facts, VersionOutcome],
    fixed: tuple[Facts, VersionOutcome],
) -> tuple[str, ...]:
    notes = []
    coin = inputs.coin
    if inputs.margin is None:
        notes.append("margin unknown: the margin constraint was not applied")
    if inputs.leverage < 1:
        notes.append(
            f"leverage {inputs.leverage:g}x is used as 1x: the bot hands max(leverage, 1) to the "
            "optimizer, and every margin figure here uses it"
        )
    if room.binding == "Margin" and room.by_margin is not None:
        notes.append(
            f"the margin binds: {usd_text(inputs.margin or 0.0)} at "
            f"{inputs.effective_leverage:g}x buys margin / (price / leverage) = "
            f"{coins_text(room.by_margin, coin)}, under the side capacity "
            f"{coins_text(inputs.side_capacity, coin)}: the optimizer allocates "
            f"{coins_text(room.capacity, coin)}"
        )
    if inputs.min_notional > room.capacity * inputs.price:
        notes.append(
            f"min_notional {usd_text(inputs.min_notional)} exceeds the whole capacity's value "
            f"{usd_text(room.capacity * inputs.price, inputs.min_notional)}: no version can quote"
        )
    if model.total_weight <= EPSILON:
        notes.append(
            "under the modelled profile every level's weight is 0 (their sum is at most 1e-9): "
            "the optimizer returns all sizes 0 and the fallback cannot fire"
        )
    for label, (f, outcome) in (("the version before the fix", pre), ("the fixed version", fixed)):
        if f.quotes is not None and f.quotes != outcome.quotes:
            claim = "quotes" if f.quotes else "places nothing"
            notes.append(
                f"the facts say {label} {claim} for every profile whose weights sum to 1, but "
                f"the modelled profile gives {len(outcome.accepted)} order(s): the answer is not "
                "certain"
            )
    if pre[1].warning:
        notes.append(
            f"the 'All {inputs.side} levels filtered out' warning was added in d8bb6a1: a bot "
            "running the release before the fix logs no such warning; the column says whether "
            "d8bb6a1's ladder_strat would log it with each optimizer"
        )
    return tuple(notes)
