"""Production settings of the deployment: Redis for the cache and the sessions when REDIS_URL is set, static files
collected where nginx reads them, JSON logs."""

from tests.test_settings import manage

SHOW = (
    "from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'], getattr(s, 'SESSION_ENGINE', ''), getattr(s, 'SESSION_CACHE_ALIAS', ''), s.STATIC_ROOT, s.STORAGES['staticfiles']['BACKEND'])"
)


def last_line(result):
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_redis_holds_cache_and_sessions_when_configured():
    backend, engine, alias, static_root, storage = last_line(
        manage("shell", "-c", SHOW, REDIS_URL="redis://127.0.0.1:6379/3", STATIC_ROOT="/srv/maillage/app/staticfiles")
    )
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert engine == "django.contrib.sessions.backends.cache" and alias == "sessions"
    assert static_root == "/srv/maillage/app/staticfiles"
    assert storage == "maillage.storage.StaticFilesStorage"


def test_without_redis_the_cache_is_local_and_sessions_in_the_database():
    backend, engine, *_ = last_line(manage("shell", "-c", SHOW, REDIS_URL=None))
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    assert engine == "django.contrib.sessions.backends.db"


def test_a_bad_log_format_is_refused():
    result = manage("check", LOG_FORMAT="xml")
    assert result.returncode != 0 and "LOG_FORMAT must be json or text" in result.stderr
