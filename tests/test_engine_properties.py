"""Property tests: the engine agrees with a naive reference on generated contests."""

import itertools
import random
from decimal import Decimal as D
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import engine, exact
from tests.reference_engine import reference

MAXIMA = [D(10), D(20), D(25), D(100)]
WEIGHTS = [D(1), D("0.5"), D(2), D("1.5")]
GROUP_WEIGHTS = [D("0.4"), D("0.6"), D(1), D(0)]


NOT_STANDARDISED = st.just(False)


@st.composite
def contests(draw, standardise=NOT_STANDARDISED):
    criteria = [
        engine.Criterion(f"c{i}", draw(st.sampled_from(MAXIMA)), draw(st.sampled_from(WEIGHTS)))
        for i in range(draw(st.integers(1, 4)))
    ]
    contestant_groups = draw(st.sampled_from([[None], ["经济", "社会"], [None, "经济"]]))
    contestants = [
        engine.Contestant(f"p{i}", draw(st.sampled_from(contestant_groups)), i)
        for i in range(draw(st.integers(1, 7)))
    ]
    judge_groups = draw(st.sampled_from([[None], ["领导", "部门"], [None, "部门"]]))
    judges = [
        engine.Judge(i, draw(st.sampled_from(judge_groups))) for i in range(draw(st.integers(0, 9)))
    ]
    step = draw(st.sampled_from([D(1), D("0.5"), D("0.1")]))
    sheets = []
    for judge in judges:
        for contestant in contestants:
            if draw(st.integers(0, 4)) == 0:
                continue  # this judge did not score this contestant
            scores = {}
            for criterion in criteria:
                units = int(criterion.max_score / step)
                scores[criterion.id] = draw(st.integers(0, units)) * step
            sheets.append(engine.Sheet(judge.id, contestant.id, scores))
    indicators = [
        engine.Indicator(
            f"i{i}",
            draw(st.sampled_from([D(10), D(6), D("4.5")])),
            draw(st.sampled_from(WEIGHTS)),
            draw(st.sampled_from([None, "speed", "force", "style"])),
            draw(
                st.one_of(
                    st.none(),
                    st.frozensets(st.sampled_from([c.id for c in contestants])),
                )
            ),
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    indicator_scores = {
        (indicator.id, contestant.id): D(draw(st.integers(0, int(indicator.max_score * 100)))) / 100
        for indicator in indicators
        for contestant in contestants
        if draw(st.booleans())
    }
    judge_weight, indicator_weight = draw(
        st.sampled_from([(D(100), D(0)), (D(70), D(30)), (D(0), D(100)), (D(1), D(1))])
    )
    if not indicators:
        judge_weight, indicator_weight = D(100), D(0)
    rules = engine.Rules(
        method=draw(st.sampled_from(list(engine.Method))),
        trim=draw(st.integers(0, 3)),
        standardise=draw(standardise),
        judge_weight=judge_weight,
        indicator_weight=indicator_weight,
        judge_group_weights={g: draw(st.sampled_from(GROUP_WEIGHTS)) for g in judge_groups},
        break_ties_by_criteria=draw(st.booleans()),
        composite=draw(st.sampled_from(list(engine.Composite))),
    )
    return contestants, criteria, judges, sheets, rules, indicators, indicator_scores


def run(case):
    contestants, criteria, judges, sheets, rules, indicators, indicator_scores = case
    return engine.compute(
        contestants, criteria, judges, sheets, rules, indicators, indicator_scores
    )


def as_fraction(value):
    return None if value is None else Fraction(value)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contests())
def test_engine_matches_the_naive_reference(case):
    expected = reference(*case)
    for result in run(case):
        row = expected[result.contestant_id]
        assert as_fraction(result.total) == row["total"]
        assert as_fraction(result.judge_score) == row["judge_score"]
        assert as_fraction(result.indicator_score) == row["indicator_score"]
        assert {k: Fraction(v) for k, v in result.dimensions.items()} == row["dimensions"]
        if result.indicator_score is not None:
            assert sum(result.dimensions.values()) == result.indicator_score
        assert result.rank == row["rank"]
        assert result.group_rank == row["group_rank"]
        assert result.sheets_in == row["sheets_in"]
        assert result.sheets_counted == row["sheets_counted"]


@settings(max_examples=150, deadline=None)
@given(contests(standardise=st.booleans()), st.randoms(use_true_random=False))
def test_order_of_sheets_does_not_matter(case, rng):
    contestants, criteria, judges, sheets, rules, indicators, indicator_scores = case
    shuffled = list(sheets)
    rng.shuffle(shuffled)
    again = engine.compute(
        contestants, criteria, judges, shuffled, rules, indicators, indicator_scores
    )
    assert again == run(case)


@settings(max_examples=150, deadline=None)
@given(contests())
def test_ranks_follow_totals_and_are_complete(case):
    results = run(case)
    ranked = [r for r in results if r.rank is not None]
    assert all(r.total is not None for r in ranked)
    assert all(r.total is None for r in results if r.rank is None)
    for a in ranked:
        for b in ranked:
            if a.total > b.total:
                assert a.rank < b.rank
    # Competition ranking: rank r is held by a contestant only if r−1 others are ahead.
    for r in ranked:
        assert r.rank == 1 + sum(1 for other in ranked if other.rank < r.rank)
    assert [r.rank for r in ranked] == sorted(r.rank for r in ranked)


@settings(max_examples=150, deadline=None)
@given(contests(standardise=st.just(True)))
def test_standardised_totals_stay_on_the_scale(case):
    _, criteria, *_ = case
    maximum = sum(c.max_score * c.weight for c in criteria)
    for result in run(case):
        for value in result.judge_groups.values():
            assert D(0) <= value <= maximum.quantize(D("0.01"))


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 6), st.integers(2, 8), st.integers(0, 30), st.randoms(use_true_random=False))
def test_standardisation_cancels_a_lenient_judge(n_contestants, n_judges, bonus, rng):
    """Adding a constant to every sheet of one judge (who scored everyone) changes no order.

    Scores sit mid-scale so no adjusted value reaches 0 or the maximum: there the clamp to the
    criterion's range (documented in docs/scoring.md) may legitimately reorder contestants.
    """
    criteria = [engine.Criterion("x", D(1000))]
    contestants = [engine.Contestant(i, None, i) for i in range(n_contestants)]
    judges = [engine.Judge(j) for j in range(n_judges)]
    base = {(j, c.id): D(rng.randint(400, 450)) for j in range(n_judges) for c in contestants}

    def exact_totals(lenient_bonus):
        sheets = [
            engine.Sheet(j, c, {"x": value + (lenient_bonus if j == 0 else 0)})
            for (j, c), value in base.items()
        ]
        rules = engine.Rules(method=engine.Method.MEAN, standardise=True)
        return {
            r.contestant_id: r.exact_total
            for r in engine.compute(contestants, criteria, judges, sheets, rules)
        }

    plain, lenient = exact_totals(0), exact_totals(bonus)
    tolerance = Fraction(1, 10**6)  # standardisation runs in 50-digit Decimal, not exactly
    for a, b in itertools.combinations(plain, 2):
        if abs(plain[a] - plain[b]) > tolerance:
            assert (plain[a] > plain[b]) == (lenient[a] > lenient[b]), (a, b)


def test_reference_catches_a_wrong_engine(monkeypatch):
    """Guard against a property test that cannot fail: break the engine, see a mismatch."""
    case = (
        [engine.Contestant("a", None, 1)],
        [engine.Criterion("x", D(100))],
        [engine.Judge(1), engine.Judge(2), engine.Judge(3)],
        [engine.Sheet(j, "a", {"x": D(v)}) for j, v in ((1, 10), (2, 50), (3, 90))],
        engine.Rules(method=engine.Method.TRIMMED, trim=1),
        [],
        {},
    )
    assert as_fraction(run(case)[0].total) == reference(*case)["a"]["total"] == 50
    monkeypatch.setattr(exact, "effective_trim", lambda count, trim: 0)
    assert as_fraction(run(case)[0].total) == 50  # mean equals trimmed mean here…
    skewed_sheets = [engine.Sheet(j, "a", {"x": D(v)}) for j, v in ((1, 10), (2, 50), (3, 60))]
    skewed = (*case[:3], skewed_sheets, *case[4:])
    assert as_fraction(run(skewed)[0].total) != reference(*skewed)["a"]["total"]  # …not here


def test_random_seeded_smoke():
    rng = random.Random(7)
    criteria = [engine.Criterion(f"c{i}", D(25)) for i in range(4)]
    contestants = [engine.Contestant(i, i % 2, i) for i in range(10)]
    judges = [engine.Judge(j, j % 2) for j in range(60)]
    sheets = [
        engine.Sheet(j.id, c.id, {cr.id: D(rng.randint(30, 50)) / 2 for cr in criteria})
        for j in judges
        for c in contestants
    ]
    results = engine.compute(contestants, criteria, judges, sheets, engine.Rules(trim=2))
    assert sorted(r.rank for r in results)[0] == 1
    assert all(
        r.sheets_in == 60 and r.sheets_counted == 52 for r in results
    )  # 2 groups × (30 − 2 − 2)


@settings(max_examples=150, deadline=None)
@given(contests())
def test_prepared_sheets_give_the_same_results(case):
    """The recompute's cache feeds PreparedSheets: they must change nothing."""
    contestants, criteria, judges, sheets, rules, indicators, indicator_scores = case
    prepared = [exact.prepare(sheet, criteria) for sheet in sheets]
    again = engine.compute(
        contestants, criteria, judges, prepared, rules, indicators, indicator_scores
    )
    assert again == run(case)


@settings(max_examples=150, deadline=None)
@given(contests(), contests(), st.randoms(use_true_random=False))
def test_memo_reuses_nothing_that_changed(case, other, rng):
    """A live recompute keeps a memo of contestants' exact scores between runs: whatever
    changes in between (sheets revised, added or withdrawn, judges regrouped, rules, weights
    or indicators changed), results with the memo equal results computed afresh."""
    contestants, criteria, judges, sheets, rules, indicators, indicator_scores = case
    prepared = [exact.prepare(sheet, criteria) for sheet in sheets]
    memo: dict = {}
    first = engine.compute(
        contestants, criteria, judges, prepared, rules, indicators, indicator_scores, memo=memo
    )
    assert first == run(case)

    for _ in range(3):
        revised = []
        for sheet, original in zip(prepared, sheets, strict=True):
            roll = rng.random()
            if roll < 0.1:
                continue  # withdrawn
            if roll < 0.3:
                scores = {
                    k: criteria_by_id(criteria)[k].max_score - v for k, v in original.scores.items()
                }
                sheet = exact.prepare(
                    engine.Sheet(sheet.judge_id, sheet.contestant_id, scores), criteria
                )
            revised.append(sheet)
        if rng.random() < 0.3:
            judges = [engine.Judge(j.id, rng.choice([None, "领导", "部门"])) for j in judges]
        if rng.random() < 0.3:
            rules = other[4]
            if rules.indicator_weight and not indicators:
                rules = engine.Rules(method=rules.method, trim=rules.trim)
        if rng.random() < 0.3:
            indicator_scores = {
                key: value for key, value in indicator_scores.items() if rng.random() < 0.7
            }
        expected = engine.compute(
            contestants, criteria, judges, revised, rules, indicators, indicator_scores
        )
        with_memo = engine.compute(
            contestants, criteria, judges, revised, rules, indicators, indicator_scores, memo=memo
        )
        assert with_memo == expected
        assert [r.exact_total for r in with_memo] == [r.exact_total for r in expected]


def criteria_by_id(criteria):
    return {c.id: c for c in criteria}
