"""A sizing incident, replayed with the sizing code of the release that ran, and with each
later release (the upgrade what-if).

The session's messages fit a range of releases (`Session.release`); the sizing versions of
those releases are replayed on each side's state (several when the range spans a change, and
the sentence says whether they agree). A side that logged a filtered-out warning ran a legacy
path: the tick grid logs none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mmdiag.model import Incident, State
from mmdiag.optimizer import SizingVersion
from mmdiag.replay import ReplayInputs
from mmdiag.replay.text import coins_text, shown_capacity, usd_text
from mmdiag.replay.versions import (
    Needed,
    VersionReplay,
    current_version,
    later_versions,
    needed,
    replay_version,
    running_versions,
)


@dataclass(frozen=True)
class SideRelease:
    """One side: the versions that ran, each replayed with how far it was from quoting, and
    each later version replayed."""

    side: str
    inputs: ReplayInputs
    ran: tuple[tuple[VersionReplay, tuple[Needed, ...]], ...]
    upgrades: tuple[VersionReplay, ...]
    current: VersionReplay
    """The bot's current sizing (its newest release's default path) on this state."""

    @property
    def quotes(self) -> bool | None:
        """True when every version that may have run quotes (in every draw), False when none
        does, None when they differ."""
        answers = {replayed.quotes for replayed, _ in self.ran}
        return answers.pop() if len(answers) == 1 else None


@dataclass(frozen=True)
class ReleaseReplay:
    release: tuple[str, str] | None
    versions: tuple[SizingVersion, ...]
    sides: tuple[SideRelease, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.versions)

    @property
    def quotes(self) -> bool | None:
        answers = {side.quotes for side in self.sides}
        if None in answers or len(answers) != 1:
            return None
        return answers.pop()

    @property
    def current_quotes(self) -> bool | None:
        """The current sizing quotes on every side (True), on none (False), else None."""
        answers = {side.current.quotes for side in self.sides}
        if answers == {True}:
            return True
        return False if answers == {False} else None

    def current_json(self) -> dict[str, Any] | None:
        if not self.sides:
            return None
        first = self.sides[0].current
        return {
            "version": first.version,
            "commit": first.commit,
            "quotes": self.current_quotes,
            "orders_placed": {side.side: len(side.current.accepted) for side in self.sides},
        }

    def versions_json(self) -> list[dict[str, Any]]:
        modelled = {v.name: list(v.not_from_log) for v in self.versions}
        return [
            {
                "side": side.side,
                **replayed.to_dict(),
                "needed": [n.to_dict() for n in found],
                "not_from_log": modelled.get(replayed.version, []),
            }
            for side in self.sides
            for replayed, found in side.ran
        ]

    def modelled_lines(self) -> list[str]:
        """What the versions that ran read that no log holds, and how it was modelled (each
        note once)."""
        notes = dict.fromkeys(note for v in self.versions for note in v.not_from_log)
        return [f"not in the log, modelled: {note}" for note in notes]

    def upgrades_json(self) -> list[dict[str, Any]]:
        return [
            {
                "side": side.side,
                "version": replayed.version,
                "commit": replayed.commit,
                "ladder": replayed.ladder,
                "quotes": replayed.quotes,
                "orders_placed": len(replayed.accepted),
                "placed_range": list(replayed.placed),
                "path": replayed.path,
            }
            for side in self.sides
            for replayed in side.upgrades
        ]


def release_replay(
    incident: Incident,
    replayed: tuple[ReplayInputs, ...],
    release: tuple[str, str] | None,
    method: str,
    *,
    paths_seen: frozenset[str] = frozenset(),
) -> ReleaseReplay:
    ran = running_versions(
        release, warned=incident.cause == "sizes_filtered", paths_seen=paths_seen
    )
    later = later_versions(ran)
    current = current_version()
    sides = tuple(
        SideRelease(
            side=inputs.side,
            inputs=inputs,
            ran=tuple(_ran(v, inputs, method) for v in ran),
            upgrades=tuple(replay_version(v, inputs, method) for v in later),
            current=replay_version(current, inputs, method),
        )
        for inputs in replayed
    )
    return ReleaseReplay(release, ran, sides)


def _ran(
    version: SizingVersion, inputs: ReplayInputs, method: str
) -> tuple[VersionReplay, tuple[Needed, ...]]:
    """The version on the state and, unless it quotes in every draw, how far it was."""
    replayed = replay_version(version, inputs, method)
    return replayed, (() if replayed.quotes is True else needed(version, inputs, method))


def _release_words(release: tuple[str, str] | None) -> str:
    if release is None:
        return "the log does not tell which release ran"
    first, last = release
    if first == last:
        return f"the session's messages fit the release of {first}"
    return f"the session's messages fit the releases from {first} to {last}"


def version_label(replayed: VersionReplay) -> str:
    return f"{replayed.version} ({replayed.commit})"


def release_sentence(result: ReleaseReplay, states: tuple[State, ...]) -> str:
    """One sentence per side about the code that ran, with units and sources; sides whose
    sentences agree are told once."""
    bodies = [
        _side_body(result, side, state) for side, state in zip(result.sides, states, strict=True)
    ]
    if len(bodies) == 2 and _both_sides(bodies[0]) == _both_sides(bodies[1]):
        return f"Bid and ask: {_both_sides(bodies[0])}"
    return " ".join(
        f"{side.side.capitalize()}: {body}" for side, body in zip(result.sides, bodies, strict=True)
    )


def _both_sides(body: str) -> str:
    """A side's sentence with the side's name in the bot's messages made both sides'."""
    return body.replace("All bid levels", "All bid/ask levels").replace(
        "All ask levels", "All bid/ask levels"
    )


def _side_body(result: ReleaseReplay, side: SideRelease, state: State) -> str:
    words = _release_words(result.release)
    if not side.ran:
        return f"{words}, and no sizing version mmdiag knows covers it."
    coin = state.coin
    if len(side.ran) == 1:
        replayed, found = side.ran[0]
        text = (
            f"{words}; its sizing, {version_label(replayed)}, replayed on this state, "
            f"{_answer(replayed, side.inputs, coin)}{_needed_clause(replayed, found, state)}."
        )
    else:
        groups: dict[str, list[str]] = {}
        for replayed, found in side.ran:
            said = (
                _short_answer(replayed)
                + _orders_clause(replayed, coin, side.inputs.side_capacity)
                + _needed_clause(replayed, found, state)
            )
            groups.setdefault(said, []).append(replayed.version)
        outcomes = {(r.quotes, r.placed) for r, _ in side.ran}
        verb = "agree" if len(outcomes) == 1 else "differ"
        text = (
            f"{words}, whose {len(side.ran)} sizing versions {verb} on this state: "
            + "; ".join(
                f"{_names(names)} {_verb(said, len(names))}" for said, names in groups.items()
            )
            + "."
        )
    if side.quotes is True:
        text += (
            " The replayed code would have quoted here, but the log shows no order on this "
            "side: the log's state is incomplete (mmdiag models the per-level profile from the "
            "bot's defaults) or the release differs."
        )
    return text


def _orders_clause(replayed: VersionReplay, coin: str, capacity: float) -> str:
    """The orders of the first draw, with units: `: 0.00012 BTC ($10.80 at 89,950 USD)`, and
    whether they take more than the side's capacity."""
    if not replayed.accepted or len(replayed.accepted) > 3:
        return ""
    text = ": " + ", ".join(
        f"{coins_text(o.size, coin)} ({usd_text(o.usd)} at {o.price:,.6g} USD)"
        for o in replayed.accepted
    )
    text += " in the first draw" if replayed.draws > 1 else ""
    return text + _over_capacity(replayed, coin, capacity)


def _over_capacity(replayed: VersionReplay, coin: str, capacity: float) -> str:
    total = sum(o.size for o in replayed.accepted)
    if total <= capacity * (1 + 1e-9):
        return ""
    return (
        f", {coins_text(total, coin)} in all, more than the side's capacity "
        f"{coins_text(capacity, coin)}: this code sizes up to the exchange's minimum order"
    )


def _verb(said: str, count: int) -> str:
    """`place ...` for several versions, `places ...` for one."""
    return said if count > 1 else "places" + said.removeprefix("place")


def _last_warning(replayed: VersionReplay) -> str:
    """The last warning the version logs: the one that says why the side is empty."""
    return f", logging '{replayed.warned[-1]}'" if replayed.warned else ""


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _short_answer(replayed: VersionReplay) -> str:
    """How many orders, in a word or two (a group of versions shares it)."""
    via = (
        f" through the {replayed.path.replace('_', ' ')} fallback"
        if replayed.path not in ("normal", "empty")
        else ""
    )
    if replayed.draws > 1:
        low, high = replayed.placed
        if low == high and replayed.quoting_draws == replayed.draws:
            return f"place {low} order(s) in each of {replayed.draws} seeded draws{via}"
        if high == 0:
            return (
                f"place no order in any of {replayed.draws} seeded draws{via}"
                f"{_last_warning(replayed)}"
            )
        count = f"{low}" if low == high else f"{low} to {high}"
        return (
            f"place {count} order(s) over {replayed.draws} seeded draws of their random "
            f"sampling (orders in {replayed.quoting_draws}){via}"
        )
    if replayed.accepted:
        return f"place {len(replayed.accepted)} order(s){via}"
    return f"place no order{via}{_last_warning(replayed)}"


def _answer(replayed: VersionReplay, inputs: ReplayInputs, coin: str) -> str:
    draws = ""
    if replayed.draws > 1:
        draws = (
            f" (it samples at random: orders in {replayed.quoting_draws} of {replayed.draws} "
            f"draws, {replayed.placed[0]} to {replayed.placed[1]} orders)"
        )
    accepted = replayed.accepted
    via = (
        f" through its {replayed.path.replace('_', ' ')} fallback"
        if replayed.path not in ("normal", "empty")
        else ""
    )
    if accepted:
        sizes = ", ".join(
            f"{coins_text(o.size, coin)} ({usd_text(o.usd)} at {o.price:,.6g} USD)"
            for o in accepted
        )
        over = _over_capacity(replayed, coin, inputs.side_capacity)
        return f"places {len(accepted)} order(s){via}: {sizes}{over}{draws}"
    reasons = []
    skipped = [o for o in replayed.orders if not o.accepted]
    if via:
        reasons.append(f"its {replayed.path.replace('_', ' ')} fallback fires")
    if skipped:
        worth = ", ".join(f"{coins_text(o.size, coin)} worth {usd_text(o.usd)}" for o in skipped)
        reasons.append(
            f"its order(s) ({worth} at their price) are under the "
            f"{usd_text(inputs.min_notional)} minimum and skipped at placement"
        )
    for warning in replayed.warned:
        reasons.append(f"it logs '{warning}'")
    whole = inputs.side_capacity * inputs.price
    if whole < inputs.min_notional:
        reasons.append(
            f"the side's whole capacity {coins_text(inputs.side_capacity, coin)} is worth "
            f"{usd_text(whole)} at the mid, under the {usd_text(inputs.min_notional)} minimum"
        )
    because = f": {'; '.join(reasons)}" if reasons else ""
    return f"places no order{because}{draws}"


def _needed_clause(replayed: VersionReplay, found: tuple[Needed, ...], state: State) -> str:
    if replayed.accepted and replayed.quotes is True:
        return ""
    words = []
    both = None
    for n in found:
        if n.value is None or n.now is None or n.value <= n.now:
            continue
        if n.name == "capacity":
            now = f"{coins_text(n.now, state.coin)}, {state.side_capacity.source}"
            words.append(f"{_capacity_words(n.value, state.coin)} (was {now})")
        elif n.name == "margin":
            now = f"{usd_text(n.now)}, {state.margin.source}"
            words.append(f"a margin of {usd_text(n.value)} (was {now})")
        elif n.name == "leverage":
            now = f"{n.now:g}x, {state.leverage.source}"
            words.append(f"a leverage of {n.value:.3g}x (was {now})")
        else:
            both = n
    if not words and both is not None and both.value is not None:
        leverage = max(state.leverage.value or 1.0, 1.0)
        price = state.price.value or 0.0
        words.append(
            f"{_capacity_words(both.value, state.coin)} and the margin it "
            f"takes ({usd_text(both.value * price / leverage)} at {leverage:g}x)"
        )
    if not words:
        return ""
    return " (one order with " + " or ".join(words) + ")"


# A capacity the search brings down to this is "any capacity above zero": the bisection from 0
# converges on the smallest float it tries, not on a size anyone can hold.
_ANY_POSITIVE = 1e-12


def _capacity_words(value: float, coin: str) -> str:
    if value < _ANY_POSITIVE:
        return f"any side capacity above 0 {coin}"
    return f"a side capacity of {shown_capacity(value)} {coin}"


def upgrade_lines(result: ReleaseReplay, coin: str) -> list[str]:
    """Per side: each later version, would it have quoted here, and how many orders; then the
    bot's current sizing."""
    del coin
    lines = []
    for side in result.sides:
        if side.upgrades:
            rows = "; ".join(_grouped(side.upgrades))
        elif result.versions:
            rows = "no later release changed this path's sizing"
        else:
            continue
        lines.append(f"upgrade what-if ({side.side}): {rows}")
    if result.sides:
        current = result.sides[0].current
        said = {True: "quotes", False: "places no order", None: "quotes on some sides only"}
        counts = ", ".join(
            f"{s.side} {_upgrade_words(s.current).split(': ', 1)[1]}" for s in result.sides
        )
        lines.append(
            f"current sizing ({current.version}, {current.commit}, the bot's default at its "
            f"head): {said[result.current_quotes]} ({counts})"
        )
    return lines


def _grouped(replays: tuple[VersionReplay, ...]) -> list[str]:
    """Consecutive versions with the same answer, told once: `A .. B (n versions): 5 order(s)`."""
    groups: list[tuple[list[str], str]] = []
    for replayed in replays:
        words = _upgrade_words(replayed).split(": ", 1)[1]
        if groups and groups[-1][1] == words:
            groups[-1][0].append(replayed.version)
        else:
            groups.append(([replayed.version], words))
    return [
        f"{names[0]}: {words}"
        if len(names) == 1
        else f"{names[0]} .. {names[-1]} ({len(names)} versions): {words}"
        for names, words in groups
    ]


def _upgrade_words(replayed: VersionReplay) -> str:
    if replayed.quotes is None:
        return (
            f"{replayed.version}: orders in {replayed.quoting_draws} of {replayed.draws} draws "
            f"({replayed.placed[0]}-{replayed.placed[1]})"
        )
    if not replayed.quotes:
        return f"{replayed.version}: no order"
    low, high = replayed.placed
    count = f"{low}" if low == high else f"{low}-{high}"
    return f"{replayed.version}: {count} order(s)"
