"""gunicorn settings for the registry (`gunicorn -c gunicorn.conf.py`), from the environment.

GUNICORN_BIND         where to listen (default 0.0.0.0:8000)
WEB_CONCURRENCY       worker processes (default 2 × CPU cores + 1)
GUNICORN_THREADS      threads per worker (default 1: the views are CPU-bound, not I/O-bound)
GUNICORN_TIMEOUT      seconds before a stuck worker is restarted (default 30)
GUNICORN_ACCESSLOG    "-" to log every request to stdout (JSON lines in production)
FORWARDED_ALLOW_IPS   proxies whose X-Forwarded-* headers are trusted (default 127.0.0.1)
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "registry.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never takes a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Workers' heartbeat files on a memory filesystem where there is one (containers).
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

if os.environ.get("DJANGO_LOG_FORMAT", "json" if os.environ.get("DJANGO_ENV") == "production"
                  else "line") == "json":
    # gunicorn's own lines (start, worker boots, access) as JSON too (registry/logs.py).
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "registry.logs.JsonFormatter"}},
        "handlers": {
            "error": {"class": "logging.StreamHandler", "formatter": "json",
                      "stream": "ext://sys.stderr"},
            "access": {"class": "logging.StreamHandler", "formatter": "json",
                       "stream": "ext://sys.stdout"},
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(),
                               "propagate": False},
            "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }
