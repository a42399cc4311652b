"""Benchmark helpers shared by the apps' scenarios: a PostgreSQL database of its own, a production server
(gunicorn) on loopback, and a bounded latency and throughput measure beside the `/sante/` floor.

Figures, never assertions: `make bench` prints them and the apps write them in docs/."""

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/maillage_bench")
PORT = int(os.environ.get("BENCH_PORT", "8765"))


def bench_env(**extra):
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": BENCH_DB,
            "MAILLAGE_ENV": "development",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "maillage.settings",
            "PYTHONPATH": str(ROOT),  # this checkout's code, whichever virtual environment runs it
            "LOG_LEVEL": "ERROR",
            "DATABASE_CONN_MAX_AGE": "60",  # as in production: one connection per worker, not one per request
        }
    )
    env.update(extra)
    return env


def setup_django():
    os.environ.update(bench_env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare_database(generate):
    """The scenario's data: generated anew, or, with BENCH_REUSE=1, those of the previous run measured again."""
    if os.environ.get("BENCH_REUSE") == "1":
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the code measured may have migrations the data has not had yet
        return
    recreate_database()
    setup_django()
    generate()


def recreate_database():
    """Drop and create the bench database, then migrate it."""
    import psycopg

    name = BENCH_DB.rsplit("/", 1)[1]
    admin_url = BENCH_DB.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=bench_env(), check=True)


class Server:
    """gunicorn with the production WSGI application, two workers (the machine has two cores)."""

    def __init__(self, workers=2, threads=1):
        self.workers = workers
        self.threads = threads
        self.process = None

    def __enter__(self):
        cmd = [
            str(Path(sys.executable).parent / "gunicorn"),
            "maillage.wsgi:application",
            f"--bind=127.0.0.1:{PORT}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=bench_env())
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/sante/", timeout=1).read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=15)


def measure(path, *, headers=None, requests=300, concurrency=1, warmup=20):
    """Latency percentiles (ms) and throughput (req/s) of GET path; bounded in count, loopback only."""
    url = f"http://127.0.0.1:{PORT}{path}"
    headers = headers or {}

    def one(_):
        request = urllib.request.Request(url, headers=headers)
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            status = response.status
        return (time.perf_counter() - start) * 1000, status

    for _ in range(warmup):
        one(None)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(one, range(requests)))
    elapsed = time.perf_counter() - started
    latencies = sorted(r[0] for r in results)
    statuses = {r[1] for r in results}
    return {
        "path": path,
        "requests": requests,
        "concurrency": concurrency,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "throughput_rps": round(requests / elapsed, 1),
        "statuses": sorted(statuses),
    }


def print_table(title, rows):
    print(f"\n## {title}\n")
    print("| page | requêtes | concurrence | p50 (ms) | p95 (ms) | débit (req/s) | statuts |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['label']} | {row['requests']} | {row['concurrency']} | {row['p50_ms']} | {row['p95_ms']} | {row['throughput_rps']} | {row['statuses']} |"
        )


def session_cookie(email):
    """A logged-in, second-factor-verified session for a demo account, as a Cookie header."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import User

    user = User.objects.get(email=email)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    membership = user.memberships.first()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session["membership_id"] = membership.pk
    session.create()
    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}, membership
