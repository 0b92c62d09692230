import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
application = get_wsgi_application()

# Serve nothing with a key that cannot read the data: pages would fail one by one.
from coproduce.people.checks import refuse_to_start_without_the_key  # noqa: E402

refuse_to_start_without_the_key()
