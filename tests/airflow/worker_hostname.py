"""``[core] hostname_callable`` of the Celery worker in test_celery_stack.py: task instances it runs record this
name, which no other component (scheduler, api-server, dag-processor) uses."""

WORKER_HOSTNAME = "regwatch-ci-celery-worker"


def hostname() -> str:
    return WORKER_HOSTNAME
