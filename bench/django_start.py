"""Start Django for a bench script: the repository on the path, a throwaway folder for the
database and files (unless DATABASE_URL or COPRODUCE_VAR_DIR say otherwise), and the
project's settings. A script imports this before anything of Django or Coproduce."""

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coproduce.organisations.models import Membership, Organisation

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("COPRODUCE_VAR_DIR", tempfile.mkdtemp(prefix="coproduce-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()


def prepare_database() -> str:
    """Bring the bench database up to date and serve static files plainly (no manifest
    needed); return the database engine's short name for the report."""
    from django.conf import settings
    from django.core.management import call_command

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    return str(settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1])


def fresh_organisation(name: str) -> "tuple[Organisation, Membership]":
    """A new organisation for this run (its slug stamped with the time) and its coordinator's
    membership."""
    import time

    from coproduce.organisations.models import Organisation, Role

    org, _ = Organisation.found(f"bench-{int(time.time())}", name)
    membership, _ = org.add_member(f"coordinator@{org.slug}.example", Role.COORDINATOR)
    return org, membership
