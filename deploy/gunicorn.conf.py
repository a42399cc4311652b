"""gunicorn's configuration for Maillage (read by deploy/systemd/maillage.service, and by `make deploy-check`).

The access log says what was asked and how it went, never who asked nor what was searched: no client address (nginx in
front sees it; the lockout reads it from X-Forwarded-For) and no query string (a search by name is a GET parameter)."""

import multiprocessing
import os

bind = os.environ.get("MAILLAGE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
# A PDF export or a large import may take a while; beyond this a worker is stuck and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Workers are replaced now and then, so that a slow leak never grows for ever.
max_requests = 2000
max_requests_jitter = 200
# nginx on the same machine is the only client: X-Forwarded-Proto from it is trusted.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without its query string; no %(h)s (address), %(a)s (user agent) nor %(f)s (referrer).
access_log_format = '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "duration_ms": %(M)s}'
proc_name = "maillage"
# systemd reloads with HUP (ExecReload); no control socket in a home directory the service cannot write.
control_socket_disable = True
