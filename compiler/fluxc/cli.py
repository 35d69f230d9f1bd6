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
from typing import TextIO

import click

from fluxc import __version__
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic, ExitCode, Interrupted
from fluxc.report.reporters import REPORTERS, Report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fluxc")
def cli() -> None:
    """Compile answers files into Flux CD resources."""


@cli.command()
@click.argument("answers", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write into DIR instead of each answers file's outputPath (one answers file only).")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print one multi-document YAML stream; write nothing.")
@click.option("--crds", "crds", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Also check the output against these CRDs (files, folders, `flux install --export` output); "
                   "repeatable.")
@click.option("--force", is_flag=True, help="Also replace files in the way that fluxc did not generate (never an "
                                           "answers file or manifest this build reads).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems: no notes, no summary.")
def build(answers: tuple[Path, ...], output_dir: Path | None, to_stdout: bool, crds: tuple[Path, ...],
          force: bool, quiet: bool) -> int:
    """Compile ANSWERS files into Flux resources.

    Each answers file's resources are written to its outputPath (default
    ./manifests beside it). Nothing is written unless every file compiles.
    Exit codes: 0 ok, 1 invalid input, 2 usage, 3 internal error.
    """
    if output_dir is not None and to_stdout:
        raise click.UsageError("-o/--output and --stdout exclude each other.")
    if output_dir is not None and len(answers) > 1:
        raise click.UsageError("-o/--output takes one answers file; several would write the same file names. "
                               "Give each answers file its own outputPath instead.")
    from fluxc.build.outputs import run

    outcome = run(answers, output_dir=output_dir, to_stdout=to_stdout, crds=crds, force=force)
    ok = outcome.exit_code == ExitCode.OK
    printed = _report(Report(outcome.diagnostics, outcome.summary() if ok and not to_stdout else None, quiet))
    stream = outcome.stdout
    failed = None if not ok or stream is None else _guarded(sys.stdout, lambda: sys.stdout.write(stream))
    if failed is not None:
        _report(Report([_output_failed("<stdout>", failed)]))
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
def validate(paths: tuple[Path, ...], crds: tuple[Path, ...], kubernetes_version: str | None, quiet: bool,
             verbose: bool) -> int:
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
    printed = _report(Report(outcome.diagnostics, outcome.summary(), quiet))
    return outcome.exit_code if printed else max(outcome.exit_code, ExitCode.INVALID)


def _report(report: Report, output_format: str = "text") -> bool:
    """Print the report on stderr; False if stderr is gone (a closed pipe, a full disk): then nothing more can
    be said, and the exit code has to say it."""
    return _guarded(sys.stderr, lambda: REPORTERS[output_format](report, sys.stderr)) is None


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
