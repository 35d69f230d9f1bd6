"""Lower the HelmRelease."""

from __future__ import annotations

from fluxc.answers import defaults
from fluxc.targets.flux import model
from fluxc.targets.flux.lower_shared import Answers, workload


def helm_release(answers: Answers, *, chart: model.ChartTemplate | None = None,
                 chart_ref: model.SourceRef | None = None) -> model.HelmRelease:
    namespace = answers.get("namespace")
    return model.HelmRelease.model_construct(
        **workload(answers), chart=chart, chart_ref=chart_ref,
        # As `flux create helmrelease --target-namespace` writes it: storage follows the target.
        storage_namespace=namespace,
        create_namespace=defaults.create_namespace(answers),
        remediation_retries=answers.get("remediation", {}).get("retries"),
        values=dict(answers.get("values", {})),
        values_from=tuple(
            model.ValuesReference.model_construct(kind=v["kind"], name=v["name"], values_key=v.get("valuesKey"),
                                                  target_path=v.get("targetPath"))
            for v in answers.get("valuesFrom", ())))
