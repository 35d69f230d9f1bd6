"""The command line: parse flags, call the pipeline, map the outcome to an exit code.

Kept thin on purpose; the pipeline is imported only inside the command that
needs it, so `fluxc --help` and `--version` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from fluxc import __version__
from fluxc.report.diagnostics import Diagnostic, ExitCode

if TYPE_CHECKING:
    from fluxc.targets.flux.catalog import Catalog


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
@click.option("-q", "--quiet", is_flag=True, help="Print only problems: no notes, no summary.")
def build(answers: tuple[Path, ...], output_dir: Path | None, to_stdout: bool, crds: tuple[Path, ...],
          quiet: bool) -> int:
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
    from fluxc.pipeline import compile as pipeline
    from fluxc.report import codes
    from fluxc.report.diagnostics import CompileError
    from fluxc.yaml import render

    catalog = _crds_catalog(crds)
    if catalog is None and crds:
        return ExitCode.INVALID
    outcome = pipeline.build(answers, output_dir=output_dir, crds=catalog)
    _report([d for d in outcome.diagnostics if not (quiet and d.severity == "note")])
    if outcome.exit_code != ExitCode.OK:
        return outcome.exit_code
    if to_stdout and outcome.has_package:
        _report([Diagnostic(codes.NOT_A_STREAM, "--stdout prints Flux objects, but this build also packages "
                            "`manifests` (a chart, a Kustomize base or a folder of files)", (),
                            ", ".join(map(str, answers)),
                            hint="build without --stdout, into -o DIR if you want to look at it first")])
        return ExitCode.INVALID
    if to_stdout:
        sys.stdout.write(render.HEADER + "".join(outcome.documents))
        return ExitCode.OK
    from fluxc.output.write import write_files

    try:
        report = write_files(outcome.files)
    except CompileError as error:
        _report(error.diagnostics)
        return ExitCode.INVALID
    if not quiet:
        written = set(report.written)
        for app, folder, paths in outcome.summaries:
            changed = sum(1 for path in paths if path in written)
            click.echo(f"fluxc: {app}: {len(paths)} files in {folder}/ ({changed} written, "
                       f"{len(paths) - changed} unchanged)", err=True)
    return ExitCode.OK


@cli.command(short_help="Validate Flux manifests and answers files.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--crds", "crds", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Validate against these CRDs instead of the bundled schemas, evaluating their CEL rules "
                   "(files, folders, `flux install --export` or `kubectl get crd -o yaml` output); repeatable.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems: no skipped documents, no summary.")
def validate(paths: tuple[Path, ...], crds: tuple[Path, ...], quiet: bool) -> int:
    """Validate Flux manifests and answers files in PATHS (files or folders, recursively).

    Answers files (with a `fluxc:` key) are checked as `fluxc build` would;
    every Flux object in a YAML stream is checked as the Kubernetes API server
    with Flux installed would; other objects are reported as skipped.
    Exit codes: 0 all valid, 1 a problem found, 2 usage, 3 internal error.
    """
    from fluxc.targets.flux.catalog import bundled_catalog
    from fluxc.validate.files import validate_paths

    catalog = _crds_catalog(crds) if crds else bundled_catalog()
    if catalog is None:
        return ExitCode.INVALID
    outcome = validate_paths(paths, catalog)
    _report([d for d in outcome.diagnostics if not (quiet and d.severity == "note")])
    if not quiet:
        click.echo(outcome.summary(), err=True)
    return outcome.exit_code


def _crds_catalog(crds: Sequence[Path]) -> Catalog | None:
    """The user's CRDs as a catalog; None (after reporting why) if they cannot be used, or none given."""
    if not crds:
        return None
    from fluxc.targets.flux.catalog import crds_catalog
    from fluxc.validate.files import crds_problem

    try:
        return crds_catalog(crds)
    except (ValueError, OSError) as error:
        _report([crds_problem(error, crds)])
        return None


def _report(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(diagnostic.render(), err=True)


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
    except Exception as error:  # a fluxc bug: say so plainly, traceback only on request
        click.echo(f"fluxc: internal error: {type(error).__name__}: {error}", err=True)
        click.echo(f"This is a bug in fluxc {__version__}; please report it with the answers file. "
                   "Set FLUXC_TRACEBACK=1 to see the traceback.", err=True)
        if os.environ.get("FLUXC_TRACEBACK", "").lower() not in ("", "0", "false", "no"):
            import traceback

            traceback.print_exc()
        return ExitCode.INTERNAL
    return int(result) if isinstance(result, int) else ExitCode.OK
