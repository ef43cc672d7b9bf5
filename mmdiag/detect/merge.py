"""Bid and ask windows of one cause whose starts and ends are close: one incident of both sides."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta

from mmdiag.detect.options import DetectOptions
from mmdiag.detect.segments import BOTH_SIDES_WARNINGS
from mmdiag.model import Evidence, Incident, IncidentLog


def merge_sides(found: Iterable[Incident], options: DetectOptions) -> list[Incident]:
    close = timedelta(seconds=options.merge_s)
    by_key: dict[tuple[int, str], list[Incident]] = defaultdict(list)
    for incident in found:
        by_key[(incident.session, incident.cause)].append(incident)
    result: list[Incident] = []
    for group in by_key.values():
        bids = [i for i in group if i.side == "bid"]
        asks = [i for i in group if i.side == "ask"]
        result.extend(i for i in group if i.side not in ("bid", "ask"))  # merged already
        for bid in bids:
            twin = next(
                (
                    a
                    for a in asks
                    if abs(a.start - bid.start) <= close and abs(a.end - bid.end) <= close
                ),
                None,
            )
            if twin is None:
                result.append(bid)
                continue
            asks.remove(twin)
            result.append(_both(bid, twin))
        result.extend(asks)
    return sorted(result, key=lambda i: (i.start, i.side))


def _both(bid: Incident, ask: Incident) -> Incident:
    log = None
    if bid.log is not None and ask.log is not None:
        log = IncidentLog(
            values={**bid.log.values, **ask.log.values},
            last_quoting={**bid.log.last_quoting, **ask.log.last_quoting},
            facts=bid.log.facts,
        )
    return replace(
        bid,
        side="both",
        start=min(bid.start, ask.start),
        end=max(bid.end, ask.end),
        evidence=_both_evidence(bid.evidence, ask.evidence),
        warnings=bid.warnings + ask.warnings - _shared_warnings(bid.evidence, ask.evidence),
        ended_by=bid.ended_by if bid.end >= ask.end else ask.ended_by,
        log=log or bid.log,
        at_startup=bid.at_startup and ask.at_startup,
    )


def _shared_warnings(bid: tuple[Evidence, ...], ask: tuple[Evidence, ...]) -> int:
    """Warnings that name no side were counted on each side: once is enough."""
    shared = set(bid) & set(ask)
    return sum(e.count for e in shared if e.what in BOTH_SIDES_WARNINGS)


_WEAK_EVIDENCE = ("Bulk order placed in the window", "metrics lines with")


def _both_evidence(bid: tuple[Evidence, ...], ask: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Each side's own lines, then the weaker evidence both share, once."""
    everything = list(dict.fromkeys(bid + ask))
    weak = [e for e in everything if e.what.startswith(_WEAK_EVIDENCE)]
    return tuple([e for e in everything if e not in weak] + weak)
