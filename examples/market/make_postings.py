"""Write the sample corpus of invented ML job postings (examples/market/postings.jsonl) from the ladder itself.

    python examples/market/make_postings.py [--count 400] [--output FILE]

Every posting is made up: invented companies, cities chosen from a short list, and requirements drawn from the
built-in ladder's skills near the level the posting hires for. A few patterns are planted on purpose so that the
market report has something to find: postings for mid-level engineers (L2) often ask for Kubernetes, which the
ladder places at L3; LLM skills rise through the year while TensorFlow falls; LangChain goes with RAG. The same
seed gives the same file, byte for byte. The Parquet beside it is this file run through
``mlladder batch examples/market/postings.jsonl --out examples/market/postings.parquet``.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from mlladder.framework.ladder import ic_levels
from mlladder.framework.load import builtin_framework

HERE = Path(__file__).resolve().parent
SEED = 17
LEVEL_MIX = {"L1": 0.15, "L2": 0.35, "L3": 0.30, "L4": 0.15, "L5": 0.05}
TITLES = {
    "L1": "Junior Machine Learning Engineer",
    "L2": "Machine Learning Engineer",
    "L3": "Senior Machine Learning Engineer",
    "L4": "Staff Machine Learning Engineer",
    "L5": "Principal Machine Learning Engineer",
}
YEARS = {"L1": "0-2 years", "L2": "2+ years", "L3": "5+ years", "L4": "8+ years", "L5": "10+ years"}
SCOPE = {
    "L1": "You will build features with guidance from senior engineers.",
    "L2": "You will own a feature end to end, from data to deployment.",
    "L3": "You will lead projects and mentor engineers on the team.",
    "L4": "You will set technical direction across several teams and mentor senior engineers.",
    "L5": "You will shape the ML strategy of the whole company and lead work across the organisation.",
}
PAY_USD = {"L1": (95_000, 125_000), "L2": (130_000, 170_000), "L3": (170_000, 220_000), "L4": (220_000, 280_000)}
PAY_USD["L5"] = (270_000, 350_000)
# Invented employers; the cities are real places, with the currency their postings state pay in.
COMPANIES = (
    "Northwind Analytics", "Bluefin Robotics", "Quillmark Health", "Orchard Retail Labs", "Tidepool Energy",
    "Lumen Freight", "Copperleaf Finance", "Harbourline Media", "Vantage Ag Systems", "Greywater Security",
)  # fmt: skip
PLACES = (
    ("Austin, TX", "$", 1.0), ("New York, NY", "$", 1.1), ("Seattle, WA", "$", 1.1), ("Berlin, Germany", "€", 0.6),
    ("Amsterdam, Netherlands", "€", 0.65), ("London, United Kingdom", "£", 0.55), ("Toronto, Canada", "$", 0.75),
)  # fmt: skip
# The skills postings draw on, each with how often a posting at a level asks for it (before the planted trends).
COMMON = {
    "python": 0.9, "sql": 0.5, "pytorch": 0.55, "scikit-learn": 0.35, "pandas": 0.3, "numpy": 0.2, "docker": 0.45,
    "aws": 0.35, "gcp": 0.15, "azure": 0.1, "mlflow": 0.2, "git": 0.25, "ci-cd": 0.25, "model-monitoring": 0.2,
    "deep-learning": 0.3, "xgboost": 0.15, "fastapi": 0.1, "experiment-tracking": 0.1, "mlops": 0.25,
}  # fmt: skip
BY_LEVEL = {
    "L1": {"jupyter": 0.3, "statistics": 0.3},
    "L2": {"kubernetes": 0.4, "terraform": 0.1, "nlp": 0.15, "computer-vision": 0.15},
    "L3": {"kubernetes": 0.5, "system-design": 0.4, "distributed-training": 0.2, "model-serving": 0.3, "ray": 0.1},
    "L4": {"system-design": 0.7, "distributed-training": 0.4, "cuda": 0.2, "kubeflow": 0.2, "kubernetes": 0.4},
    "L5": {"system-design": 0.8, "distributed-training": 0.5, "cuda": 0.3, "llm-evaluation": 0.3},
}
PREFERRED_SHARE = 0.3  # of the skills a posting names, this share goes under "Nice to have"
MONTHS = [f"2025-{month:02d}" for month in range(1, 13)]


def trend_skills(month_index: int, chance: random.Random) -> dict[str, float]:
    """Skills whose demand changes through the year: LLM work rises, TensorFlow falls."""
    rising = 0.05 + 0.05 * month_index  # 5% in January to 60% in December
    falling = 0.45 - 0.035 * month_index
    skills = {"llms": rising, "rag": rising * 0.7, "tensorflow": falling}
    if chance.random() < rising * 0.5:
        skills["langchain"] = 1.0  # only with LLM work: LangChain goes with RAG
        skills["rag"] = 1.0
    return skills


def posting(number: int, chance: random.Random, names: dict[str, str]) -> dict[str, str]:
    level = chance.choices(list(LEVEL_MIX), weights=list(LEVEL_MIX.values()))[0]
    month_index = chance.randrange(len(MONTHS))
    odds = {**COMMON, **BY_LEVEL[level], **trend_skills(month_index, chance)}
    asked = [skill for skill, share in odds.items() if chance.random() < share]
    preferred = [skill for skill in asked if skill != "python" and chance.random() < PREFERRED_SHARE]
    required = [skill for skill in asked if skill not in preferred]
    company = chance.choice(COMPANIES)
    place, currency, factor = chance.choice(PLACES)
    low, high = (round(amount * factor, -3) for amount in PAY_USD[level])
    title = TITLES[level]
    lines = [
        title,
        "",
        f"{company} is hiring a {title} in {place}.",
        "",
        "Requirements:",
        f"- {YEARS[level]} of experience building machine learning systems",
        *(f"- Experience with {names[skill]}" for skill in required),
        "",
        "Responsibilities:",
        f"- {SCOPE[level]}",
    ]
    if preferred:
        lines += ["", "Nice to have:", *(f"- {names[skill]}" for skill in preferred)]
    lines += ["", f"Salary: {currency}{low:,.0f} - {currency}{high:,.0f} per year"]
    day = 1 + chance.randrange(28)
    return {
        "id": f"posting-{number:04d}",
        "date": f"{MONTHS[month_index]}-{day:02d}",
        "company": company,
        "location": place,
        "text": "\n".join(lines),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--output", type=Path, default=HERE / "postings.jsonl")
    arguments = parser.parse_args()
    framework = builtin_framework()
    assert [level.id for level in ic_levels(framework)] == list(LEVEL_MIX), "the ladder's levels changed"
    names = {skill.id: skill.name for skill in framework.skills}
    chance = random.Random(SEED)
    with arguments.output.open("w", encoding="utf-8") as stream:
        for number in range(1, arguments.count + 1):
            stream.write(json.dumps(posting(number, chance, names), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
