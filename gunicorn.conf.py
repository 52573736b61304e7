"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py` (README 本番運用).

Every value can be changed from the environment, so the same file serves every install.
"""

import multiprocessing
import os

wsgi_app = "hub_app:create_app()"

# Behind nginx on the same host: listen on loopback only, so nobody reaches the app
# around the proxy (and nobody but the proxy can send it forwarded headers).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# gunicorn's advice: (2 x cores) + 1 sync workers. Each worker is a process with its own
# database pool; sign-in throttling and the API rate limit are counted in the database,
# so they hold across all of them.
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"

# An import of a large file or the yearly DOCX may take a while; anything longer is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200

# Access log to standard output (journald or docker keeps it): who, what, status, bytes,
# duration in seconds and the worker's pid. The query string is left out, as it may carry
# search terms about people.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(L)s "%(a)s" pid=%(p)s'
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Forwarded headers (X-Forwarded-For, X-Forwarded-Proto) are believed only when the app is
# told how many proxies stand in front of it (TRUSTED_PROXIES, read by the app's ProxyFix),
# and then, by gunicorn, only from the proxies' addresses (FORWARDED_ALLOW_IPS, loopback by
# default). With TRUSTED_PROXIES=0 nothing a client sends can make a request look secure or
# come from another address.
_trusted_proxies = int(os.environ.get("TRUSTED_PROXIES", "0") or 0)
if _trusted_proxies > 0:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = "127.0.0.1"
    secure_scheme_headers = {}
forwarder_headers = ""
