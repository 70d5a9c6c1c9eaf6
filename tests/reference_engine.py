"""A deliberately naive second implementation of docs/scoring.md, for property tests only.

Written from the rules in words, not from scoring/engine.py: loops over everything, pairwise
rank comparisons, exact fractions. It does not do standardisation (tested separately).
"""

import math
from fractions import Fraction


def round_half_up(value):
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


def shared_out(parts, exact_total):
    """Each part to the cent so that they add up to the published total: start from every part
    rounded down, then, one cent at a time, give a cent to the part furthest below its exact
    value (the earlier part on a tie)."""
    if not parts:
        return {}
    given = {key: Fraction(math.floor(value * 100), 100) for key, value in parts.items()}
    while sum(given.values()) < round_half_up(exact_total):
        key = max(parts, key=lambda k: (parts[k] - given[k], -list(parts).index(k)))
        given[key] += Fraction(1, 100)
    return given


def reference(contestants, criteria, judges, sheets, rules, indicators, indicator_scores):
    group_of = {judge.id: judge.group_id for judge in judges}
    rows = {}
    for contestant in contestants:
        per_group = {}
        for s in sheets:
            if s.contestant_id != contestant.id:
                continue
            total = Fraction(0)
            for criterion in criteria:
                total = total + Fraction(s.scores[criterion.id]) * Fraction(criterion.weight)
            per_group.setdefault(group_of[s.judge_id], []).append((total, s.judge_id, s))
        group_scores = {}
        counted_sheets = []
        for group, entries in per_group.items():
            entries.sort(key=lambda e: (e[0], e[1]))
            if rules.method == "median":
                n = len(entries)
                if n % 2 == 1:
                    group_scores[group] = entries[n // 2][0]
                else:
                    group_scores[group] = (entries[n // 2 - 1][0] + entries[n // 2][0]) / 2
                counted_sheets += [e[2] for e in entries]
                continue
            k = rules.trim if rules.method == "trimmed" else 0
            while k > 0 and len(entries) - 2 * k < 1:
                k -= 1
            kept = entries[k : len(entries) - k]
            group_scores[group] = sum(e[0] for e in kept) / len(kept)
            counted_sheets += [e[2] for e in kept]
        weight_sum = Fraction(0)
        weighted = Fraction(0)
        for group, score in group_scores.items():
            w = Fraction(rules.judge_group_weights.get(group, 1))
            weight_sum += w
            weighted += w * score
        judge_score = weighted / weight_sum if weight_sum > 0 else None
        own = [i for i in indicators if i.applies_to is None or contestant.id in i.applies_to]
        indicator_values = [
            Fraction(indicator_scores[(i.id, contestant.id)]) * Fraction(i.weight)
            for i in own
            if (i.id, contestant.id) in indicator_scores
        ]
        indicator_score = sum(indicator_values) if indicator_values else None
        dimension_parts = {}
        if indicator_score is not None:
            scale = Fraction(1)
            if getattr(rules, "composite", "sum") == "percent":
                possible = sum(Fraction(i.max_score) * Fraction(i.weight) for i in own)
                scale = 100 / possible if possible else None
            if scale is None:
                indicator_score = None
            else:
                indicator_score *= scale
                for i in own:
                    value = indicator_scores.get((i.id, contestant.id), 0)
                    share = Fraction(value) * Fraction(i.weight) * scale
                    dimension_parts[i.dimension] = dimension_parts.get(i.dimension, 0) + share
        jw, iw = Fraction(rules.judge_weight), Fraction(rules.indicator_weight)
        if (jw > 0 and judge_score is None) or (iw > 0 and indicator_score is None):
            total = None
        else:
            total = (
                (jw * judge_score if jw > 0 else 0) + (iw * indicator_score if iw > 0 else 0)
            ) / (jw + iw)
        criteria_means = []
        for criterion in criteria:
            values = [Fraction(s.scores[criterion.id]) for s in counted_sheets]
            criteria_means.append(round_half_up(sum(values) / len(values)) if values else 0)
        rows[contestant.id] = {
            "total": None if total is None else round_half_up(total),
            "judge_score": None if judge_score is None else round_half_up(judge_score),
            "indicator_score": None if indicator_score is None else round_half_up(indicator_score),
            "dimensions": shared_out(dimension_parts, indicator_score),
            "criteria": criteria_means,
            "group": contestant.group_id,
            "sheets_in": sum(len(e) for e in per_group.values()),
            "sheets_counted": len(counted_sheets),
        }

    def better(a, b):
        """Is contestant a ranked strictly before contestant b?"""
        ra, rb = rows[a], rows[b]
        if ra["total"] != rb["total"]:
            return ra["total"] > rb["total"]
        if not rules.break_ties_by_criteria or rules.judge_weight == 0:
            return False
        if ra["judge_score"] != rb["judge_score"]:
            return ra["judge_score"] > rb["judge_score"]
        for x, y in zip(ra["criteria"], rb["criteria"], strict=True):
            if x != y:
                return x > y
        return False

    ranked = [c.id for c in contestants if rows[c.id]["total"] is not None]
    for cid in rows:
        rows[cid]["rank"] = None
        rows[cid]["group_rank"] = None
    for a in ranked:
        rows[a]["rank"] = 1 + sum(1 for b in ranked if better(b, a))
        if rows[a]["group"] is not None:
            rows[a]["group_rank"] = 1 + sum(
                1 for b in ranked if rows[b]["group"] == rows[a]["group"] and better(b, a)
            )
    return rows
