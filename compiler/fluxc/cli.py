"""The command line: parse flags, call the command's pipeline, hand the outcome to a reporter.

Kept thin on purpose: it formats nothing and decides nothing. Each command's
pipeline is imported only inside the command, so `fluxc --help` and
`--version` start fast.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:  # imported by `init` and `schema` only when they run: start-up time counts
    from fluxc.init.files import Outcome as InitOutcome
    from fluxc.report.progress import Progress

from fluxc import __version__
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, ExitCode, Interrupted
from fluxc.report.outcome import Report
from fluxc.report.reporters import REPORTERS

# --output-format, the same on every command that reports; the formats and where each goes are REPORTERS'
_output_format = click.option(
    "--output-format", "output_format", type=click.Choice(list(REPORTERS)), default="text", show_default=True,
    help="How problems and the summary are reported: text and github (workflow commands) on stderr; json and "
         "sarif (SARIF 2.1.0) as one document on stdout.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fluxc")
def cli() -> None:
    """Compile answers files into Flux CD resources."""


@cli.command(short_help="Compile answers files (or folders of them) into Flux resources.")
@click.argument("answers", nargs=-1, required=True, metavar="PATH...",
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write into DIR instead of each answers file's outputPath. With a folder or several answers "
                   "files: one tree, DIR/<namespace>/<name>/ per application, shared sources in DIR/sources/, "
                   "and DIR/kustomization.yaml listing them.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print one multi-document YAML stream; write nothing.")
@click.option("--crds", "crds", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Also check the output against these CRDs (files, folders, `flux install --export` output); "
                   "repeatable.")
@click.option("--force", is_flag=True, help="Also replace files in the way that fluxc did not generate (never an "
                                           "answers file or manifest this build reads).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if an output file is missing, out of date or "
                                           "stale (generated, no longer produced), with the diff on stdout.")
@click.option("--diff", "show_diff", is_flag=True, help="Print what a build would change as a unified diff on "
                                                        "stdout; write nothing; exit 0.")
@click.option("--prune", is_flag=True, help="Also delete stale generated files: fluxc's, in an output folder, no "
                                           "longer produced (never a file without fluxc's header).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Compile on N processes (default: every CPU available); the output is the same for any N.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems: no notes, no summary, no progress bar.")
@_output_format
def build(answers: tuple[Path, ...], output_dir: Path | None, to_stdout: bool, crds: tuple[Path, ...],
          force: bool, check: bool, show_diff: bool, prune: bool, jobs: int | None, quiet: bool,
          output_format: str) -> int:
    """Compile answers files into Flux resources. PATH is an answers file, or
    a folder searched for answers files (YAML files with a `fluxc:` key).

    Each answers file's resources are written to its outputPath (default
    ./manifests beside it), or with -o into one folder. Applications that
    would collide in the cluster, and dependsOn cycles, are errors. Nothing
    is written unless every file compiles.
    Exit codes: 0 ok, 1 invalid input, 2 usage, 3 internal error. With
    --check, 1 also when an output file is missing, out of date or stale.
    """
    _refuse_mixed_modes(to_stdout=to_stdout, check=check, show_diff=show_diff, prune=prune,
                        report_on_stdout=REPORTERS[output_format].stream == "stdout")
    if output_dir is not None and to_stdout:
        raise click.UsageError("-o/--output and --stdout exclude each other.")
    if to_stdout and REPORTERS[output_format].stream == "stdout":
        raise click.UsageError(f"--stdout and --output-format {output_format} both write to stdout; write the "
                               "files, or report as text or github (on stderr).")
    from fluxc.build.outputs import run

    outcome = run(answers, output_dir=output_dir, to_stdout=to_stdout, crds=crds, force=force, check=check,
                  diff=show_diff, prune=prune, jobs=jobs, progress=_progress_bar(quiet, output_format))
    ok = outcome.exit_code == ExitCode.OK
    summed = (ok and not to_stdout) or outcome.checked is not None  # --check sums up also what it found wrong
    printed = _report(Report(outcome.diagnostics, outcome.summary() if summed else None, quiet,
                             "build"), output_format)
    # the stream or the diff; with --check and a report on stdout (json, sarif), the report alone
    stream = None if outcome.checked is not None and REPORTERS[output_format].stream == "stdout" else outcome.stdout
    failed = None if stream is None else _guarded(sys.stdout, lambda: sys.stdout.write(stream))
    if failed is not None:
        _report(Report([_output_failed("<stdout>", failed)], command="build"), output_format)
        return ExitCode.INVALID
    return outcome.exit_code if printed else max(outcome.exit_code, ExitCode.INVALID)


@cli.command(short_help="Validate Flux manifests and answers files.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--crds", "crds", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Validate against these CRDs instead of the bundled schemas, evaluating their CEL rules "
                   "(files, folders, `flux install --export` or `kubectl get crd -o yaml` output); repeatable.")
@click.option("--kubernetes-version", "kubernetes_version", metavar="VERSION",
              help="Validate built-in objects (Deployments, Services, ...) as this Kubernetes minor version "
                   "serves them, e.g. 1.33 (default: the newest fluxc ships schemas for).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems: no summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also list each skipped document and why it was skipped.")
@_output_format
def validate(paths: tuple[Path, ...], crds: tuple[Path, ...], kubernetes_version: str | None, quiet: bool,
             verbose: bool, output_format: str) -> int:
    """Validate a Flux repository: manifests and answers files in PATHS (files or folders, recursively).

    Answers files (with a `fluxc:` key) are checked as `fluxc build` would;
    Flux objects and built-in Kubernetes objects as the API server with Flux
    installed would, after kustomize and Flux's post-build substitution;
    patches as partial objects. Other custom resources, kustomize inputs and
    YAML that is not Kubernetes are counted as skipped.
    Exit codes: 0 all valid, 1 a problem found, 2 usage, 3 internal error.
    """
    from fluxc.validate.files import run

    if kubernetes_version is not None:
        from fluxc.package.k8s_validate import resolve_version

        try:
            kubernetes_version = resolve_version(kubernetes_version)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="'--kubernetes-version'") from None
    outcome = run(paths, crds=crds, kubernetes_version=kubernetes_version, verbose=verbose)
    printed = _report(Report(outcome.diagnostics, outcome.summary(), quiet, "validate"), output_format)
    return outcome.exit_code if printed else max(outcome.exit_code, ExitCode.INVALID)


def _assignments(_context: click.Context, _parameter: click.Parameter,
                 items: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str], ...]:
    from fluxc.init.answers_file import parse_assignments

    try:
        return parse_assignments(items)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@cli.command(short_help="Write an answers file, question by question.")
@click.option("-o", "--output", default="fluxc.yaml", show_default=True, metavar="PATH",
              type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write the answers file ('-': print it on stdout, write nothing).")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE", callback=_assignments,
              help="An answer given in advance, its question skipped; KEY may be dotted (chart.version=1.2.3). "
                   "A key that holds text takes VALUE as it is (chart.version=1.10 is the text 1.10); booleans, "
                   "numbers and `values` read it as YAML (prune=false); `KEY=` leaves KEY out. Repeatable.")
@click.option("--defaults", "use_defaults", is_flag=True,
              help="Ask nothing: take every default; an answer that has none and is needed is an error.")
@click.option("--force", is_flag=True, help="Replace the file at the output path if there is one.")
def init(output: str, assignments: tuple[tuple[tuple[str, ...], str], ...], use_defaults: bool, force: bool) -> int:
    """Ask how the application is deployed, check each answer as `fluxc build`
    would, then show the answers file and write it (default ./fluxc.yaml).

    Exit codes: 0 written (or declined), 1 an answer or the output path is
    refused (nothing written), 2 usage.
    """
    from fluxc.init.flow import run

    return _finish(run(output, assignments, use_defaults=use_defaults, force=force))


@cli.command(short_help="Print the answers files' JSON Schema, for editors.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write it to FILE instead (replacing only an earlier copy of it).")
@click.option("--force", is_flag=True, help="With -o, also replace a file that is not a copy of the schema.")
def schema(output: Path | None, force: bool) -> int:
    """Print the JSON Schema of answers files (format v1), byte for byte the
    one fluxc validates with, on stdout; or write it to FILE.
    """
    from fluxc.init.files import Outcome, schema_bytes, write_schema

    if output is None:
        return _finish(Outcome(ExitCode.OK, stdout=schema_bytes().decode("utf-8")))
    return _finish(write_schema(output, click.format_filename(output), force=force))


def _finish(outcome: InitOutcome) -> int:
    """`init` and `schema`: problems on stderr, the file on stdout, then what was written."""
    printed = _report(Report(outcome.diagnostics))
    stream = outcome.stdout
    failed = None if stream is None else _guarded(sys.stdout, lambda: sys.stdout.write(stream))
    if failed is not None:
        _report(Report([_output_failed("<stdout>", failed)]))
        return ExitCode.INVALID
    if outcome.note:
        printed = _guarded(sys.stderr, lambda: sys.stderr.write(outcome.note + "\n")) is None and printed
    return outcome.exit_code if printed else max(outcome.exit_code, ExitCode.INVALID)


def _report(report: Report, output_format: str = "text") -> bool:
    """Print the report where its format goes (stderr, or stdout for a document); False if that stream is gone
    (a closed pipe, a full disk): then nothing more can be said, and the exit code has to say it."""
    reporter = REPORTERS[output_format]
    stream = sys.stdout if reporter.stream == "stdout" else sys.stderr
    return _guarded(stream, lambda: reporter.write(report, stream)) is None


def _progress_bar(quiet: bool, output_format: str) -> Progress | None:
    """A progress bar on stderr for a person at a terminal: not when quiet, not in CI, not for a machine
    format, not when stderr is a file or a pipe."""
    if quiet or output_format != "text" or os.environ.get("CI") or not sys.stderr.isatty():
        return None
    from fluxc.report.progress import Progress

    return Progress(sys.stderr)


def _refuse_mixed_modes(*, to_stdout: bool, check: bool, show_diff: bool, prune: bool,
                        report_on_stdout: bool) -> None:
    """`build`'s modes that exclude each other: --stdout prints, --check and --diff compare with the disk, --prune
    writes. (`--check --diff` is --check, which prints the diff anyway, as ruff and black read the pair.)"""
    compare = "--check" if check else "--diff" if show_diff else None
    for flag, given in (("--stdout", to_stdout), ("--prune", prune)):
        if compare is not None and given:
            raise click.UsageError(f"{compare} writes nothing and compares with the files on disk; it excludes "
                                   f"{flag}.")
    if prune and to_stdout:
        raise click.UsageError("--prune deletes stale files, --stdout writes nothing: they exclude each other.")
    if show_diff and report_on_stdout:
        raise click.UsageError("--diff and a report on stdout (--output-format json or sarif) exclude each other; "
                               "use --check, whose report lists every file that differs.")


def _guarded(stream: TextIO, write: Callable[[], object]) -> OSError | None:
    """Run `write` and flush `stream`; on an OSError (a closed pipe, a full disk), silence the stream for the
    rest of the process (the interpreter flushes it again at exit) and return the error."""
    try:
        write()
        stream.flush()
    except OSError as error:
        _silence(stream)
        return error
    return None


def _silence(stream: TextIO) -> None:
    """Point the stream's file descriptor at /dev/null, so the buffered rest and the exit-time flush go nowhere
    instead of raising (what Python's documentation advises for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor (a test's capture): nothing to flush at exit either
        pass


def _output_failed(where: str, error: OSError) -> Diagnostic:
    reason = error.strerror or str(error)
    hint = ("the program reading the output stopped before its end" if isinstance(error, BrokenPipeError)
            else "check the free space where the output goes" if error.errno == errno.ENOSPC
            else "check where the output goes")
    return Diagnostic(codes.OUTPUT_UNWRITABLE, f"cannot write the output: {reason}", (), where, hint=hint)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: returns the exit code instead of exiting, so tests and `python -m` share it."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="fluxc", standalone_mode=False)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as error:
        error.show()
        return int(error.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except KeyboardInterrupt:
        return 130
    except Interrupted as stop:  # SIGINT or SIGTERM while writing: the write was rolled back
        import signal  # only here: start-up time counts

        name = signal.Signals(stop.signum).name
        _guarded(sys.stderr, lambda: sys.stderr.write(f"fluxc: interrupted by {name} while writing; nothing was "
                                                      "changed\n"))
        return 128 + stop.signum
    except Exception as error:  # a fluxc bug: say so plainly, traceback only on request
        click.echo(f"fluxc: internal error: {type(error).__name__}: {error}", err=True)
        click.echo(f"This is a bug in fluxc {__version__}; please report it with the answers file. "
                   "Set FLUXC_TRACEBACK=1 to see the traceback.", err=True)
        if os.environ.get("FLUXC_TRACEBACK", "").lower() not in ("", "0", "false", "no"):
            import traceback

            traceback.print_exc()
        return ExitCode.INTERNAL
    return int(result) if isinstance(result, int) else ExitCode.OK
