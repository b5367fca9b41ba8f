"""The model schema describes exactly what `planlint parse` emits."""

import dataclasses

import pytest
from jsonschema import Draft202012Validator

from conftest import SEEDS, corpus_docs, needs_corpus
from planlint import model
from planlint.parser import parse_file
from planlint.schemas import load
from planlint.source import PlanReadError

VALIDATOR = Draft202012Validator(load("plan.schema.json"))


def test_schema_is_valid_2020_12():
    Draft202012Validator.check_schema(load("plan.schema.json"))
    Draft202012Validator.check_schema(load("policy.schema.json"))


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.md")), ids=lambda p: p.name)
def test_seed_models_validate(path):
    errors = list(VALIDATOR.iter_errors(parse_file(path).to_dict()))
    assert not errors, errors[0].message


@needs_corpus
@pytest.mark.parametrize("path", corpus_docs(), ids=lambda p: p.name)
def test_corpus_models_validate(path):
    try:
        plan = parse_file(path)
    except PlanReadError as exc:
        assert "not UTF-8" in str(exc)  # the corpus has one file of invalid UTF-8
        return
    errors = list(VALIDATOR.iter_errors(plan.to_dict()))
    assert not errors, f"{errors[0].message} at {list(errors[0].absolute_path)}"


@pytest.mark.parametrize("node, definition", [
    (model.Plan, None), (model.Sprint, "sprint"), (model.WorkItem, "workItem"), (model.Estimate, "estimate"),
    (model.Risk, "risk"), (model.Criterion, "criterion"), (model.Deliverable, "deliverable"),
    (model.Claim, "claim"), (model.Expression, "expression"), (model.Table, "table"), (model.Field, "field"),
    (model.DateSpan, "dateSpan"), (model.Period, "period"), (model.DayLabel, "dayLabel"),
    (model.CriteriaSection, "criteriaSection"), (model.ChangeLogEntry, "changeLogEntry"),
    (model.Schedule, "schedule"), (model.ScheduleEntry, "scheduleEntry"),
    (model.Total, "total"), (model.Part, "part"), (model.Unreadable, "unreadable"), (model.Placeholder, "placeholder"),
])
def test_every_model_field_is_described(node, definition):
    schema = load("plan.schema.json")
    described = schema if definition is None else schema["$defs"][definition]
    assert described["additionalProperties"] is False
    fields = {f.name for f in dataclasses.fields(node) if not f.name.startswith("_")}
    assert fields == set(described["properties"]), fields ^ set(described["properties"])
