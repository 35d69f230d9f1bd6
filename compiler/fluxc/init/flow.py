"""`fluxc init`: ask the questions of `fluxc.init.questions` in a terminal, check each answer as it is typed,
then show the answers file and write it.

Every answer is checked by running the answers stage of `fluxc build` on the file as it would be written
with that answer (`answers_file.problems`); the problems the answer brings in are shown in build's words and,
if one is an error, the question is asked again. Problems that only say an answer is still missing are left
for the check of the whole file: the later questions ask for them. Answers given with `--set` are checked
first and their questions skipped (`--set KEY=`, with nothing after `=`, leaves KEY out and its question
unasked); `--defaults` takes every default and asks nothing, and then a question
without a default that needs an answer is an error.

Prompts, menus and problems go to stderr (click's prompts, so click's test runner can drive them): stdout
carries only the file, with `-o -`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from fluxc.init import answers_file
from fluxc.init.answers_file import MISSING, Answers, dotted, file_problems, has, problems, read_value, with_answer
from fluxc.init.files import Outcome, in_the_way, write_answers
from fluxc.init.questions import LEAVE_OUT, QUESTIONS, Choice, Question
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, ExitCode, JsonPath, sort_diagnostics
from fluxc.yaml.scalars import Unrepresentable

Seen = set[tuple[str, JsonPath, str]]  # problems already shown: (code, path, message)


def run(output: str, assignments: Sequence[tuple[JsonPath, str]], *, use_defaults: bool, force: bool) -> Outcome:
    """The whole command: answers from --set, the questions, the check of the file, the write."""
    if output.endswith(("/", os.sep)):  # a folder that is not there yet: Path() would drop the slash
        raise click.BadParameter("it names a folder; give the answers file's path, e.g. apps/podinfo/fluxc.yaml",
                                 param_hint="'-o' / '--output'")
    display = "<stdout>" if output == "-" else output
    if output != "-":
        problem = in_the_way(Path(output), display, force=force)
        if problem is not None:  # said before the first question, not after the last
            return Outcome(ExitCode.INVALID, (problem,))
    answers: Answers = {"fluxc": "v1"}
    unreadable = []
    last = dict(assignments)  # a key given twice: the last one wins
    left_out = {key for key, text in last.items() if not text}  # `--set namespace=`: no answer, not asked
    for key, text in last.items():
        try:
            if text:
                answers = with_answer(answers, key, read_value(key, text))
        except Unrepresentable as error:
            unreadable.append(Diagnostic(codes.VALUE_NOT_REPRESENTABLE, error.message, key, display,
                                         hint=error.hint))
        except ValueError as error:  # `--set fluxc.x=1`: inside the format version, which is no mapping
            raise click.BadParameter(str(error), param_hint="'--set'") from None
    given = [d for d in problems(answers, display) if d.is_error and d.code not in MISSING]
    if unreadable or given:
        return Outcome(ExitCode.INVALID, tuple(sort_diagnostics(unreadable + given)))
    seen: Seen = set()
    missing: list[Question] = []
    for question in QUESTIONS:
        if not question.applies(answers) or _answered(question, answers) or question.key in left_out:
            continue
        if use_defaults:
            default = _usable_default(question, answers, display)
            if default is not None:
                answers = _answer(question, answers, default)
            elif question.required:
                missing.append(question)
        else:
            answers = _ask(question, answers, display, seen)
    if missing:
        return Outcome(ExitCode.INVALID, tuple(_missing(question, display) for question in missing))
    return _finish(answers, output, display, seen, interactive=not use_defaults, force=force)


def _finish(answers: Answers, output: str, display: str, seen: Seen, *, interactive: bool,
            force: bool) -> Outcome:
    found = file_problems(answers, display)
    if any(d.is_error for d in found):  # from --set answers the questions could not mend: nothing is written
        return Outcome(ExitCode.INVALID, tuple(sort_diagnostics(found)))
    warnings = tuple(d for d in sort_diagnostics(found) if _identity(d) not in seen)
    text = answers_file.render(answers)
    if output == "-":
        return Outcome(ExitCode.OK, warnings, stdout=text)
    if interactive:
        _say("\n".join(d.render() for d in warnings), when=bool(warnings))
        _say(f"\n{display}:\n{text}")
        if not click.confirm(f"Write {display}?", default=True, err=True):
            return Outcome(ExitCode.OK, note="fluxc: nothing written")
        warnings = ()
    problem = write_answers(Path(output), display, text, force=force)
    if problem is not None:
        return Outcome(ExitCode.INVALID, (*warnings, problem))
    return Outcome(ExitCode.OK, warnings, note=f"fluxc: wrote {display}; compile it with `fluxc build {display}`")


def _ask(question: Question, answers: Answers, display: str, seen: Seen) -> Answers:
    """Ask until the answer brings in no error; the answers with it."""
    default = _usable_default(question, answers, display)
    if question.choices:
        _say(question.text + "\n" + "\n".join(f"  {number}) {choice.name:<10} {choice.help}"
                                               for number, choice in enumerate(question.choices, 1)))
    label = f"Choose 1-{len(question.choices)} or a name" if question.choices else question.text
    label += f" [{default}]" if default is not None else ""
    before = None
    while True:
        typed = click.prompt(label, default="", show_default=False, err=True).strip()
        if question.choices:
            choice = _choice(question, typed or default or "")
            if choice is None:
                _say(f"Choose one of 1-{len(question.choices)} or "
                     f"{', '.join(choice.name for choice in question.choices)}.")
                continue
            candidate, keys = _chosen(choice, answers), tuple(choice.answers)
        elif not typed and default is None and question.required:
            _say(f"{dotted(question.key)} needs an answer.")
            continue
        elif (not typed and default is None) or (typed == LEAVE_OUT and default is not None and not question.required):
            return answers  # left out
        else:
            keys = (question.key,)
            try:
                candidate = _answer(question, answers, typed or str(default))
            except Unrepresentable as error:
                _say(Diagnostic(codes.VALUE_NOT_REPRESENTABLE, error.message, question.key, display,
                                hint=error.hint).render())
                continue
        before = problems(answers, display) if before is None else before
        # Errors wherever they are (they are why the question is asked again); warnings about this answer only:
        # one about another key (a --set key with no effect) may change with a later answer, and is shown at the end.
        brought = [d for d in _brought_in(before, problems(candidate, display))
                   if d.is_error or any(d.path[:len(key)] == key for key in keys)]
        _say("\n".join(d.render() for d in brought), when=bool(brought))
        seen.update(_identity(d) for d in brought)
        if not any(d.is_error for d in brought):
            return candidate


def _usable_default(question: Question, answers: Answers, display: str) -> str | None:
    """The question's default, if taking it brings in no error (a chart named `Podinfo_2` is no default for
    the application's name, which must be a DNS label)."""
    default = question.default(answers)
    if default is None or question.choices:
        return default
    try:
        candidate = _answer(question, answers, default)
    except Unrepresentable:
        return None
    brought = _brought_in(problems(answers, display), problems(candidate, display))
    return None if any(d.is_error for d in brought) else default


def _answer(question: Question, answers: Answers, text: str) -> Answers:
    if question.choices:
        choice = _choice(question, text)
        return _chosen(choice, answers) if choice is not None else answers
    return with_answer(answers, question.key, read_value(question.key, text))


def _choice(question: Question, typed: str) -> Choice | None:
    for number, choice in enumerate(question.choices, 1):
        if typed in (str(number), choice.name) or typed.lower() == choice.name:
            return choice
    return None


def _chosen(choice: Choice, answers: Answers) -> Answers:
    for key, value in choice.answers.items():
        answers = with_answer(answers, key, value)
    return answers


def _answered(question: Question, answers: Mapping[str, Any]) -> bool:
    return any(has(answers, key) for key in (question.key, *question.answered_by))


def _brought_in(before: list[Diagnostic], after: list[Diagnostic]) -> list[Diagnostic]:
    """The problems an answer brought in: new ones, except those that say a later answer is missing."""
    old = {_identity(d) for d in before}
    return [d for d in sort_diagnostics(after) if d.code not in MISSING and _identity(d) not in old]


def _identity(diagnostic: Diagnostic) -> tuple[str, JsonPath, str]:
    return diagnostic.code, diagnostic.path, diagnostic.message


def _missing(question: Question, display: str) -> Diagnostic:
    keys = " or ".join(f"`{dotted(key)}`" for key in (question.key, *question.answered_by))
    if question.choices:
        examples = dict.fromkeys(f"--set {dotted(key)}={value}" for choice in question.choices
                                 for key, value in choice.answers.items())
        how = "give one of " + ", ".join(f"`{example}`" for example in examples)
    else:
        how = f"give it with `--set {dotted(question.key)}=VALUE`"
    return Diagnostic(codes.MISSING_KEY, f"no answer for {keys}", question.key, display,
                      hint=f"{how}, or run `fluxc init` without `--defaults` to be asked")


def _say(text: str, *, when: bool = True) -> None:
    if when:
        click.echo(text, err=True)
