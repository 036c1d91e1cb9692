"""One job run on a trigger in the Slack app's event loop (APScheduler), for the weekly digest
and the stale-playbook check."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger

log = logging.getLogger(__name__)


class Schedule:
    """Runs ``job`` on ``trigger`` until :meth:`stop`; a failed run is logged as ``what`` and
    the next one still runs. ``options`` go to APScheduler's ``add_job``."""

    def __init__(
        self,
        job: Callable[[], Awaitable[object]],
        trigger: BaseTrigger,
        *,
        job_id: str,
        what: str,
        **options: Any,
    ) -> None:
        self.job = job
        self.trigger = trigger
        self.job_id = job_id
        self.what = what
        self.options = options
        self._scheduler: AsyncIOScheduler | None = None

    async def _run(self) -> None:
        try:
            await self.job()
        except asyncio.CancelledError:
            raise
        except Exception:  # the next run still happens; the log says why this one failed
            log.exception("%s failed", self.what)

    def start(self) -> None:
        """Schedule the job (call from the app's event loop)."""
        scheduler = AsyncIOScheduler(event_loop=asyncio.get_running_loop())
        scheduler.add_job(
            self._run,
            self.trigger,
            id=self.job_id,
            max_instances=1,
            coalesce=True,
            **self.options,
        )
        scheduler.start()
        self._scheduler = scheduler

    def next_run(self) -> datetime | None:
        if self._scheduler is None:
            return None
        job = self._scheduler.get_job(self.job_id)
        return job.next_run_time if job is not None else None

    def stop(self) -> None:
        """Unschedule, and cancel a run in progress."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
