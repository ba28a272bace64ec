"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Each value can be overridden from the environment (GUNICORN_WORKERS, …) or the command line.
"""
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# Threads let a worker keep answering short pages while another request streams a large export,
# and while a request waits on the database.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A full CSV export of a large archive streams for longer than gunicorn's default 30 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "300"))
graceful_timeout = 30
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"


def post_worker_init(worker):
    # Templates compiled and the loaded objects frozen out of the garbage collector's way (config/worker.py).
    from config.worker import settle

    settle()
