"""The Celery app (``celery -A workers.celery_app:celery worker``) and its beat schedule.

Tasks are acknowledged late (after they finish) so a crashed worker's task is redelivered: at
once when a pool process dies (``task_reject_on_worker_lost``), after ``visibility_timeout``
when the whole worker does. That is safe because statement processing is idempotent per batch
and a statement is processed in short chunk tasks (``app.services.statement_runs``).
"""
from __future__ import annotations

from celery import Celery
from celery.schedules import crontab

from app.services.db import settings

BROKER = settings().broker_url or "redis://127.0.0.1:6379/0"

celery = Celery("rightsgraph", broker=BROKER, include=["workers.tasks"])
celery.conf.update(
    timezone="UTC",
    task_serializer="json",
    accept_content=["json"],
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_ignore_result=True,
    # a task taken by a worker that died is redelivered after this (see Settings.visibility_timeout)
    broker_transport_options={"visibility_timeout": settings().visibility_timeout},
    beat_schedule={
        "resume-unfinished-statements": {"task": "rightsgraph.resume_statements", "schedule": 300.0},
        "validate-rights-nightly": {"task": "rightsgraph.validate_rights", "schedule": crontab(hour=2, minute=30)},
        # after the validator, so data-integrity alerts see its findings
        "alerts-nightly": {"task": "rightsgraph.generate_alerts", "schedule": crontab(hour=3, minute=15)},
        # the catalog also grows through the API one recording or split at a time
        "rematch-suspense-hourly": {"task": "rightsgraph.rematch_suspense", "schedule": crontab(minute=45),
                                    "args": ["beat"]},
        # the payout schedule's day (payouts.next_payout_date): approved payouts go to the provider
        "payout-run-monthly": {"task": "rightsgraph.run_payouts",
                               "schedule": crontab(day_of_month=settings().payout_day_of_month, hour=6, minute=0)},
        # reciprocal representation (app.services.schedules): partners' repertoire files, then the
        # cycles due on the agreements' reporting frequencies (closed, reported)
        "repertoire-sync-nightly": {"task": "rightsgraph.sync_repertoire", "schedule": crontab(hour=1, minute=30)},
        "reciprocal-cycles-daily": {"task": "rightsgraph.close_due_cycles", "schedule": crontab(hour=4, minute=0)},
    },
)
