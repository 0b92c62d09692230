"""Read by gunicorn from the working directory (make run, and the systemd unit in docs/)."""

from typing import Any


def on_starting(server: Any) -> None:
    """Refuse to start with an encryption key that cannot read the data held."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    django.setup()
    from coproduce.people.checks import key_problem

    problem = key_problem()
    if problem:
        raise SystemExit(f"Coproduce will not start: {problem}")
