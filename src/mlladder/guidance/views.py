"""JSON-ready views of pay comparisons, offers and diagnoses (``mlladder pay``, ``offer`` and ``diagnose``
with ``--format json``).

The keys are part of the documented output (docs/json-output.md); change them only with the docs.
"""

from __future__ import annotations

from dataclasses import asdict
from enum import StrEnum
from typing import Any

from mlladder.framework.schema import Framework, SourcedText
from mlladder.framework.sources import Citation, citations_data
from mlladder.guidance.diagnosis import Advice, Diagnosis, Situation, SwitchOrStay
from mlladder.guidance.pay import BandCheck, OfferCheck, PayComparison
from mlladder.market.pay import MarketPay, market_table

__all__ = ["data_source", "diagnosis_data", "offer_data", "pay_data"]


def _percentile(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _code(value: StrEnum | None) -> str | None:
    return None if value is None else str(value)


def market_data(market: MarketPay | None) -> dict[str, Any] | None:
    return None if market is None else asdict(market)


def data_source() -> dict[str, Any]:
    """Where the market figures come from and the rules that chose them."""
    table = market_table()
    return {
        "name": table.source["name"],
        "url": table.source["url"],
        "licence": table.source["licence"],
        "file": table.source["file"],
        "date": table.source["date"],
        "min_n": table.min_n,
        "title_rule": table.title_rule,
    }


def _band(check: BandCheck) -> dict[str, Any]:
    band = check.band
    return {
        "source": band.source,
        "article": check.article,
        "title": band.source_title,
        "min": band.min,
        "max": band.max,
        "open_ended": band.open_ended,
        "currency": band.currency,
        "min_percentile": _percentile(check.min_percentile),
        "max_percentile": _percentile(check.max_percentile),
        "findings": [str(finding) for finding in check.findings],
        "no_market": _code(check.no_market),
    }


def _level(pay: PayComparison) -> dict[str, Any]:
    return {
        "level": pay.level.id,
        "level_title": pay.level.title,
        "experience_level": pay.experience_level,
        "region": pay.region,
        "years": pay.years,
    }


def pay_data(pay: PayComparison) -> dict[str, Any]:
    return {
        **_level(pay),
        "market": market_data(pay.market),
        "no_market": _code(pay.no_market),
        "reason": pay.reason,
        "bands": [_band(check) for check in pay.bands],
        "data": data_source(),
    }


def offer_data(offer: OfferCheck, framework: Framework | None = None) -> dict[str, Any]:
    """The offer check as JSON data; with ``framework``, each piece of advice has its sources' titles too."""
    return {
        **_level(offer.pay),
        "offer": {
            "amount": int(offer.amount) if offer.amount.is_integer() else offer.amount,
            "currency": offer.currency,
        },
        "market": market_data(offer.market),
        "no_market": _code(offer.no_market),
        "reason": offer.reason,
        "percentile": _percentile(offer.percentile),
        "bands": [
            {
                "source": item.band.source,
                "article": item.article,
                "title": item.band.source_title,
                "min": item.band.min,
                "max": item.band.max,
                "open_ended": item.band.open_ended,
                "currency": item.band.currency,
                "position": str(item.position),
            }
            for item in offer.bands
        ],
        "negotiation": [_advice_data(advice, framework) for advice in offer.advice],
        "data": data_source(),
    }


# -- diagnosis (``mlladder diagnose --format json``; keys in docs/diagnosis.md and docs/json-output.md) -------------


def _citations(citations: tuple[Citation, ...]) -> list[dict[str, Any]]:
    return [citation.data() for citation in citations]


def _advice(advice: Advice) -> dict[str, Any]:
    return {
        "text": advice.text,
        "kind": advice.kind,
        "from": {"section": advice.origin, "id": advice.origin_id, "title": advice.origin_title},
        "citations": _citations(advice.citations),
    }


def _situation(situation: Situation) -> dict[str, Any]:
    return {
        "rule": situation.rule,
        "title": situation.title,
        "why": list(situation.why),
        "advice": [_advice(item) for item in situation.advice],
        "citations": _citations(situation.citations),
    }


def _switch_or_stay(view: SwitchOrStay | None) -> dict[str, Any] | None:
    if view is None:
        return None
    stage = view.stage
    return {
        "stage": None
        if stage is None
        else {
            "name": stage.name,
            "years": stage.years,
            "advice": list(stage.advice),
            "citations": _citations(stage.citations),
        },
        "facts": list(view.facts),
        "considerations": [
            {
                "side": point.side,
                "text": point.text,
                "signal": point.signal,
                "holds": point.holds,
                "why": point.why,
                "citations": _citations(point.citations),
            }
            for point in view.considerations
        ],
        "strategy": [_advice(item) for item in view.strategy],
        "lean": view.lean,
        "summary": view.summary,
    }


def diagnosis_data(diagnosis: Diagnosis) -> dict[str, Any]:
    """The diagnosis as JSON-ready data with stable keys."""
    return {
        "framework": diagnosis.framework,
        "name": diagnosis.name,
        "level": diagnosis.level,
        "level_title": diagnosis.level_title,
        "step_up": diagnosis.step_up,
        "today": diagnosis.today.isoformat(),
        "situations": [_situation(item) for item in diagnosis.situations],
        "switch_or_stay": _switch_or_stay(diagnosis.switch_or_stay),
    }


def _advice_data(advice: SourcedText, framework: Framework | None) -> dict[str, Any]:
    data = advice.model_dump(mode="json")
    return data if framework is None else {**data, "citations": citations_data(framework, advice.sources)}
