"""Benchmark: mentor pairing for 1,000 mentees and 300 mentors with capacities (``pair_mentors``, as
``mlladder mentors``), the optimal assignment against the greedy baseline in the same run.

The people are invented at random with a fixed seed: mentees placed around L1-L3, mentors around L3-L5, each with
ratings spread around their level's expectations, one or two specialisations, a manager among the mentors, and
a capacity per mentor (mentees take none); 200 random pairs are excluded. Two cases: places scarce (1-4 mentees
per mentor, fewer places than mentees) and ample (3-6 each). Both solvers build the same benefit matrix; they
differ only in the assignment. Target: the optimal pairing in under 2 s. Last, both on the shipped example team,
where strong mentors are few and the difference shows.

Run: .venv/bin/python benchmarks/mentor_pairing.py [--mentees 1000] [--mentors 300] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

import mlladder
from mlladder.assess.placement import assess
from mlladder.assess.profile import Profile
from mlladder.framework.ladder import placed_competencies
from mlladder.framework.schema import Framework
from mlladder.team.load import roster_from_folder
from mlladder.team.mentors import (
    DEFAULT_CAPACITY,
    Assign,
    Pairing,
    PairingOptions,
    greedy_assignment,
    optimal_assignment,
    pair_mentors,
)
from mlladder.team.roster import Member

TARGET_SECONDS = 2.0
EXAMPLE_TEAM = Path(__file__).resolve().parents[1] / "examples" / "team"
SEED = 15


def invented(framework: Framework, name: str, centre: float, manager: str | None, rng: np.random.Generator) -> Member:
    """A person whose ratings scatter around ``centre`` (0-4), so levels and gaps vary from one to the next."""
    ratings = {
        competency.id: int(np.clip(round(rng.normal(centre, 0.8)), 0, 4))
        for competency in placed_competencies(framework)
    }
    chosen = rng.choice([item.id for item in framework.specialisations], size=int(rng.integers(1, 3)), replace=False)
    profile = Profile(name=name, framework=framework.id, ratings={"manager": ratings}, specialisation=list(chosen))
    return Member(name, profile, assess(profile, framework), manager=manager)


def team(
    framework: Framework, mentees: int, mentors: int, places: tuple[int, int]
) -> tuple[list[Member], PairingOptions, list[str]]:
    rng = np.random.default_rng(SEED)
    senior = [invented(framework, f"Mentor {n}", rng.uniform(2.8, 4.0), None, rng) for n in range(mentors)]
    managers = [member.name for member in senior[: max(1, mentors // 10)]]
    junior = [
        invented(framework, f"Mentee {n}", rng.uniform(0.8, 2.8), str(rng.choice(managers)), rng)
        for n in range(mentees)
    ]
    capacities = {member.name: int(rng.integers(places[0], places[1] + 1)) for member in senior}
    excluded = [(str(rng.choice(list(capacities))), f"Mentee {int(rng.integers(mentees))}") for _ in range(200)]
    options = PairingOptions(capacity=0, capacity_of=capacities, exclusions=excluded)
    return senior + junior, options, [member.name for member in junior]


def timed(
    framework: Framework,
    members: list[Member],
    options: PairingOptions,
    mentees: list[str],
    assign: Assign,
    repeat: int,
) -> tuple[float, Pairing]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        pairing = pair_mentors(framework, members, options, reports=mentees, assign=assign)
        times.append(time.perf_counter() - started)
    return statistics.median(times), pairing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mentees", type=int, default=1_000)
    parser.add_argument("--mentors", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    framework = mlladder.builtin_framework()
    for places in ((1, 4), (3, 6)):
        compare(framework, args.mentees, args.mentors, places, args.repeat)
    example = roster_from_folder(framework, EXAMPLE_TEAM).members
    print(f"the example team ({len(example)} people, capacity {DEFAULT_CAPACITY}; examples/team)")
    for label, assign in (("greedy ", greedy_assignment), ("optimal", optimal_assignment)):
        pairing = pair_mentors(framework, example, assign=assign)
        print(f"  {label}  pairs {len(pairing.pairs):2}  total benefit {pairing.total_benefit:6.2f}")


def compare(framework: Framework, mentees: int, mentors: int, places: tuple[int, int], repeat: int) -> None:
    started = time.perf_counter()
    members, options, names = team(framework, mentees, mentors, places)
    setup = time.perf_counter() - started
    total = sum(options.capacity_of.values())
    print(
        f"{mentees:,} mentees, {mentors:,} mentors with {total:,} places ({places[0]}-{places[1]} each), 200 exclusions"
    )
    print(f"  (inventing and assessing the {len(members):,} people took {setup:.1f} s; not part of the figures)")
    greedy_time, greedy = timed(framework, members, options, names, greedy_assignment, repeat)
    optimal_time, optimal = timed(framework, members, options, names, optimal_assignment, repeat)
    for label, seconds, pairing in (("greedy ", greedy_time, greedy), ("optimal", optimal_time, optimal)):
        print(
            f"  {label}  {seconds:6.3f} s (median of {repeat})  pairs {len(pairing.pairs):5,}  "
            f"total benefit {pairing.total_benefit:9.2f}"
        )
    gain = optimal.total_benefit / greedy.total_benefit - 1 if greedy.total_benefit else 0.0
    print(
        f"  optimal vs greedy: {gain:+.1%} benefit, {len(optimal.pairs) - len(greedy.pairs):+,} pairs, "
        f"{optimal_time / greedy_time:.2f}x the time; target < {TARGET_SECONDS:g} s: "
        f"{'met' if optimal_time < TARGET_SECONDS else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
