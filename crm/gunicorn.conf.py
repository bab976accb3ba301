"""gunicorn's settings for Partnerregister in production: ``gunicorn -c crm/gunicorn.conf.py`` (see the README).

Threaded workers (``gthread``), because list exports stream: a CSV of every meeting (1,000,000 rows) or an XLSX of
300,000 takes minutes to write, and gunicorn's default *sync* worker is killed by its master ``timeout`` seconds into
any request — it cannot tell a worker writing a long response from a hung one, so a download was cut off after 30 s.
A gthread worker's main thread keeps signalling that it is alive while its threads serve requests, so ``timeout``
guards against a stuck process, not against a long download; the threads also keep a worker answering other
requests while one of them streams an export. Each thread holds its own database connection (``CONN_MAX_AGE``).

Every value can be set from the environment (``GUNICORN_BIND``, ``WEB_CONCURRENCY``, ``GUNICORN_THREADS``,
``GUNICORN_TIMEOUT``), and gunicorn's own command-line options override this file.
"""

import os

wsgi_app = "crm.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A proxy in front (nginx: proxy_read_timeout 60 s by default) cuts a response that pauses longer than its read
# timeout; the exports write continuously (CSV every 500 rows, XLSX every few hundred), so they never pause that long.
