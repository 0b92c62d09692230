"""Start Django for a bench script: the repository on the path, a throwaway folder for the
database and files (unless DATABASE_URL or COPRODUCE_VAR_DIR say otherwise), and the
project's settings. A script imports this before anything of Django or Coproduce."""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("COPRODUCE_VAR_DIR", tempfile.mkdtemp(prefix="coproduce-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()
