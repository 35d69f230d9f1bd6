"""Cross-key rules of the HelmRelease (drift detection, tests, remediation, CRDs, post-renderers).

Each rule looks only at values of the right type (the schema reports the others) and only when the answers
file deploys a HelmRelease: a HelmRelease key elsewhere is reported once, as a whole, by `rules._journey`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fluxc.answers.rule_support import at, deployer
from fluxc.answers.rules_patches import check_images, check_patches
from fluxc.report import codes
from fluxc.report.diagnostics import Diagnostic
from fluxc.yaml.document import SourceMap


def check(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    """Every problem these keys have with each other or with the rest of the answers file."""
    if deployer(data) != "HelmRelease":
        return
    yield from _drift_detection(data, smap)
    yield from _test(data, smap)
    yield from _remediation(data, smap)
    yield from _post_renderers(data, smap)


def _drift_detection(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    drift = data.get("driftDetection")
    if isinstance(drift, Mapping) and drift.get("mode") == "disabled" and isinstance(drift.get("ignore"), list) \
            and drift["ignore"]:
        # helm-controller compares the cluster with the release only in modes `warn` and `enabled`.
        yield at(codes.IGNORED_KEY, "`driftDetection.ignore` has no effect with `mode: disabled`: Flux does not "
                 "compare the cluster with the release at all", ("driftDetection", "ignore"), smap,
                 "set `mode: enabled` (correct drift) or `mode: warn` (only report it), or remove `ignore`",
                 key=True, severity="warning")


def _test(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    test = data.get("test")
    if isinstance(test, Mapping) and test.get("ignoreFailures") is True and test.get("enable", False) is False:
        # spec.test.enable is false by default: no Helm test runs, so no test failure can be ignored.
        yield at(codes.IGNORED_KEY, "`test.ignoreFailures` has no effect without `test.enable: true`: Flux runs "
                 "no Helm tests", ("test", "ignoreFailures"), smap,
                 "add `enable: true` to run the chart's tests, or remove `ignoreFailures`", key=True,
                 severity="warning")


def _remediation(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    remediation = data.get("remediation")
    if not isinstance(remediation, Mapping) or not isinstance(remediation.get("strategy"), str):
        return
    retries = remediation.get("retries", 0)
    last_failure = remediation.get("remediateLastFailure", False)
    if type(retries) is not int or not isinstance(last_failure, bool):
        return  # the schema reports the wrong type
    if retries == 0 and not last_failure:
        # The strategy is applied between retries and, with remediateLastFailure (which defaults to false
        # when retries is 0), after the last failure: with neither, a failed upgrade is left as it is.
        yield at(codes.IGNORED_KEY, "`remediation.strategy` has no effect: without `retries` above 0 or "
                 "`remediateLastFailure: true` Flux leaves a failed upgrade as it is", ("remediation", "strategy"),
                 smap, "add `retries: 3` (remediate between attempts) or `remediateLastFailure: true` (remediate "
                 "the last failure), or remove `strategy`", key=True, severity="warning")


def _post_renderers(data: Mapping[str, Any], smap: SourceMap) -> Iterator[Diagnostic]:
    """Each post-renderer is a kustomize run of its own: its patches and images are checked as a
    Kustomization's are."""
    renderers = data.get("postRenderers")
    for index, renderer in enumerate(renderers if isinstance(renderers, list) else ()):
        kustomize = renderer.get("kustomize") if isinstance(renderer, Mapping) else None
        if isinstance(kustomize, Mapping):
            at_kustomize = ("postRenderers", index, "kustomize")
            yield from check_patches(kustomize.get("patches"), (*at_kustomize, "patches"), smap)
            yield from check_images(kustomize.get("images"), (*at_kustomize, "images"), smap)
