"""The deployment examples agree with the settings: every shard runs in exactly one process."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

from bot.settings import Settings
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"


def shards_of(environment: dict[str, str]) -> tuple[int, tuple[int, ...]]:
    plan = Settings(
        _env_file=None,  # type: ignore[call-arg]
        shard_count=environment["SHARD_COUNT"],
        shard_ids=environment["SHARD_IDS"],
    ).shards
    assert plan.count is not None
    return plan.count, plan.ids


def assert_each_shard_once(plans: list[tuple[int, tuple[int, ...]]]) -> None:
    counts = {count for count, _ in plans}
    assert len(counts) == 1, f"every process needs the same SHARD_COUNT: {counts}"
    ids = sorted(i for _, shard_ids in plans for i in shard_ids)
    assert ids == list(range(counts.pop()))


def test_compose_runs_every_shard_once_on_one_postgres() -> None:
    compose: dict[str, Any] = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    bots = {n: s for n, s in compose["services"].items() if n != "db"}
    assert len(bots) >= 2
    for service in bots.values():
        assert service["environment"]["DATABASE_URL"].startswith("postgresql://")
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
    assert_each_shard_once([shards_of(s["environment"]) for s in bots.values()])


def test_the_statefulset_derives_each_pods_shards_from_its_ordinal(tmp_path: Path) -> None:
    documents = list(yaml.safe_load_all((DEPLOY / "k8s" / "statefulset.yaml").read_text()))
    (stateful,) = [d for d in documents if d["kind"] == "StatefulSet"]
    (container,) = stateful["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    script = container["args"][0].replace("exec wickbot run", 'echo "$SHARD_IDS"')
    plans = []
    for ordinal in range(stateful["spec"]["replicas"]):
        values = {
            "POD_NAME": f"wickbot-{ordinal}",
            "SHARDS_PER_POD": env["SHARDS_PER_POD"],
            "PATH": "/usr/bin:/bin",
        }
        out = subprocess.run(
            ["/bin/sh", "-c", script], env=values, capture_output=True, text=True, check=True
        )
        plans.append(shards_of({"SHARD_COUNT": env["SHARD_COUNT"], "SHARD_IDS": out.stdout}))
    assert_each_shard_once(plans)
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_the_image_runs_as_a_user_and_checks_healthz() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert "USER wickbot" in dockerfile and "/healthz" in dockerfile
    assert "COPY knowledge" in dockerfile and "KNOWLEDGE_DIR=" in dockerfile
