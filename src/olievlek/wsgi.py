import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "olievlek.settings")
application = get_wsgi_application()

if os.environ.get("OLIEVLEK_WARM", "1") != "0":
    # Before this process accepts a request (gunicorn loads the application first): see warm.py.
    from olievlek.warm import warm

    warm()
