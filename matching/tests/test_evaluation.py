import pytest

from matching.attributes import Attributes
from matching.evaluation import ndcg_at, recall_at, rrf
from matching.scoring import Candidate


def test_ndcg_is_one_for_a_perfect_ranking_and_discounts_late_hits():
    assert ndcg_at([1, 2, 3], {1, 2, 3}) == pytest.approx(1.0)
    assert 0 < ndcg_at([9, 1], {1}) < ndcg_at([1, 9], {1}) == pytest.approx(1.0)
    assert ndcg_at([7, 8], {1}) == 0.0


def test_recall_at_20_is_relative_to_what_can_fit_in_20():
    assert recall_at(list(range(20)), set(range(100))) == 1.0
    assert recall_at([1, 2], {1, 5}) == 0.5


def test_reciprocal_rank_fusion_rewards_agreement():
    def candidate(i, lexical, semantic):
        return Candidate(i, str(i), Attributes(), None, lexical, semantic)

    pool = [candidate(1, 9.0, 0.1), candidate(2, 5.0, 0.5), candidate(3, 0.0, 0.9), candidate(4, 1.0, 0.3)]
    assert rrf(pool)[0] == 2
