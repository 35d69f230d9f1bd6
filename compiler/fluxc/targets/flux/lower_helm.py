"""Lower the HelmRelease."""

from __future__ import annotations

from fluxc.answers import defaults
from fluxc.targets.flux import model
from fluxc.targets.flux.lower_shared import Answers, images, patch_target, patches, workload


def helm_release(answers: Answers, *, chart: model.ChartTemplate | None = None,
                 chart_ref: model.SourceRef | None = None) -> model.HelmRelease:
    namespace = answers.get("namespace")
    remediation = answers.get("remediation", {})
    crds = answers.get("crds", {})
    return model.HelmRelease.model_construct(
        **workload(answers), chart=chart, chart_ref=chart_ref,
        # As `flux create helmrelease --target-namespace` writes it: storage follows the target.
        storage_namespace=namespace,
        create_namespace=defaults.create_namespace(answers),
        remediation_retries=remediation.get("retries"),
        remediate_last_failure=remediation.get("remediateLastFailure"),
        remediation_strategy=remediation.get("strategy"),
        install_crds=crds.get("install"),
        upgrade_crds=crds.get("upgrade"),
        drift_detection=_drift_detection(answers.get("driftDetection")),
        test=_test(answers.get("test")),
        max_history=answers.get("maxHistory"),
        release_name=answers.get("releaseName"),
        post_renderers=tuple(_post_renderer(entry["kustomize"]) for entry in answers.get("postRenderers", ())),
        values=dict(answers.get("values", {})),
        values_from=tuple(
            model.ValuesReference.model_construct(kind=v["kind"], name=v["name"], values_key=v.get("valuesKey"),
                                                  target_path=v.get("targetPath"))
            for v in answers.get("valuesFrom", ())))


def _drift_detection(entry: Answers | None) -> model.DriftDetection | None:
    if entry is None:
        return None
    return model.DriftDetection.model_construct(mode=entry["mode"], ignore=tuple(
        model.DriftIgnoreRule.model_construct(paths=tuple(rule["paths"]), target=patch_target(rule.get("target")))
        for rule in entry.get("ignore", ())))


def _test(entry: Answers | None) -> model.HelmTest | None:
    if entry is None:
        return None
    return model.HelmTest.model_construct(enable=entry.get("enable", False),
                                          ignore_failures=entry.get("ignoreFailures", False))


def _post_renderer(kustomize: Answers) -> model.PostRenderer:
    return model.PostRenderer.model_construct(patches=patches(kustomize.get("patches")),
                                              images=images(kustomize.get("images")))
