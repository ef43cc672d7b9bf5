"""Incident + state -> Verdict: replay both optimizer versions and say it in one sentence."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache
from typing import Any

from mmdiag.catalog import number
from mmdiag.model import Incident, QuotedOrder, State, StateValue, Verdict
from mmdiag.replay import (
    ReplayInputs,
    ReplayResult,
    explain_facts,
    facts,
    min_quoting_capacity,
    replay,
)

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


def non_sizing_verdict(
    incident: Incident, coin: str = "coins", sz_decimals: int | None = None
) -> Verdict:
    """Every cause but sizing: the optimizer is not involved; say what the log shows, in one
    sentence a person can act on, from the numbers the cause's lines gave."""
    span = duration_text(incident.duration_s)
    sides = _SIDE_WORD[incident.side]
    first = dict(incident.detail.get("first", {}))
    last = dict(incident.detail.get("last", {})) or first
    cause = incident.cause
    if cause == "warmup":
        sentence = _warmup_sentence(last, span, sides)
    elif cause == "reduce_only":
        sentence = _reduce_only_sentence(last, span, sides, coin)
    elif cause == "position_limit":
        sentence = _position_limit_sentence(last, span, incident.side, coin)
    elif cause.endswith("_rejected") or (cause == "unknown" and last.get("error")):
        sentence = _rejection_sentence(incident, last, span, sides, sz_decimals)
    elif cause == "quote_gate":
        reason = last.get("reason") or last.get("gate")
        why = f" ({_clip(str(reason))})" if reason else ""
        sentence = (
            f"A quote gate pulled the {sides} quotes for {span}{why}: the bot chose not to "
            "quote; sizing played no part. Read the gate's reason to see whether it should have."
        )
    elif cause == "stale_data":
        sentence = (
            f"The bot pulled its {sides} quotes for {span} because its market data was stale; "
            "sizing played no part. Check the WebSocket feed and the machine's network."
        )
    else:
        sentence = (
            f"No {sides} order for {span}, and the log does not say why: no filtered-out, "
            "reduce-only, gate or warm-up line and no exchange rejection in the window."
        )
    return Verdict(sentence=sentence)


def _clip(text: str, limit: int = 300) -> str:
    """The log's text as it was (the report escapes it), cut when very long."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _warmup_sentence(detail: dict[str, Any], span: str, sides: str) -> str:
    progress = detail.get("progress")
    shown = f" (last progress logged: {progress})" if progress else ""
    return (
        f"The bot was still warming up: no {sides} order for {span} while it waited for market "
        f"data{shown}; sizing played no part, and no optimizer version would have quoted sooner."
    )


def _reduce_only_sentence(detail: dict[str, Any], span: str, sides: str, coin: str) -> str:
    position = number(detail.get("position"))
    limit = number(detail.get("max_position"))
    value_limit = number(detail.get("limit"))
    cancelled = detail.get("cancelled") or f"{sides}s"
    where = f" (log, {_short(detail['where'])})" if detail.get("where") else ""
    if position is not None and limit is not None:
        state = f"position {position:g} {coin} past max_position {limit:g} {coin}{where}"
    elif position is not None and value_limit is not None:
        value = number(detail.get("position_value"))
        worth = f" worth {value:,.2f} USD" if value is not None else ""
        state = f"position {position:g} {coin}{worth} past its {value_limit:,.2f} USD limit{where}"
    elif detail.get("detail"):
        state = f"{_clip(str(detail['detail']))}{where}"
    else:
        state = f"the position past its limit{where}"
    return (
        f"The bot was in reduce-only mode for {span}: {state}, so it cancelled its {cancelled} "
        "until the position shrinks; sizing played no part. Reduce the position (a fill on the "
        "other side, or by hand) or raise max_position to quote this side again."
    )


def _position_limit_sentence(detail: dict[str, Any], span: str, side: str, coin: str) -> str:
    position = number(detail.get("position"))
    limit = number(detail.get("max_position"))
    room = "buy" if side == "bid" else "sell"
    where = f" (log, {_short(detail['where'])})" if detail.get("where") else ""
    state = (
        f"position {position:g} {coin} at max_pos {limit:g} {coin}{where}"
        if position is not None and limit is not None
        else "the position at its maximum"
    )
    return (
        f"No {_SIDE_WORD[side]} quote for {span}, with no warning: the bot's quote inputs put the "
        f"{state}, leaving nothing to {room}; sizing played no part. The side comes back when "
        "the position shrinks; raise max_position to quote it sooner."
    )


def _short(where: str) -> str:
    """`logs/bot.log:12` -> `bot.log:12`: the report names the file in full above."""
    return where.rsplit("/", 1)[-1]


_REJECTION_ADVICE = {
    "margin_rejected": (
        "insufficient margin",
        "the optimizer sized orders, so the fallback would not change this: add margin or "
        "use less of it (lower leverage use, fewer or smaller levels)",
    ),
    "min_notional_rejected": (
        "being under its minimum order value",
        "sizes that passed the bot's own filter were under the minimum when they reached the "
        "exchange (truncation to sz_decimals or a moved price can do this, OPTIMIZER.md), and "
        "the fallback would not change this: raise the capacity so every level clears the "
        "minimum with room to spare, or quote fewer levels",
    ),
    "max_position_rejected": (
        "exceeding the maximum position for the leverage",
        "the position is at the exchange's limit for this leverage, so every order that adds "
        "to it is refused: reduce the position or the leverage, or lower max_position below the "
        "exchange's limit",
    ),
    "invalid_size_rejected": (
        "an invalid size",
        "the exchange refuses sizes with more decimals than the asset's sz_decimals: the bot's "
        "size rounding does not match the asset",
    ),
}


def _rejection_sentence(
    incident: Incident,
    detail: dict[str, Any],
    span: str,
    sides: str,
    sz_decimals: int | None,
) -> str:
    count = sum(e.count for e in incident.evidence if "rejected" in e.what)
    error = detail.get("error")
    reason = f" ({_clip(str(error))})" if error else ""
    what, advice = _REJECTION_ADVICE.get(
        incident.cause,
        ("a reason mmdiag does not classify", "read the exchange's error to see why"),
    )
    decimals = ""
    size = detail.get("sz")
    if incident.cause == "invalid_size_rejected" and isinstance(size, str) and "." in size:
        sent = len(size.split(".", 1)[1].rstrip())
        known = f" against the asset's sz_decimals {sz_decimals}" if sz_decimals is not None else ""
        decimals = f"; the last size sent, {size}, has {sent} decimals{known}"
    return (
        f"The exchange rejected {count} orders for {what}{reason} and the {sides} side had no "
        f"resting order for {span}{decimals}; {advice}."
    )


def side_inputs(state: State) -> ReplayInputs | None:
    """The state's numbers, or None when the log and overrides leave one unknown."""
    if state.missing:
        return None
    return ReplayInputs(
        price=_num(state.price),
        side_capacity=_num(state.side_capacity),
        levels=int(_num(state.levels)),
        min_notional=_num(state.min_notional),
        min_level_size=_num(state.min_level_size),
        sz_decimals=int(_num(state.sz_decimals)),
        leverage=_num(state.leverage),
        margin=state.margin.value,
        side=state.side,
        coin=state.coin,
    )


def _num(value: StateValue) -> float:
    assert value.value is not None
    return value.value


def variants(state: State, base: ReplayInputs) -> dict[str, ReplayInputs]:
    """The state at the incident's last and extreme logged values, and at the edges of the
    log's rounding (each in the direction that helps or hurts quoting)."""
    result: dict[str, ReplayInputs] = {}
    cap, price = state.side_capacity, state.price
    for label, attr in (("last", "last"), ("lowest", "low"), ("highest", "high")):
        value = getattr(cap, attr)
        if value is not None and value != base.side_capacity:
            result[f"{label} capacity"] = replace(base, side_capacity=value)
        value = getattr(price, attr)
        if value is not None and value != base.price:
            result[f"{label} price"] = replace(base, price=value)
    if cap.source == "log" and cap.half_step:
        mls, mn = state.min_level_size, state.min_notional
        steps = (
            cap.half_step,
            (price.half_step or 0.0) if price.source == "log" else 0.0,
            (mls.half_step or 0.0) if mls.source == "log" else 0.0,
            (mn.half_step or 0.0) if mn.source == "log" else 0.0,
        )
        for label, sign in (("least", -1.0), ("most", 1.0)):
            result[f"rounding, {label} favourable"] = replace(
                base,
                side_capacity=max(base.side_capacity + sign * steps[0], 0.0),
                price=base.price + sign * steps[1],
                min_level_size=max(base.min_level_size - sign * steps[2], 0.0),
                min_notional=max(base.min_notional - sign * steps[3], 0.0),
            )
    return result


def sizing_verdict(
    incident: Incident, states: tuple[State, ...], method: str
) -> tuple[tuple[ReplayInputs, ...], Verdict]:
    """Replay both optimizer versions on each side's state; one verdict for the incident, and
    the inputs each side's answer was replayed on (`replay_dict` gives the whole replay)."""
    if incident.cause == "ladder_empty":
        return (), _ladder_empty_verdict(incident, states)
    per_side = []
    replays: list[ReplayInputs] = []
    for state in states:
        inputs = side_inputs(state)
        if inputs is None:
            return (), _missing_verdict(state)
        problems = inputs.problems()
        if problems:
            return (), _unusable_verdict(state, problems)
        label, result, drifted = _least_favourable(state, inputs, method)
        replays.append(result.inputs)
        per_side.append(_side_verdict(state, result, label, drifted))
    return tuple(replays), _combine(per_side)


def _least_favourable(
    state: State, inputs: ReplayInputs, method: str
) -> tuple[str | None, ReplayResult, bool]:
    """The replay at the incident's first logged values, or at the logged value (last, lowest,
    highest) under which the fixed version fares worst: a verdict must not hang on which value
    the log happened to show first. Also: whether the answer differs between those values."""
    logged: dict[str | None, ReplayInputs] = {None: inputs}
    for name, other in variants(state, inputs).items():
        if not name.startswith("rounding"):
            logged[name] = other
    results = {name: _replayed(other, method, False) for name, other in logged.items()}
    worst = min(results, key=lambda key: _standing(results[key]))
    label = None if _standing(results[worst]) == _standing(results[None]) else worst
    answers = {(r.fixed_quotes, r.fixed_facts.quotes) for r in results.values()}
    return label, results[label], len(answers) > 1


def replay_dict(inputs: ReplayInputs, method: str) -> dict[str, Any]:
    """The whole replay of one side, thresholds included, as the JSON report gives it. The
    threshold searches are most of a replay's time: only a report that prints them asks."""
    return _replayed(inputs, method, True).to_dict()


@lru_cache(maxsize=4096)
def _replayed(inputs: ReplayInputs, method: str, with_thresholds: bool) -> ReplayResult:
    """A replay is a pure function of its inputs: incidents of one state (and their drift
    variants, often shared) replay once per run."""
    return replay(inputs, method, with_thresholds=with_thresholds)


def _standing(result: ReplayResult) -> tuple[bool, bool, int]:
    """Orders the fixed version's outcomes: no order first, then uncertain, then certain."""
    return (
        result.fixed_quotes is True,
        result.fixed_facts.quotes is True,
        len(result.fixed.accepted),
    )


def _side_verdict(state: State, result: ReplayResult, chosen: str | None, drifted: bool) -> Verdict:
    inputs = result.inputs
    depends: list[str] = [] if result.certain else ["profile"]
    for label, other in variants(state, inputs).items():
        if label.startswith("rounding") and (
            facts("with_fallback", other).quotes != result.fixed_facts.quotes
        ):
            depends.append("rounding")
    if drifted:
        depends.append("drift")
    orders = tuple(QuotedOrder(o.level, o.size, o.usd) for o in result.fixed.accepted)
    return Verdict(
        sentence=_sentence(state, result, depends, chosen),
        pre_fallback_quotes=result.pre_fallback_quotes,
        fixed_quotes=result.fixed_quotes,
        fallback=result.fallback,
        certain=not depends,
        depends_on=tuple(dict.fromkeys(depends)),
        orders=orders,
        method=result.method,
        profile=result.profile,
    )


def _usd(value: float) -> str:
    return f"${value:,.2f}"


def _coins(value: float, coin: str) -> str:
    return f"{value:.8f}".rstrip("0").rstrip(".") + f" {coin}"


def _sentence(
    state: State, result: ReplayResult, depends: list[str], chosen: str | None = None
) -> str:
    inputs, fixed = result.inputs, result.fixed_facts
    coin, m = state.coin, fixed.min_size
    head = f"{state.side.capitalize()}: "
    reason = explain_facts(fixed, inputs)
    if fixed.quotes is False:
        need = min_quoting_capacity(inputs)
        text = (
            f"{head}{reason}: neither version can place an order the exchange accepts"
            f"{', and the fallback cannot fire' if fixed.fallback == 'cannot_fire' else ''}. "
            f"Quoting one order needs an optimizer capacity of at least {_coins(need, coin)} "
            f"(about {_usd(need * inputs.margin_per_unit)} of margin at "
            f"{inputs.effective_leverage:g}x)."
        )
    elif fixed.quotes is True and result.certain:
        ratio = fixed.capacity / m if m > 0 else math.inf
        text = (
            f"{head}the optimizer's capacity {_coins(fixed.capacity, coin)} is {ratio:.1f}x the "
            f"fixed version's minimum {_coins(m, coin)} ({_minimum_origin(inputs, m)}); "
            f"{reason}: the fixed version quotes without the fallback for any per-level profile"
        )
        text += _modelled_clause(result, coin) + "."
    else:
        text = f"{head}{reason}" + _modelled_clause(result, coin) + "."
    for silent in result.fixed.silent:
        text += f" Under the modelled profile {silent}."
    mls = inputs.min_level_size
    exchange_min = inputs.min_notional / inputs.price
    if exchange_min > 0 and mls > exchange_min:
        text += (
            f" The {_coins(mls, coin)} min_level_size the running version used was "
            f"{mls / exchange_min:.1f}x the exchange minimum."
        )
    if "rounding" in depends:
        text += " The log's rounding of these values alone could change the answer."
    if chosen is not None:
        first = _coins(state.side_capacity.value or 0.0, coin)
        first_price = _usd(state.price.value or 0.0)
        text += (
            f" This is at the {chosen} logged during the incident, the least favourable; the "
            f"values drifted (first: {first} at {first_price}) and the answer differs between "
            "them."
        )
    elif "drift" in depends:
        text += " The values drifted during the incident and the answer differs between them."
    return text


def _minimum_origin(inputs: ReplayInputs, m: float) -> str:
    """Which term of max(min_notional / price, 0.1 × min_level_size, 1e-8) set the minimum."""
    if m == inputs.min_notional / inputs.price:
        return f"{_usd(inputs.min_notional)} at {_usd(inputs.price)}"
    if m == 0.1 * inputs.min_level_size:
        return "0.1 × min_level_size"
    return "the 1e-8 floor"


def _modelled_clause(result: ReplayResult, coin: str) -> str:
    accepted = result.fixed.accepted
    fired = result.fixed.fallback_fired
    if not accepted:
        return "; under the bot's default profile nothing is placed"
    sizes = ", ".join(f"{_coins(o.size, coin)} ({_usd(o.usd)})" for o in accepted)
    via = " through the concentration fallback" if fired else ""
    return (
        f"; under the bot's default profile ({result.method}) it places "
        f"{len(accepted)} order(s){via}: {sizes}"
    )


def _combine(per_side: list[Verdict]) -> Verdict:
    if len(per_side) == 1:
        return per_side[0]
    first = per_side[0]
    same = all(
        (v.fixed_quotes, v.fallback, v.certain)
        == (first.fixed_quotes, first.fallback, first.certain)
        for v in per_side
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


def _unusable_verdict(state: State, problems: list[str]) -> Verdict:
    return Verdict(
        sentence=(
            f"The {state.side} side's state cannot be replayed: {'; '.join(problems)}. "
            "Correct it with an override."
        ),
        certain=False,
        depends_on=("missing",),
    )
