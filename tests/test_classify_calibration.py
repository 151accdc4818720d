"""Calibrated probabilities and the count estimate: every expected value below is worked out by hand
in the comment beside it."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import sparse

from techties.classify.linear import LinearTextModel
from techties.classify.metrics import reliability
from techties.classify.model import estimate_count, load_model
from techties.classify.train import calibrate, nb_ratio, platt


def test_estimate_count_is_the_sum_with_a_poisson_binomial_interval():
    # four documents at 0.5: mean 2, variance 4 * 0.25 = 1, sd 1, 95% -> 2 ± 1.959964
    value, low, high = estimate_count([0.5, 0.5, 0.5, 0.5])
    assert value == pytest.approx(2.0)
    assert low == pytest.approx(2.0 - 1.959964, abs=1e-6)
    assert high == pytest.approx(2.0 + 1.959964, abs=1e-6)
    # certain documents have no spread: 0 + 1 + 1 = 2 exactly
    assert estimate_count([0.0, 1.0, 1.0]) == (2.0, 2.0, 2.0)
    # one document at 0.9: sd sqrt(0.09) = 0.3, 0.9 ± 0.588 -> (0.312, 1.488), clipped to n = 1
    value, low, high = estimate_count([0.9])
    assert (value, high) == (pytest.approx(0.9), 1.0)
    assert low == pytest.approx(0.9 - 1.959964 * 0.3, abs=1e-6)
    # 90% level: z = 1.644854; empty set -> (0, 0, 0)
    assert estimate_count([0.5] * 4, level=0.90)[2] == pytest.approx(2 + 1.644854, abs=1e-6)
    assert estimate_count([]) == (0.0, 0.0, 0.0)
    with pytest.raises(ValueError):
        estimate_count([0.5], level=1.5)


def test_reliability_bins_and_expected_calibration_error():
    # bins of width 0.1: 0.05 -> bin 0 (observed 0), 0.15 -> bin 1 (observed 1),
    # 0.95 twice -> bin 9 (observed 1/2). ECE = (|0.05-0| + |0.15-1| + 2*|0.95-0.5|) / 4 = 1.8 / 4
    rel = reliability(np.array([False, True, True, False]), np.array([0.05, 0.15, 0.95, 0.95]))
    assert [(b["n"], b["mean_predicted"], b["observed"]) for b in rel["bins"]] == [
        (1, 0.05, 0.0), (1, 0.15, 1.0), (2, 0.95, 0.5)]
    assert rel["ece"] == pytest.approx(0.45)
    # a score of exactly 1.0 falls in the last bin, not an eleventh
    assert reliability(np.array([True]), np.array([1.0]))["bins"][0]["bin"] == [0.9, 1.0]


def test_platt_scaling_is_folded_into_the_weights():
    # one feature "robot", idf 1, weight 2, intercept -1: "robot robot" has tf 1 + ln 2, L2-normed to 1,
    # so the margin is 2*1 - 1 = 1. With a = 2, b = 0.5 the probability is sigmoid(2*1 + 0.5) = 0.924142
    m = LinearTextModel(["robot"], np.array([1.0]), np.array([2.0]), -1.0, (1, 1))
    assert m.decision(["robot robot"])[0] == pytest.approx(1.0)
    cal = calibrate(m, 2.0, 0.5)
    assert cal.proba(["robot robot"])[0] == pytest.approx(1 / (1 + math.exp(-2.5)), abs=1e-6)
    # no known word: margin = intercept; calibrated: 2*(-1) + 0.5 = -1.5 -> 0.182426
    assert cal.proba(["nothing here"])[0] == pytest.approx(1 / (1 + math.exp(1.5)), abs=1e-6)


def test_platt_fit_recovers_a_known_slope():
    # labels drawn from sigmoid(3*d - 1): the fitted a, b must be near 3 and -1 (200,000 draws)
    rng = np.random.default_rng(0)
    d = rng.normal(0, 1.5, 200_000)
    y = rng.random(d.size) < 1 / (1 + np.exp(-(3 * d - 1)))
    a, b = platt(d, y)
    assert a == pytest.approx(3.0, abs=0.06) and b == pytest.approx(-1.0, abs=0.03)


def test_nb_ratio_by_hand():
    # x = [[1,0],[0,1],[1,1]], AI = first row. alpha 1: p = [2, 1] / 3, q = [2, 3] / 5
    # r = [ln((2/3)/(2/5)), ln((1/3)/(3/5))] = [ln(5/3), ln(5/9)] = [0.510826, -0.587787]
    x = sparse.csr_matrix(np.array([[1, 0], [0, 1], [1, 1]], np.float32))
    r = nb_ratio(x, np.array([True, False, False]))
    assert r == pytest.approx([math.log(5 / 3), math.log(5 / 9)], abs=1e-6)


def test_shipped_ai_model_is_calibrated_and_meets_the_bar():
    """The acceptance figures of issue 15, read from the card (the held-out re-scoring that checks the
    card against the model is test_classify.py::test_held_out_scores_match_the_card)."""
    card = load_model().card
    assert card["config"]["learner"] in ("svm", "nbsvm")
    assert card["test"]["f1"] >= 0.82 and len(card["test"]["ci95"]["f1"]) == 2
    assert card["calibration"]["a"] > 0
    cnt = card["count_test"]
    assert cnt["ci95"][0] <= cnt["estimate"] <= cnt["ci95"][1]
    assert sum(b["n"] for b in card["reliability_test"]["bins"]) == card["test"]["n"]
