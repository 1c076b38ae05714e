"""gunicorn settings for Boligportalen on a two-core server (docs/PRODUCTION.md).

    gunicorn --config deploy/gunicorn.conf.py wsgi:app

Why these numbers, on two cores:
- workers = 2: Python runs one thread at a time per process, and rendering a page is CPU
  work, so one process per core uses both cores. More processes only add memory (about
  80 MB each) and fight over the same two cores.
- threads = 4 (the gthread worker): while one request waits for PostgreSQL, Redis or the
  disk, another in the same process can run. Four per worker measured best here
  (bench/report.py): fewer leave a core idle while queries run, more add latency without
  adding throughput. Eight requests are in progress at most; nginx queues the rest.
- timeout = 30: a worker silent for 30 s is killed and replaced (the longest request, an
  upload of 25 MB from a slow phone, is buffered by nginx first, so it reaches us whole).
- max_requests: each worker is replaced after about 5,000 requests, so a slow leak in a
  library can never grow without bound. The jitter keeps both from restarting at once.
Command-line flags override these (`--workers 3`), e.g. on a bigger machine.
"""

bind = "127.0.0.1:8000"
workers = 2
worker_class = "gthread"
threads = 4
timeout = 30
graceful_timeout = 20
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
# The worker's temporary heartbeat file in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm"  # noqa: S108 (a tmpfs, gunicorn's own advice)

# Logs go to standard error and out, for journald or the container's log. The access log
# says who asked what and how it went, never what they sent: the path without its query
# string (a search or a calculation can be personal) and no referrer (it carries queries).
errorlog = "-"
loglevel = "info"
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
