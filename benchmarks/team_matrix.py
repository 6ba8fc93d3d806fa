"""Benchmark: the team matrix and its risks for a large generated team, next to assessing the same people.

The baseline is what any team view pays before it starts: placing every person on the ladder
(``mlladder.assess`` per profile). The figures measured against it are the matrix (rows, readiness, competency and
skill coverage) plus its risks, and the same split by team. Each is the median of several runs in this process.

Run: .venv/bin/python benchmarks/team_matrix.py [--people 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable

import mlladder
from mlladder.framework.ladder import ic_levels, placed_competencies
from mlladder.team.matrix import by_team, team_matrix, team_risks
from mlladder.team.roster import Member

SKILLS_EACH = 6
ACHIEVEMENTS = (
    "Moved the training jobs to PyTorch on Kubernetes and cut the weekly retrain from nine hours to two",
    "Built the feature pipelines in Spark and Airflow that four teams read from",
    "Designed the model serving path with canaries and rollbacks, and wrote its runbook",
    "Presented the ranking results to leadership and set the next quarter's experiments",
)


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` runs."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def generated_profiles(framework: mlladder.Framework, count: int, seed: int = 15) -> list[mlladder.Profile]:
    """``count`` invented people spread over the main track, each rated by themselves and a manager."""
    rng = random.Random(seed)
    competencies = [c.id for c in placed_competencies(framework)]
    skills = [skill.id for skill in framework.skills]
    levels = len(ic_levels(framework))
    profiles = []
    for number in range(count):
        base = rng.choice(range(levels))
        ratings = {
            rater: {c: max(0, min(4, base + rng.choice((-1, 0, 0, 0, 1)))) for c in competencies}
            for rater in ("self", "manager")
        }
        evidence = [{"text": rng.choice(ACHIEVEMENTS), "competencies": [rng.choice(competencies)]}]
        profiles.append(
            mlladder.Profile.model_validate(
                {
                    "framework": framework.id,
                    "name": f"Person {number:04d}",
                    "years_experience": round(rng.uniform(0, 15), 1),
                    "in_level_since": dt.date(2026, 1, 1) - dt.timedelta(days=rng.randint(30, 2500)),
                    "ratings": ratings,
                    "skills": rng.sample(skills, SKILLS_EACH),
                    "evidence": evidence,
                },
                strict=False,
            )
        )
    return profiles


def members_of(framework: mlladder.Framework, profiles: list[mlladder.Profile]) -> list[Member]:
    """Members in teams of about ten, each team under one of the managers."""
    members = []
    for number, profile in enumerate(profiles):
        assert profile.name is not None
        team = f"team-{number // 10:03d}"
        manager = None if number % 10 == 0 else f"Person {number - number % 10:04d}"
        members.append(Member(profile.name, profile, mlladder.assess(profile, framework), manager, team))
    return members


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    framework = mlladder.builtin_framework()
    profiles = generated_profiles(framework, options.people)
    members = members_of(framework, profiles[:20])  # warms the per-framework caches once
    team_risks(team_matrix(framework, members))
    members = members_of(framework, profiles)
    today = dt.date(2026, 12, 1)

    def matrix_and_risks() -> None:
        team_risks(team_matrix(framework, members, today=today))

    def per_team() -> None:
        for matrix in by_team(framework, members, today=today).values():
            team_risks(matrix)

    baseline = timed(lambda: [mlladder.assess(profile, framework) for profile in profiles], options.repeat)
    measured = timed(matrix_and_risks, options.repeat)
    split = timed(per_team, options.repeat)
    count = options.people
    print(f"{count} people, median of {options.repeat} runs:")
    print(f"  baseline  assess every person           {baseline:8.3f} s")
    ratio = f"{measured / baseline:.2f}x the baseline"
    print(f"  mlladder  matrix + risks                {measured:8.3f} s  (target < 0.5 s; {ratio})")
    print(f"  mlladder  a matrix + risks per team     {split:8.3f} s  ({count // 10} teams)")


if __name__ == "__main__":
    main()
