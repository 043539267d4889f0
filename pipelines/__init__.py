"""newsflow's processing stages: pure, typed functions over the records in ``pipelines.records``.

Nothing here imports Celery or talks to a service; every stage runs in-process.
"""

# Bump when a stage's output changes, so reprocessed documents can be told from old ones.
PIPELINE_VERSION = "0.6.40"
