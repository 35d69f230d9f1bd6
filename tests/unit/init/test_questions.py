"""fluxc.init.questions: the question table agrees with the answers schema and with answers.defaults."""

from __future__ import annotations

from typing import Any

import pytest

from fluxc.checks.schemas import answers_schema
from fluxc.init.questions import JOURNEY, QUESTIONS, Question

SAMPLES: list[dict[str, Any]] = [  # answers in every state the flow can reach
    {}, {"deploymentMethod": "flux"}, {"deploymentMethod": "flux", "chart": {"name": "podinfo"}},
    {"outputFormat": "helm"}, {"outputFormat": "kustomize", "gitopsDeployment": "flux", "name": "shop"},
    {"outputFormat": "raw", "gitopsDeployment": "none"}, {"outputFormat": "raw", "gitopsDeployment": "flux",
                                                          "gitRef": {"tag": "v1"}}]


def schema_of(key: tuple[str | int, ...]) -> dict[str, Any]:
    node: dict[str, Any] = answers_schema()
    for part in key:
        node = node["properties"][part]
    return node


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.dotted)
def test_every_question_answers_a_key_of_the_schema_and_names_it(question: Question) -> None:
    for key in (question.key, *question.answered_by):
        assert schema_of(key) is not None
    assert question.dotted in question.text or question is JOURNEY


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.dotted)
def test_a_default_that_the_schema_states_is_the_schemas(question: Question) -> None:
    """(Or none, for a question that may be left unanswered: the key is then absent, which means the same.)"""
    stated = schema_of(question.key).get("default")
    for answers in SAMPLES:
        default = question.default(answers)
        if stated is not None and question.applies(answers):
            assert default == stated or (default is None and not question.required)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.choices], ids=lambda q: q.dotted)
def test_every_choice_answers_allowed_values(question: Question) -> None:
    names = [choice.name for choice in question.choices]
    assert len(set(names)) == len(names) and all(name.isidentifier() for name in names)
    for choice in question.choices:
        for key, value in choice.answers.items():
            assert value in schema_of(key)["enum"]
    assert all(question.default(a) in (None, *names) for a in SAMPLES)


def test_the_journey_offers_the_chart_and_the_three_packages_and_nothing_fluxc_does_not_compile() -> None:
    offered = [dict(choice.answers) for choice in JOURNEY.choices]
    assert offered == [{("deploymentMethod",): "flux"}, {("outputFormat",): "helm"},
                       {("outputFormat",): "kustomize"}, {("outputFormat",): "raw"}]


def test_a_default_taken_from_an_earlier_answer_is_asked_after_it() -> None:
    order = [q.dotted for q in QUESTIONS]
    assert order.index("chart.name") < order.index("name") < order.index("namespace")
    assert order.index("gitopsDeployment") < min(order.index(k) for k in ("gitRepoUrl", "gitBranch", "gitPath"))


@pytest.mark.parametrize("answers", SAMPLES)
def test_at_most_one_question_per_key_applies(answers: dict[str, Any]) -> None:
    applying = [q.key for q in QUESTIONS if q.applies(answers)]
    assert len(applying) == len(set(applying))


def test_the_flux_questions_apply_exactly_when_flux_objects_are_written() -> None:
    flux_keys = {"fluxNamespace", "reconcileInterval"}
    for answers, flux in [({"deploymentMethod": "flux"}, True), ({"outputFormat": "helm"}, False),
                          ({"outputFormat": "kustomize", "gitopsDeployment": "flux"}, True),
                          ({"outputFormat": "raw", "gitopsDeployment": "none"}, False)]:
        assert {q.dotted for q in QUESTIONS if q.applies(answers) and q.dotted in flux_keys} == \
            (flux_keys if flux else set())


def test_an_artifact_given_in_advance_skips_the_git_questions() -> None:
    git_keys = {"gitRepoUrl", "gitBranch", "gitPath"}
    from_git = {"outputFormat": "kustomize", "gitopsDeployment": "flux"}
    from_artifact = {**from_git, "artifact": {"url": "oci://ghcr.io/acme/manifests/shop", "ref": {"tag": "1.0.0"}}}
    assert {q.dotted for q in QUESTIONS if q.applies(from_git)} >= git_keys
    assert not {q.dotted for q in QUESTIONS if q.applies(from_artifact)} & git_keys
