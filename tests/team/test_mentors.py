"""Mentor pairing: who may mentor whom, the optimal assignment against the greedy baseline, the explanations."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from mlladder import Framework, Profile
from mlladder.assess.placement import assess
from mlladder.errors import InputError
from mlladder.framework.ladder import placed_competencies
from mlladder.store import Store
from mlladder.team.mentors import (
    PairingOptions,
    greedy_assignment,
    optimal_assignment,
    pair_mentors,
    pairing_data,
    save_pairing,
    with_stored_decisions,
)
from mlladder.team.roster import Member


def person(
    framework: Framework,
    name: str,
    base: int,
    *,
    manager: str | None = None,
    specialisation: tuple[str, ...] = (),
    **ratings: int | None,
) -> Member:
    """A member rated ``base`` on every competency the main track places, except the ``ratings`` given (a keyword
    per competency, dashes as underscores; None leaves it unrated)."""
    given = {competency.id: base for competency in placed_competencies(framework)}
    for key, value in ratings.items():
        given.pop(key.replace("_", "-"))
        if value is not None:
            given[key.replace("_", "-")] = value
    profile = Profile(
        name=name, framework=framework.id, ratings={"manager": given}, specialisation=list(specialisation)
    )
    return Member(name, profile, assess(profile, framework), manager=manager)


@pytest.fixture(scope="module")
def team(ml_ladder: Framework) -> dict[str, Member]:
    """Ana and Cy are seniors (L3), Ana strongest in MLOps; Ben and Dee are juniors (L1) weakest in MLOps."""
    return {
        "Ana": person(ml_ladder, "Ana", 3, mlops=4, specialisation=("nlp",)),
        "Cy": person(ml_ladder, "Cy", 3),
        "Ben": person(ml_ladder, "Ben", 1, mlops=0, specialisation=("nlp",)),
        "Dee": person(ml_ladder, "Dee", 1, mlops=0),
    }


def test_a_pair_is_explained_with_both_ratings_and_the_target(ml_ladder: Framework) -> None:
    members = [person(ml_ladder, "Ana", 3, mlops=4), person(ml_ladder, "Ben", 1, mlops=0)]
    pairing = pair_mentors(ml_ladder, members)
    [pair] = pairing.pairs
    assert pair.explanation == "Ana mentors Ben on MLOps and production: Ana 4, Ben 0, gap to L2"
    assert (pair.mentor, pair.mentee, pair.competency, pair.expected, pair.target) == ("Ana", "Ben", "mlops", 2, "L2")
    assert pair.benefit == 6.0  # gap 2 x margin (1 for meeting L2's 2, plus 2 points above it)
    assert pair.also == ["ML fundamentals and statistics", "Deep learning and specialisation"]
    [ana] = pairing.mentors
    assert (ana.name, ana.capacity, ana.assigned) == ("Ana", 2, 1)
    # Ana is L3 with nothing below her in the team: she has no mentor, for want of anyone above.
    [left] = pairing.unmatched
    assert (left.mentee, left.reason, left.target) == ("Ana", "no-capable-mentor", "L4")
    assert left.explanation.startswith("nobody at least 1 level above Ana is strong in ")


def test_the_optimal_assignment_pairs_everyone_where_the_greedy_one_strands_a_mentee(
    team: dict[str, Member], ml_ladder: Framework
) -> None:
    # Ben gains most from Ana (a shared specialisation tips it), Dee may not have Cy: greedy gives Ana to Ben.
    options = PairingOptions(capacity=1, exclusions=[("Cy", "Dee")])
    members = list(team.values())
    optimal = pair_mentors(ml_ladder, members, options, reports=["Ben", "Dee"])
    greedy = pair_mentors(ml_ladder, members, options, reports=["Ben", "Dee"], assign=greedy_assignment)
    assert {(pair.mentor, pair.mentee) for pair in optimal.pairs} == {("Cy", "Ben"), ("Ana", "Dee")}
    assert optimal.total_benefit == 10.0 and optimal.unmatched == []
    assert [(pair.mentor, pair.mentee) for pair in greedy.pairs] == [("Ana", "Ben")]
    assert greedy.total_benefit == 6.25 < optimal.total_benefit
    [dee] = greedy.unmatched
    assert dee.reason == "mentors-at-capacity"
    assert dee.explanation == "the mentors strong in Dee's gaps (Ana) are full with mentees who gain more"


def test_a_shared_specialisation_decides_between_equal_mentors(ml_ladder: Framework) -> None:
    members = [
        person(ml_ladder, "Cy", 3, mlops=4),
        person(ml_ladder, "Ana", 3, mlops=4, specialisation=("nlp",)),
        person(ml_ladder, "Ben", 1, mlops=0, specialisation=("nlp",)),
    ]
    [pair] = pair_mentors(ml_ladder, members, reports=["Ben"]).pairs
    assert pair.mentor == "Ana" and pair.same_specialisation and pair.benefit == 6.25
    assert pair.explanation.endswith("gap to L2; both work on nlp")
    unpreferred = pair_mentors(ml_ladder, members, PairingOptions(prefer_same_specialisation=False), reports=["Ben"])
    assert unpreferred.pairs[0].benefit == 6.0


def test_a_manager_is_not_paired_with_their_own_report_unless_allowed(ml_ladder: Framework) -> None:
    members = [person(ml_ladder, "Ana", 3, mlops=4), person(ml_ladder, "Ben", 1, mlops=0, manager="Ana")]
    pairing = pair_mentors(ml_ladder, members, reports=["Ben"])
    assert pairing.pairs == []
    [ben] = pairing.unmatched
    assert ben.reason == "no-capable-mentor"
    assert ben.explanation.endswith("except their own manager, Ana (not paired with their own reports)")
    allowed = pair_mentors(ml_ladder, members, PairingOptions(allow_own_manager=True), reports=["Ben"])
    assert [(pair.mentor, pair.mentee) for pair in allowed.pairs] == [("Ana", "Ben")]


def test_an_excluded_pair_is_never_proposed_and_the_reason_says_so(ml_ladder: Framework) -> None:
    members = [person(ml_ladder, "Ana", 3, mlops=4), person(ml_ladder, "Ben", 1, mlops=0)]
    pairing = pair_mentors(ml_ladder, members, PairingOptions(exclusions=[("ana", "BEN")]), reports=["Ben"])
    assert pairing.pairs == []
    assert pairing.unmatched[0].explanation.endswith("except Ana (excluded)")


def test_a_mentor_must_be_far_enough_above_and_strong_where_the_mentee_is_short(ml_ladder: Framework) -> None:
    peer = person(ml_ladder, "Eve", 1, mlops=4)  # strong in MLOps, but at Ben's level
    unrated = person(ml_ladder, "Fay", 3, mlops=None)  # above Ben, but nobody rated her MLOps
    ben = person(ml_ladder, "Ben", 1, mlops=0, ml_fundamentals=2, deep_learning=2, research=2, data_engineering=2)
    assert peer.level == ben.level == "L1" and unrated.level == "L3"
    # Ben's gaps: MLOps (2) first, then the 1-point gaps in the framework's order; Fay is strong in those.
    pairing = pair_mentors(ml_ladder, [peer, unrated, ben], PairingOptions(top_gaps=1), reports=["Ben"])
    assert pairing.pairs == [] and pairing.unmatched[0].gaps[0].competency == "mlops"
    level_peers = pair_mentors(ml_ladder, [peer, unrated, ben], PairingOptions(top_gaps=1, min_level_gap=0), ["Ben"])
    assert [(pair.mentor, pair.competency) for pair in level_peers.pairs] == [("Eve", "mlops")]
    wider = pair_mentors(ml_ladder, [peer, unrated, ben], PairingOptions(top_gaps=2), reports=["Ben"])
    assert [(pair.mentor, pair.competency) for pair in wider.pairs] == [("Fay", "software-engineering")]


def test_an_unrated_gap_counts_in_full_and_says_unrated(ml_ladder: Framework) -> None:
    members = [person(ml_ladder, "Ana", 3, mlops=4), person(ml_ladder, "Ben", 1, mlops=None)]
    [pair] = pair_mentors(ml_ladder, members, reports=["Ben"]).pairs
    assert pair.mentee_rating is None and "Ben unrated, gap to L2" in pair.explanation


def test_someone_meeting_every_expectation_of_their_target_has_no_gaps(ml_ladder: Framework) -> None:
    top = person(ml_ladder, "Pia", 4)
    [left] = pair_mentors(ml_ladder, [top]).unmatched
    assert (left.reason, left.gaps) == ("no-gaps", [])
    assert left.explanation == "Pia meets every L5 expectation: there is no gap to mentor"


def test_capacities_limit_mentors_and_a_capacity_of_zero_rules_one_out(
    team: dict[str, Member], ml_ladder: Framework
) -> None:
    members = list(team.values())
    both = pair_mentors(ml_ladder, members, PairingOptions(capacity_of={"cy": 0}), reports=["Ben", "Dee"])
    assert {pair.mentor for pair in both.pairs} == {"Ana"} and len(both.pairs) == 2
    none = pair_mentors(ml_ladder, members, PairingOptions(capacity=0), reports=["Ben"])
    assert none.pairs == []
    assert none.unmatched[0].reason == "mentors-at-capacity"
    assert none.unmatched[0].explanation == "the mentors strong in Ben's gaps (Ana, Cy) have no room"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"capacity": -1}, "capacity: -1 is below 0 (fix: give 0 or more mentees per mentor)"),
        ({"capacity_of": {"Ana": -2}}, "capacity of 'Ana': -2 is below 0"),
        ({"top_gaps": 0}, "top_gaps: 0 is below 1"),
        ({"min_level_gap": -1}, "min_level_gap: -1 is below 0"),
    ],
)
def test_bad_options_are_one_line(options: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=f"^{re.escape(message)}"):
        PairingOptions(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "reports", "message"),
    [
        (PairingOptions(capacity_of={"Anna": 1}), None, "capacity: nobody in the team is named 'Anna' (fix: did you "),
        (PairingOptions(exclusions=[("Ana", "Zed")]), None, "exclusion: nobody in the team is named 'Zed' (fix: use"),
        (PairingOptions(), ["Bob"], "reports: nobody in the team is named 'Bob'"),
    ],
)
def test_an_option_naming_nobody_is_one_line(
    team: dict[str, Member], ml_ladder: Framework, options: PairingOptions, reports: list[str] | None, message: str
) -> None:
    with pytest.raises(InputError, match=f"^{re.escape(message)}"):
        pair_mentors(ml_ladder, list(team.values()), options, reports)


def test_two_members_with_one_name_are_refused(team: dict[str, Member], ml_ladder: Framework) -> None:
    with pytest.raises(InputError, match="two members are named 'ana'"):
        pair_mentors(ml_ladder, [team["Ana"], Member("ana", team["Cy"].profile, team["Cy"].assessment)])


def test_the_data_form_is_json_with_every_part(team: dict[str, Member], ml_ladder: Framework) -> None:
    options = PairingOptions(capacity=1, exclusions=[("Cy", "Dee")])
    data = json.loads(json.dumps(pairing_data(pair_mentors(ml_ladder, list(team.values()), options))))
    assert set(data) == {"framework", "options", "total_benefit", "pairs", "unmatched", "mentors"}
    assert data["options"]["exclusions"] == [{"mentor": "Cy", "mentee": "Dee"}]
    assert data["pairs"][0]["explanation"].startswith("Ana mentors Dee on MLOps and production")
    assert {item["mentee"] for item in data["unmatched"]} == {"Ana", "Cy"}
    assert set(data["unmatched"][0]["gaps"][0]) == {"competency", "name", "current", "expected", "shortfall"}


def best_by_brute_force(benefit: np.ndarray, capacities: np.ndarray) -> float:
    """The greatest total benefit over every way to give each mentee one mentor or none."""
    rows, columns = benefit.shape
    best = 0.0
    for choice in itertools.product(range(-1, columns), repeat=rows):
        counts = np.bincount([c for c in choice if c >= 0], minlength=columns)
        if (counts <= capacities).all() and all(benefit[r, c] > 0 for r, c in enumerate(choice) if c >= 0):
            best = max(best, sum(benefit[r, c] for r, c in enumerate(choice) if c >= 0))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_the_optimal_assignment_finds_the_best_total_and_respects_capacities(seed: int) -> None:
    generator = np.random.default_rng(seed)
    benefit = np.where(generator.random((5, 3)) < 0.6, generator.integers(1, 9, (5, 3)).astype(float), 0.0)
    capacities = generator.integers(0, 3, 3)
    chosen = optimal_assignment(benefit, capacities)
    assert sum(benefit[r, c] for r, c in chosen) == best_by_brute_force(benefit, capacities)
    assert len({r for r, _ in chosen}) == len(chosen)  # a mentee once
    assert (np.bincount([c for _, c in chosen], minlength=3) <= capacities).all()
    assert all(benefit[r, c] > 0 for r, c in chosen)
    greedy = greedy_assignment(benefit, capacities)
    assert sum(benefit[r, c] for r, c in greedy) <= sum(benefit[r, c] for r, c in chosen)


def test_an_agreed_pair_keeps_its_mentee_out_and_takes_one_of_the_mentors_places(
    team: dict[str, Member], ml_ladder: Framework
) -> None:
    options = PairingOptions(capacity=1, ongoing=[("Ana", "Ben")])
    pairing = pair_mentors(ml_ladder, list(team.values()), options, reports=["Ben", "Dee"])
    assert [(pair.mentor, pair.mentee) for pair in pairing.pairs] == [("Cy", "Dee")]  # Ana's one place is Ben's
    [ben] = pairing.unmatched
    assert (ben.reason, ben.explanation) == ("already-mentored", "Ben already has a mentor: Ana")
    loads = {load.name: (load.capacity, load.assigned, load.ongoing) for load in pairing.mentors}
    assert loads == {"Ana": (1, 0, 1), "Cy": (1, 1, 0)}
    with pytest.raises(InputError, match=r"^ongoing pair: nobody in the team is named 'Bo'"):
        pair_mentors(ml_ladder, list(team.values()), PairingOptions(ongoing=[("Ana", "Bo")]))


def test_saving_needs_people_from_the_database_and_stored_decisions_shape_the_next_pairing(
    team: dict[str, Member], ml_ladder: Framework, tmp_path: Path
) -> None:
    folder_members = list(team.values())  # read from files: no person ids
    with (
        Store(f"sqlite:///{tmp_path / 'unused.db'}") as store,
        pytest.raises(InputError, match="cannot save pairs for 'Ana', who is not in the database"),
    ):
        save_pairing(store, pair_mentors(ml_ladder, folder_members), folder_members)
    with Store(f"sqlite:///{tmp_path / 'team.db'}") as store:
        members = [replace(member, person_id=store.create_person(member.name).id) for member in team.values()]
        options = PairingOptions(capacity=1, allow_own_manager=True)
        saved = save_pairing(store, pair_mentors(ml_ladder, members, options, reports=["Ben", "Dee"]), members)
        by_pair = {(pair.mentor_name, pair.mentee_name): pair for pair in saved}
        assert set(by_pair) == {("Ana", "Ben"), ("Cy", "Dee")}
        store.decide_mentor_pair(by_pair["Ana", "Ben"].id, "declined")
        store.decide_mentor_pair(by_pair["Cy", "Dee"].id, "accepted")
        decided = with_stored_decisions(options, store, members)
    assert (list(decided.exclusions), list(decided.ongoing)) == ([("Ana", "Ben")], [("Cy", "Dee")])
    again = pair_mentors(ml_ladder, members, decided, reports=["Ben", "Dee"])
    assert again.pairs == []  # Ana was declined by Ben; Cy's one place is Dee's
    assert {item.mentee: item.reason for item in again.unmatched} == {
        "Ben": "mentors-at-capacity",
        "Dee": "already-mentored",
    }
