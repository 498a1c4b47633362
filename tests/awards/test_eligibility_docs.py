"""docs/eligibility.md and docs/eligibility-history.schema.json stay true to the engine."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from thidua.awards import law
from thidua.awards.eligibility import compile_settings, evaluate

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA = json.loads((DOCS / "eligibility-history.schema.json").read_text(encoding="utf-8"))
GUIDE = (DOCS / "eligibility.md").read_text(encoding="utf-8")


def documented(marker: str):
    match = re.search(rf"<!-- {marker} -->\n```json\n(.*?)\n```", GUIDE, re.DOTALL)
    assert match, f"no block marked {marker} in docs/eligibility.md"
    return json.loads(match.group(1))


def test_the_documented_output_is_what_the_engine_says():
    example = documented("example: individual")
    verdicts = evaluate(
        example["history"],
        year=example["year"],
        received_on=date.fromisoformat(example["received_on"]),
    )
    assert [v.to_dict() for v in verdicts] == documented("example-output: individual")


def test_the_documented_collective_and_settings_are_accepted():
    assert evaluate(documented("example: collective"), year=2025, received_on=date(2026, 1, 15))
    compile_settings(documented("example: settings"))


def test_the_schema_examples_are_the_documented_ones():
    assert SCHEMA["examples"] == [
        documented("example: individual")["history"],
        documented("example: collective"),
    ]


def test_every_rule_is_in_the_documented_table():
    for rule in law.RULES:
        row = f"| `{rule.key}` | {rule.name_vi} | {rule.basis} |"
        assert row in GUIDE, f"docs/eligibility.md has no up-to-date row for {rule.key}"
        line = next(line for line in GUIDE.splitlines() if line.startswith(row))
        assert f"| {rule.confidence} |" in line


def test_the_schema_codes_are_the_engines():
    defs = SCHEMA["$defs"]
    assert defs["rating"]["enum"] == ["HTXS", "HTT", "HT", "KHT", None]
    assert set(defs["rating"]["enum"]) - {None} == set(law.RATINGS)
    assert defs["work"]["properties"]["scope"]["enum"] == list(law.SCOPES)
    assert defs["discipline"]["properties"]["form"]["enum"] == list(law.DISCIPLINE_FORMS)
    assert defs["award"]["properties"]["form"]["enum"] == list(law.FORMS)
    assert defs["award"]["properties"]["kind"]["enum"] == list(law.AWARD_KINDS)
    assert defs["individualYear"]["properties"]["titles"]["items"]["enum"] == list(
        law.INDIVIDUAL_TITLES
    )
    assert defs["collectiveYear"]["properties"]["titles"]["items"]["enum"] == list(
        law.COLLECTIVE_TITLES
    )
    assert SCHEMA["properties"]["subject"]["enum"] == list(law.SUBJECTS)


def test_the_schema_validates_its_examples_and_refuses_bad_histories():
    jsonschema = pytest.importorskip("jsonschema")
    validator_class = jsonschema.Draft202012Validator
    validator_class.check_schema(SCHEMA)
    validator = validator_class(SCHEMA)
    for example in SCHEMA["examples"]:
        validator.validate(example)
    individual = SCHEMA["examples"][0]
    bad = [
        {**individual, "subject": "robot"},
        {**individual, "years": [{"year": 2025, "rating": "XS"}]},
        {**individual, "years": [{"year": 2025, "members": {"total": 3}}]},
        {**individual, "awards": [{"form": "BK_BO", "year": 2020, "kind": "khac"}]},
        {**individual, "colour": "red"},
        {key: value for key, value in individual.items() if key != "subject"},
    ]
    for history in bad:
        assert not validator.is_valid(history), history
