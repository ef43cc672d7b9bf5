"""Incident + state -> Verdict: replay both optimizer versions and say it in one sentence."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from mmdiag.model import Incident, QuotedOrder, State, StateValue, Verdict
from mmdiag.parse.typed import kind_frame
from mmdiag.profile import truncate_size

_SIDE_WORD = {"bid": "bid", "ask": "ask", "both": "bid and ask"}


def duration_text(seconds: float) -> str:
    """`3m30s`, `45s`, `1h02m`."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


def non_sizing_verdict(events: pl.DataFrame, incident: Incident) -> Verdict:
    """Warm-up, rejections, unknown: the optimizer is not involved; say what the log shows."""
    span = duration_text(incident.duration_s)
    sides = _SIDE_WORD[incident.side]
    in_window = events.filter(
        (pl.col("session") == incident.session)
        & pl.col("time").is_between(incident.start, incident.end)
    )
    if incident.cause == "warmup":
        return Verdict(sentence=_warmup_sentence(in_window, span))
    if incident.cause in ("margin_rejected", "min_notional_rejected"):
        return Verdict(sentence=_rejection_sentence(in_window, incident, span, sides))
    return Verdict(
        sentence=(
            f"No {sides} order for {span}, and the log does not say why: no filtered-out "
            "warning, warm-up warning or rejection in the window."
        )
    )


def _warmup_sentence(in_window: pl.DataFrame, span: str) -> str:
    warm = kind_frame(in_window, "warmup")
    detail = ""
    if not warm.is_empty():
        last = warm.row(-1, named=True)
        detail = (
            f" (last count: {last['volume_ticks']}/{last['volume_ticks_required']} volume ticks, "
            f"{last['trade_observations']}/{last['trade_observations_required']} trades)"
        )
    return (
        f"The warm-up gate held every order for {span} while the bot waited for market data"
        f"{detail}; sizing played no part, and no optimizer version would have quoted sooner."
    )


def _rejection_sentence(in_window: pl.DataFrame, incident: Incident, span: str, sides: str) -> str:
    rejected = kind_frame(in_window, "order_rejected")
    count = rejected.height
    errors = rejected["error"].drop_nulls().unique(maintain_order=True).to_list()
    reason = f" ({errors[0].strip()})" if errors else ""
    what = (
        "insufficient margin" if incident.cause == "margin_rejected" else "the minimum order value"
    )
    return (
        f"The exchange rejected {count} orders for {what}{reason} and the {sides} side quoted "
        f"nothing for {span}; the optimizer sized orders, so the fallback would not change "
        "this: add margin or lower leverage use."
    )


# The bid side's deepest level is at most this far below the mid (the dynamic depth
# generator's max_depth, 200 bps): a lower bound for the price a bid order is placed at.
MAX_DEPTH_FRACTION = 0.02
EFFECTIVE_MIN_FLOOR = 1e-8


@dataclass(frozen=True)
class Facts:
    """What OPTIMIZER.md's "facts a report can rely on" say for one version at one state."""

    min_size: float
    """m: the version's minimum size (coins)."""
    quotes: bool | None
    """True/False when certain for every per-level profile; None when it depends on it."""
    fallback: str | None
    """For the fixed version: not_needed, cannot_fire or fires_or_levels."""


def effective_min_size(
    version: str, min_level_size: float, min_notional: float, price: float
) -> float:
    """The minimum size: `min_size` before the fix; max(MN / price, 0.1 x min_size, 1e-8) after."""
    if version == "pre_fallback":
        return min_level_size
    return max(max(min_notional / price, 0.1 * min_level_size), EFFECTIVE_MIN_FLOOR)


def facts(
    version: str,
    *,
    side: str,
    price: float,
    capacity: float,
    levels: int,
    min_notional: float,
    min_level_size: float,
    sz_decimals: int,
) -> Facts:
    m = effective_min_size(version, min_level_size, min_notional, price)
    lowest_price = price * (1 - MAX_DEPTH_FRACTION) if side == "bid" else price
    nothing = capacity < m or truncate_size(capacity, sz_decimals) * price < min_notional
    if nothing:
        # Under m, or under $10 at full size (the fallback cannot fire) or only after truncation.
        word = (
            "cannot_fire" if capacity < m or capacity * price < min_notional else "fires_or_levels"
        )
        return Facts(m, False, word)
    share = capacity / levels
    if share >= m and truncate_size(share, sz_decimals) * lowest_price >= min_notional:
        return Facts(m, True, "not_needed")
    return Facts(m, None, "fires_or_levels")


@dataclass(frozen=True)
class SideInputs:
    """A state's numbers, as the optimizer and the facts take them."""

    side: str
    price: float
    capacity: float
    levels: int
    min_notional: float
    min_level_size: float
    sz_decimals: int
    leverage: float
    margin: float | None

    def facts(self, version: str) -> Facts:
        return facts(
            version,
            side=self.side,
            price=self.price,
            capacity=self.capacity,
            levels=self.levels,
            min_notional=self.min_notional,
            min_level_size=self.min_level_size,
            sz_decimals=self.sz_decimals,
        )


def side_inputs(state: State) -> SideInputs | None:
    """The state's numbers, or None when the log and overrides leave one unknown."""
    if state.missing:
        return None
    return SideInputs(
        side=state.side,
        price=_num(state.price),
        capacity=_num(state.side_capacity),
        levels=int(_num(state.levels)),
        min_notional=_num(state.min_notional),
        min_level_size=_num(state.min_level_size),
        sz_decimals=int(_num(state.sz_decimals)),
        leverage=_num(state.leverage),
        margin=state.margin.value,
    )


def _num(value: StateValue) -> float:
    assert value.value is not None
    return value.value


def variants(state: State, base: SideInputs) -> dict[str, SideInputs]:
    """The state at the incident's first, last and extreme logged values, and at the edges of
    the log's rounding (each in the direction that helps or hurts quoting)."""
    result: dict[str, SideInputs] = {}
    cap, price = state.side_capacity, state.price
    for label, attr in (("last", "last"), ("lowest", "low"), ("highest", "high")):
        value = getattr(cap, attr)
        if value is not None and value != base.capacity:
            result[f"{label} capacity"] = replace(base, capacity=value)
        value = getattr(price, attr)
        if value is not None and value != base.price:
            result[f"{label} price"] = replace(base, price=value)
    if cap.source == "log" and cap.half_step:
        mls, mn = state.min_level_size, state.min_notional
        lo_step = (cap.half_step, price.half_step or 0.0, mls.half_step or 0.0, mn.half_step or 0.0)
        result["rounding, least favourable"] = replace(
            base,
            capacity=base.capacity - lo_step[0],
            price=base.price - (lo_step[1] if price.source == "log" else 0.0),
            min_level_size=base.min_level_size + (lo_step[2] if mls.source == "log" else 0.0),
            min_notional=base.min_notional + (lo_step[3] if mn.source == "log" else 0.0),
        )
        result["rounding, most favourable"] = replace(
            base,
            capacity=base.capacity + lo_step[0],
            price=base.price + (lo_step[1] if price.source == "log" else 0.0),
            min_level_size=base.min_level_size - (lo_step[2] if mls.source == "log" else 0.0),
            min_notional=base.min_notional - (lo_step[3] if mn.source == "log" else 0.0),
        )
    return result


def first_quoting_capacity(inputs: SideInputs) -> float:
    """The smallest capacity whose one order passes the fixed version's minimum and is still
    worth min_notional after truncation to sz_decimals (coins)."""
    m = effective_min_size(
        "with_fallback", inputs.min_level_size, inputs.min_notional, inputs.price
    )
    step = 10.0 ** (-inputs.sz_decimals)
    units = math.ceil(max(m, inputs.min_notional / inputs.price) / step)
    while truncate_size(units * step, inputs.sz_decimals) * inputs.price < inputs.min_notional:
        units += 1
    return max(units * step, m)


def sizing_verdict(
    incident: Incident, states: tuple[State, ...], method: str
) -> tuple[tuple[dict[str, Any], ...], Verdict]:
    """Replay both optimizer versions on each side's state; one verdict for the incident."""
    if incident.cause == "ladder_empty":
        return (), _ladder_empty_verdict(incident, states)
    per_side = []
    replays: list[dict[str, Any]] = []
    for state in states:
        inputs = side_inputs(state)
        if inputs is None:
            return (), _missing_verdict(state)
        modelled = modelled_replay(inputs, method)
        if modelled is not None:
            replays.append(modelled)
        per_side.append(_side_verdict(state, inputs, modelled, method))
    return tuple(replays), _combine(per_side)


def _side_verdict(
    state: State, inputs: SideInputs, modelled: dict[str, Any] | None, method: str
) -> Verdict:
    fixed, pre = inputs.facts("with_fallback"), inputs.facts("pre_fallback")
    depends: list[str] = []
    fixed_quotes, pre_quotes = fixed.quotes, pre.quotes
    if fixed_quotes is None:
        depends.append("profile")
    if modelled is not None:
        # Where the facts leave it open, the answer under the modelled profile.
        fixed_quotes = fixed_quotes if fixed_quotes is not None else modelled["fixed_quotes"]
        pre_quotes = pre_quotes if pre_quotes is not None else modelled["pre_fallback_quotes"]
    for label, other in variants(state, inputs).items():
        if other.facts("with_fallback").quotes not in (fixed.quotes, None):
            depends.append("rounding" if label.startswith("rounding") else "drift")
    orders = tuple(
        QuotedOrder(o["level"], o["size"], o["usd"])
        for o in (modelled or {}).get("fixed_orders", [])
        if o.get("accepted")
    )
    return Verdict(
        sentence=_sentence(state, inputs, fixed, modelled, depends),
        pre_fallback_quotes=pre_quotes,
        fixed_quotes=fixed_quotes,
        fallback=fixed.fallback,
        certain=not depends and fixed.quotes is not None,
        depends_on=tuple(dict.fromkeys(depends)),
        orders=orders,
        method=method,
        profile=PROFILE_NAME if modelled is not None else None,
    )


PROFILE_NAME = "the bot's default per-level profile (SEED_TABLE.md)"


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def _coins(value: float, coin: str) -> str:
    return f"{value:.8f}".rstrip("0").rstrip(".") + f" {coin}"


def _sentence(
    state: State,
    inputs: SideInputs,
    fixed: Facts,
    modelled: dict[str, Any] | None,
    depends: list[str],
) -> str:
    coin, cap, m = state.coin, inputs.capacity, fixed.min_size
    ratio = cap / m if m > 0 else math.inf
    minimum = (
        f"the fixed version's minimum {_coins(m, coin)} "
        f"({_usd(inputs.min_notional)} at {_usd(inputs.price)})"
    )
    head = f"{state.side.capitalize()}: capacity {_coins(cap, coin)}"
    if fixed.quotes is False:
        need = first_quoting_capacity(inputs)
        margin_needed = need * inputs.price / inputs.leverage
        why = (
            f"is under {minimum}"
            if cap < m
            else f"is worth {_usd(truncate_size(cap, inputs.sz_decimals) * inputs.price)} after "
            f"truncation to {inputs.sz_decimals} decimals, "
            f"under the {_usd(inputs.min_notional)} minimum"
        )
        text = (
            f"{head} {why}: neither version can place an order the exchange accepts"
            f"{', and the fallback cannot fire' if fixed.fallback == 'cannot_fire' else ''}. "
            f"Quoting one order needs at least {_coins(need, coin)} "
            f"(about {_usd(margin_needed)} of margin at {inputs.leverage:g}x)."
        )
    elif fixed.quotes is True:
        per_level = cap / inputs.levels
        text = (
            f"{head} is {ratio:.1f}x {minimum}: the fixed version quotes without the fallback "
            f"for any per-level profile ({_coins(per_level, coin)} per level on average)"
        )
        text += _modelled_clause(modelled, coin) + "."
    else:
        text = (
            f"{head} is {ratio:.1f}x {minimum} but under it once split over "
            f"{inputs.levels} levels: whether levels pass or the fallback fires depends on the "
            f"per-level profile, which the log does not hold"
        )
        text += _modelled_clause(modelled, coin) + "."
    mls = inputs.min_level_size
    exchange_min = inputs.min_notional / inputs.price
    if mls > exchange_min:
        text += (
            f" The {_coins(mls, coin)} min_level_size the running version used was "
            f"{mls / exchange_min:.1f}x the exchange minimum."
        )
    if "rounding" in depends:
        text += " The log's rounding of these values alone could change the answer."
    if "drift" in depends:
        text += " The values drifted during the incident and the answer differs between them."
    return text


def _modelled_clause(modelled: dict[str, Any] | None, coin: str) -> str:
    if modelled is None:
        return ""
    accepted = [o for o in modelled.get("fixed_orders", []) if o.get("accepted")]
    fired = modelled.get("fixed_fallback_fired")
    if not accepted:
        how = "the fallback fires but its order" if fired else "every level"
        return (
            f"; under the bot's default profile {how} is under the exchange minimum after "
            "truncation, so nothing is placed"
        )
    sizes = ", ".join(f"{_coins(o['size'], coin)} ({_usd(o['usd'])})" for o in accepted)
    via = " through the concentration fallback" if fired else ""
    return f"; under the bot's default profile it places {len(accepted)} order(s){via}: {sizes}"


def _combine(per_side: list[Verdict]) -> Verdict:
    if len(per_side) == 1:
        return per_side[0]
    first = per_side[0]
    same = all(
        v.fixed_quotes == first.fixed_quotes and v.fallback == first.fallback for v in per_side
    )
    sentence = (
        " ".join(v.sentence for v in per_side)
        if not same
        else first.sentence.replace("Bid: ", "Bid and ask: ", 1)
    )
    order_of = {
        w: n for n, w in enumerate(("cannot_fire", "fires_or_levels", "fires", "not_needed"))
    }
    worst = min(per_side, key=lambda v: (v.fixed_quotes is True, order_of.get(v.fallback or "", 0)))
    return replace(
        worst,
        sentence=sentence,
        certain=all(v.certain for v in per_side),
        depends_on=tuple(dict.fromkeys(d for v in per_side for d in v.depends_on)),
    )


def _ladder_empty_verdict(incident: Incident, states: tuple[State, ...]) -> Verdict:
    sides = _SIDE_WORD[incident.side]
    mls = states[0].min_level_size if states else None
    size = f" ({value_words(mls)})" if mls is not None else ""
    return Verdict(
        sentence=(
            f"Quote cycles show no {sides} level and no filtered-out warning for "
            f"{duration_text(incident.duration_s)}: the ladder generator dropped every level "
            f"before the optimizer ran (each level's share of the target liquidity was under "
            f"min_level_size{size}), so neither optimizer version, with or without the "
            "fallback, could quote. Raise the account's margin or leverage, or lower "
            "min_level_size."
        ),
        pre_fallback_quotes=False,
        fixed_quotes=False,
        fallback="cannot_fire",
        certain=True,
    )


def value_words(value: StateValue) -> str:
    if value.value is None:
        return "unknown"
    return f"{value.value:g} {value.unit}, {value.source}"


def _missing_verdict(state: State) -> Verdict:
    names = ", ".join(state.missing)
    flags = " ".join(
        "--capacity VALUE" if n == "side_capacity" else f"--{n.replace('_', '-')} VALUE"
        for n in state.missing
    )
    return Verdict(
        sentence=(
            f"The log does not give the {state.side} side's {names} for this incident, so the "
            f"optimizer cannot be replayed: give them as overrides ({flags})."
        ),
        certain=False,
        depends_on=("missing",),
    )


def modelled_replay(inputs: SideInputs, method: str) -> dict[str, Any] | None:
    """Both versions under the bot's default per-level profile (the optimizer port)."""
    return None
