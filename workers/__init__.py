"""Celery: the app, queues and routing, and thin tasks that call ``pipelines``."""
