"""Shared fixtures: a small synthetic training set written by the tests themselves."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "data" / "sample_postings.csv"

DATA_SCIENCE_SKILLS = [
    "statistics",
    "SQL",
    "R",
    "pandas",
    "NumPy",
    "Jupyter notebooks",
    "exploratory data analysis",
    "A/B testing",
    "Tableau",
    "Power BI",
    "matplotlib",
    "dashboards",
    "stakeholders",
    "hypothesis testing",
    "causal inference",
    "forecasting",
    "regression analysis",
    "data visualization",
    "actionable insights",
]
ML_ENGINEERING_SKILLS = [
    "TensorFlow",
    "PyTorch",
    "Keras",
    "scikit-learn",
    "model deployment",
    "data pipelines",
    "monitoring",
    "Docker",
    "Kubernetes",
    "AWS SageMaker",
    "Azure ML",
    "Vertex AI",
    "MLOps",
    "Java",
    "C++",
    "model serving",
    "CI/CD",
    "feature store",
    "low latency",
    "distributed training",
]
OTHER_SKILLS = [
    "React",
    "TypeScript",
    "CSS",
    "Figma",
    "Salesforce",
    "HubSpot",
    "SEO",
    "Zendesk",
    "QuickBooks",
    "GAAP",
    "content marketing",
    "recruiting",
    "customer support",
    "Terraform",
    "Jira",
    "copywriting",
    "negotiation",
]
SHARED_WORDS = ["Python", "communication", "agile", "Git", "AWS"]
TITLES = {
    "data_science": ["Data Scientist", "Senior Data Scientist", "Lead Data Scientist"],
    "ml_engineering": ["Machine Learning Engineer", "Senior ML Engineer", "MLOps Engineer"],
    "other": ["Frontend Engineer", "Account Executive", "Support Specialist", "Accountant"],
}
POOLS = {"data_science": DATA_SCIENCE_SKILLS, "ml_engineering": ML_ENGINEERING_SKILLS, "other": OTHER_SKILLS}


def make_postings(per_label: int = 30, seed: int = 0) -> pd.DataFrame:
    """Synthetic postings: each names a few skills of its role and a few shared ones."""
    rng = random.Random(seed)
    rows = []
    for label, pool in POOLS.items():
        for number in range(per_label):
            skills = rng.sample(pool, 6) + rng.sample(SHARED_WORDS, 2)
            rng.shuffle(skills)
            text = (
                "We are hiring. You will work with "
                + ", ".join(skills[:4])
                + ".\n\n* Experience with "
                + (" and ".join(skills[4:]))
                + "\n* A friendly team."
            )
            rows.append(
                {
                    "id": f"{label}-{number}",
                    "title": rng.choice(TITLES[label]),
                    "company": f"company-{label}-{number % 10}",
                    "description": text,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def postings_frame() -> pd.DataFrame:
    return make_postings()


@pytest.fixture(scope="session")
def postings_csv(tmp_path_factory: pytest.TempPathFactory, postings_frame: pd.DataFrame) -> Path:
    path = tmp_path_factory.mktemp("data") / "postings.csv"
    postings_frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory: pytest.TempPathFactory, postings_csv: Path) -> Path:
    from classifier.model import train

    path = tmp_path_factory.mktemp("models") / "model.joblib"
    train(postings_csv, path, include_other=True)
    return path


def needs_shared(*parts: str) -> Path:
    """The path of a file in ../shared, or skip the test saying why."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)}, which is absent (it is not part of the repository)")
    return path
