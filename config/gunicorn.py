"""gunicorn settings for `make serve`. Each can be overridden from the environment.

Threads (gthread) let one worker overlap the waits of a few requests (database, slow clients)
without the memory of more processes; put nginx in front for TLS and slow clients (docs/).
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# One worker per CPU this process may run on (a container's or taskset's limit, not the machine's).
workers = int(os.environ.get("GUNICORN_WORKERS", len(os.sched_getaffinity(0))))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, so a slow leak can never take the server down. Nothing a worker
# holds must outlive it: rate-limit counts are in the database (quiz/limits.py), not its memory.
max_requests = 5000
max_requests_jitter = 500
# Logs to stderr; the access log ends with the time the request took in microseconds (%(D)s).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)s'
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn's control socket defaults to one path per user, which two servers of one user (two app
# servers on one machine, or the tests) would share; we manage gunicorn with signals instead.
control_socket_disable = True
