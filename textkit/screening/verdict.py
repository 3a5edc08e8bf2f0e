"""The verdict of a screened submission: 通过 (pass), 需复核 (review) or 退回 (return), with its reasons.

The rules come from ``ScreenConfig`` (a department's ``screening.toml``): each flag has an action
(``[verdict.flags]``: return, review or note), the share of the text copied from other documents
is weighed against ``review_copied_share`` and ``return_copied_share``, and a score below
``review_below_score`` sends to review. The verdict is the most severe action of its reasons;
``verdict["reasons"]`` lists the reasons that return or send to review, the most severe first.
"""

from __future__ import annotations

from typing import Any

from textkit.labels import label
from textkit.screening.config import ScreenConfig

#: Verdict codes, least severe first.
VERDICTS = ("pass", "review", "return")
_SEVERITY = {"note": 0, "pass": 0, "review": 1, "return": 2}

Reason = dict[str, str]


def copied_share(scores: dict[str, Any], duplicates: list[dict[str, Any]]) -> float:
    """Share of the submission's text copied from other documents, as the verdict weighs it.

    The one place the verdict reads copies: today the union of the shared passages of all the
    duplicates (``scores["copied_share"]``)."""
    return float(scores.get("copied_share") or 0.0)


def _reason(code: str, name: str, message: str, action: str) -> Reason:
    return {"code": code, "label": name, "message": message, "action": action}


def _copied_reason(share: float, cfg: ScreenConfig) -> Reason | None:
    for action, threshold in (("return", cfg.return_copied_share), ("review", cfg.review_copied_share)):
        if threshold > 0 and share >= threshold:
            message = label(
                "verdict_reason.COPIED_SHARE.message", copied_share=share, threshold=threshold, action=label(f"verdict_action.{action}")
            )
            return _reason("COPIED_SHARE", label("verdict_reason.COPIED_SHARE"), message, action)
    return None


def _score_reason(score: int, cfg: ScreenConfig) -> Reason | None:
    if score >= cfg.review_below_score:
        return None
    message = label("verdict_reason.LOW_SCORE.message", score=score, threshold=cfg.review_below_score)
    return _reason("LOW_SCORE", label("verdict_reason.LOW_SCORE"), message, "review")


def verdict_reasons(
    flags: list[dict[str, str]], scores: dict[str, Any], duplicates: list[dict[str, Any]], score: int, cfg: ScreenConfig
) -> list[Reason]:
    """Every reason that returns a submission or sends it to review, the most severe first."""
    found = [_reason(f["code"], f.get("label", f["code"]), f["message"], cfg.action(f["code"])) for f in flags]
    if scores:  # a submission that could be read
        found += [r for r in (_copied_reason(copied_share(scores, duplicates), cfg), _score_reason(score, cfg)) if r]
    deciding = [r for r in found if _SEVERITY[r["action"]] > 0]
    return sorted(deciding, key=lambda r: -_SEVERITY[r["action"]])


def verdict(
    flags: list[dict[str, str]], scores: dict[str, Any], duplicates: list[dict[str, Any]], score: int, cfg: ScreenConfig
) -> dict[str, Any]:
    """``{code: pass|review|return, label: 通过|需复核|退回, reasons: [{code, label, message, action}]}``."""
    reasons = verdict_reasons(flags, scores, duplicates, score, cfg)
    code = reasons[0]["action"] if reasons else "pass"
    return {"code": code, "label": label(f"verdict.{code}"), "reasons": reasons}


def verdict_counts(records: list[dict[str, Any]]) -> dict[str, int]:
    """How many records have each verdict, in ``VERDICTS`` order (records without one are not counted)."""
    counts = dict.fromkeys(VERDICTS, 0)
    for rec in records:
        code = (rec.get("verdict") or {}).get("code")
        if code in counts:
            counts[code] += 1
    return counts
