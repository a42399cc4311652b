import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
application = get_wsgi_application()
# What loading Django and the apps created lives as long as the process: keep it out of the garbage collector's
# full scans, which otherwise pause a request now and then (the slowest percentiles).
gc.freeze()
