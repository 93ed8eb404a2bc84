"""The Celery app (``celery -A workers.celery_app:celery worker``) and its beat schedule.

Tasks are acknowledged late (after they finish) so a crashed worker's statement is
redelivered; that is safe because statement processing is idempotent per batch.
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
    # a statement of a million lines takes minutes; redelivery must not start a second run
    broker_transport_options={"visibility_timeout": 6 * 3600},
    beat_schedule={
        "resume-unfinished-statements": {"task": "rightsgraph.resume_statements", "schedule": 300.0},
        "validate-rights-nightly": {"task": "rightsgraph.validate_rights", "schedule": crontab(hour=2, minute=30)},
    },
)
