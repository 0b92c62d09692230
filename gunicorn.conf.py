"""Read by gunicorn from the working directory (make run, and the systemd unit in docs/)."""

from typing import Any

# The longest address the API's documented parameters allow (200 characters of search, each
# up to 12 bytes once percent-encoded) must fit, or gunicorn answers 414 to a valid request.
limit_request_line = 8190


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
