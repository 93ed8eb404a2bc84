"""Celery workers: thin tasks that call the services."""
