"""The scheduled refresh: one deployment of the `refresh` flow, served or deployed to a work pool.

`laborstats serve` registers this deployment with its schedule on the configured Prefect API and runs
its flow runs in that process (`prefect.serve`); `prefect.yaml` deploys the same flow with the same
schedule to a process work pool for teams that run workers.
"""

from __future__ import annotations

from typing import Any

from prefect.client.schemas.schedules import CronSchedule
from prefect.deployments.runner import RunnerDeployment

from flows.refresh import refresh

DEPLOYMENT_NAME = "laborstats-refresh"
DEFAULT_CRON = "0 6 * * 1"  # weekly: Mondays 06:00 UTC; BLS publishes yearly, so weekly catches it soon
TIMEZONE = "UTC"


def refresh_deployment(
    name: str = DEPLOYMENT_NAME, cron: str = DEFAULT_CRON, parameters: dict[str, Any] | None = None
) -> RunnerDeployment:
    return refresh.to_deployment(
        name=name,
        schedules=[CronSchedule(cron=cron, timezone=TIMEZONE)],
        parameters=parameters or {},
        description="Fetch, archive, parse and load one laborstats release.",
        tags=["laborstats"],
    )
