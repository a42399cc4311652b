"""Settings read from the environment: safe defaults for development, a loud error for bad production values."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from maillage.env import env, env_bool, env_int, env_list, env_secret

BASE_DIR = Path(__file__).resolve().parent.parent

# MAILLAGE_ENV=production switches every default to its safe production value and
# makes missing secrets an error instead of a development placeholder.
ENVIRONMENT = env("MAILLAGE_ENV", "development")
if ENVIRONMENT not in ("development", "test", "production"):
    raise ImproperlyConfigured(f"MAILLAGE_ENV must be development, test or production, not {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DEV_SECRET = "dev-only-secret-key-never-use-in-production-0123456789"
SECRET_KEY = env_secret("SECRET_KEY", DEV_SECRET, production=PRODUCTION, min_length=50)
# Debug only on request (`DEBUG=1 make run`): the demo shows the pages people will see, French 403 and 404 included.
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be false in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the platform's host names in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Keys for identifying data at rest. FIELD_ENCRYPTION_KEYS is a comma-separated list
# of Fernet keys, the first one encrypts, all of them decrypt (rotation).
DEV_FIELD_KEY = "bWFpbGxhZ2UtZGV2LW9ubHktbm90LWEtc2VjcmV0ISE="
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [] if PRODUCTION else [DEV_FIELD_KEY])
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set in production")
if PRODUCTION and DEV_FIELD_KEY in FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must not contain the development key in production")
BLIND_INDEX_KEY = env_secret("BLIND_INDEX_KEY", "dev-only-blind-index-key-0123456789abcdef", production=PRODUCTION)
AUDIT_CHAIN_KEY = env_secret("AUDIT_CHAIN_KEY", "dev-only-audit-chain-key-0123456789abcdef", production=PRODUCTION)

INSTALLED_APPS = [
    "maillage.adminconfig.MaillageAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "ninja",
    "maillage",
    "accounts",
    "territory",
    "audit",
    "directory",
    "casework",
    "operations",
    "network",
    "committee",
    "calls",
    "officialstats",
    "observatory",
    "notifications",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "maillage.middleware.LoginRequiredMiddleware",
    "accounts.middleware.MembershipMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "maillage.middleware.PrivacyHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "maillage.urls"
# Django's form renderer, with inputs and selects written without a template per widget and option (same HTML).
FORM_RENDERER = "maillage.forms_renderer.FastTemplates"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "maillage.context_processors.platform",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "" if PRODUCTION else f"sqlite:///{BASE_DIR / 'db.sqlite3'}") or "sqlite://",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
# Production runs on PostgreSQL only (full-text configuration, row locks, concurrent writers): SQLite is the
# embedded default of development and the demo, never a production database.
if PRODUCTION and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must be a PostgreSQL URL (postgres://…) in production")
SILENCED_SYSTEM_CHECKS = []
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Covering indexes (INCLUDE) speed PostgreSQL up; SQLite builds the same indexes without the extra columns.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Redis for the cache and the sessions (several application servers share them; nothing written to the database
    # at each login). Sessions have their own prefix, so that clearing the cache logs nobody out.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "maillage"},
        "sessions": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "maillage-session"},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Lockout after repeated failures, per account and per address, without saying whether the email exists.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The login form posts the email as "username"; normalised so that "Alice@…" and " alice@…" share a counter.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "maillage.net.login_username"
AXES_CLIENT_IP_CALLABLE = "maillage.net.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Number of trusted reverse proxies in front of the application (nginx: 1). Each appends to
# X-Forwarded-For; without this, everyone behind the proxy would share one address for the lockout.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Idle timeout: the session expires after this many minutes without a request. Its expiry is pushed back at most
# once a minute (accounts.middleware.SessionIdleMiddleware), not by a write on every request: it ends between
# 29 and 30 minutes after the last request, never later.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_TOUCH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# The CSRF cookie (set by the login and password pages, the only pages without an account that post a form) ends
# with the browser session, as the discretion page says: nothing of the visit outlives the closed browser.
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "maillage.views.csrf_failure"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes and nginx reads the static files (deploy/nginx/maillage.conf).
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "maillage.storage.StaticFilesStorage" if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# collectstatic keeps only the hashed names (maillage.storage: a gzip copy each, for nginx's gzip_static).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Outside production, static files are served from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

EMAIL_BACKEND = env(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
# Invitation and reset links open an account: never sent in clear in production by default.
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", PRODUCTION)
# Password-reset emails leave outside the request, so that its duration says nothing about the account.
EMAIL_IN_BACKGROUND = env_bool("EMAIL_IN_BACKGROUND", True)
RESET_REQUESTS_PER_HOUR = env_int("RESET_REQUESTS_PER_HOUR", 5)
# A mail server that does not answer within this many seconds is a failure: the notification stays in the outbox.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# Spreadsheet imports (« reprise »): the largest file accepted (kept in memory, never in clear on disk), and the number
# of rows above which the import runs in the background (`process_imports`) rather than in the request.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 40 * 1024 * 1024)
IMPORT_SYNC_MAX_ROWS = env_int("IMPORT_SYNC_MAX_ROWS", 2000)
# The platform's address, for the links of e-mails (sent outside any request): « https://maillage.example.fr ».
PLATFORM_URL = env("PLATFORM_URL", f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@maillage.localhost>")

# Strict Content-Security-Policy: nothing from a third party, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts, which CSRF rejects.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Trust X-Forwarded-Proto only when a reverse proxy is declared in front of the application.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Submitting a domain to the browsers' preload list binds all its subdomains for months:
        # the operator's decision (SECURE_HSTS_PRELOAD=true), not a default.
        SILENCED_SYSTEM_CHECKS.append("security.W021")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Where the public reference data lives (communes, EPCIs, boundaries, statistics).
REFERENCE_DATA_DIR = Path(env("REFERENCE_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))
# The territory this installation serves: an arrondissement (596 = Valenciennes) or a département.
TERRITORY_ARRONDISSEMENT = env("TERRITORY_ARRONDISSEMENT", "596")
TERRITORY_DEPARTEMENT = env("TERRITORY_DEPARTEMENT", "59")

# Kinds of organisation (accounts.OrganisationKind) whose members may read the guide's confidential fields (a
# shelter's address), and then only where their team or organisation accompanies victims (directory.access).
DIRECTORY_CONFIDENTIAL_KINDS = env_list(
    "DIRECTORY_CONFIDENTIAL_KINDS", ["association", "police", "gendarmerie", "department", "hospital", "collectivity"]
)

# Where the quick-exit control sends a person: a neutral site that does not say what she left.
QUICK_EXIT_URL = env("QUICK_EXIT_URL", "https://www.meteo.fr/")

OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Maillage")

# Logs on standard error (journald keeps them under systemd), one JSON object a line in production (LOG_FORMAT=json),
# with no personal data: operations.logs keeps the message and a few technical fields, cuts query strings and
# e-mail addresses, and logs an exception's class and frames without its message.
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "operations.logs.JsonFormatter"},
        "text": {"()": "operations.logs.TextFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"maillage": {"level": env("MAILLAGE_LOG_LEVEL", "INFO")}},
}

NINJA_PAGINATION_PER_PAGE = 50

# Background jobs: each is a management command run by `manage.py run_job NAME`, which a systemd timer calls on the
# schedule below (systemd OnCalendar syntax; deploy/systemd/maillage-job-NAME.timer carries the same one, a test
# checks it). A command that is not installed is reported « non installé », never a failure. See docs/taches.md.
MAILLAGE_JOBS = {
    "notifications": {"command": "send_notifications", "schedule": "*-*-* *:*:00", "description": "envoi des notifications en attente"},
    "reminders": {"command": "notify_due", "schedule": "*-*-* 07:00:00", "description": "rappels des échéances (mesures de protection)"},
    "retention": {"command": "apply_retention", "schedule": "*-*-* 03:30:00", "description": "anonymisation à l'échéance de conservation"},
    "backup": {"command": "backup", "schedule": "*-*-* 02:00:00", "description": "sauvegarde chiffrée de la base"},
    "reports": {"command": "generate_report", "schedule": "*-*-* 05:00:00", "description": "génération des rapports"},
    "directory_stale": {"command": "notify_due", "schedule": "Mon *-*-* 07:30:00", "description": "fiches du guide à revoir"},
    "imports": {"command": "process_imports", "schedule": "*-*-* *:*:30", "description": "reprises de tableurs volumineux en attente"},
    "imports_purge": {"command": "purge_imports", "schedule": "*-*-* 04:00:00", "description": "fichiers de reprises abandonnées"},
    "audit": {"command": "verify_audit", "schedule": "*-*-* 04:30:00", "description": "vérification de l'intégrité du journal"},
    "observatory": {
        "command": "observatory_rollup",
        "schedule": "*-*-* *:00/15:00",
        "description": "agrégats de l'observatoire (communes modifiées, chiffres du jour)",
    },
}
MAILLAGE_JOB_LEASE_SECONDS = env_int("MAILLAGE_JOB_LEASE_SECONDS", 300)
MAILLAGE_JOB_HEARTBEAT_SECONDS = env_int("MAILLAGE_JOB_HEARTBEAT_SECONDS", 60)
MAILLAGE_JOB_HISTORY_DAYS = env_int("MAILLAGE_JOB_HISTORY_DAYS", 90)
# The complete health check (/sante/complet/) fails when no job showed a sign of life for this long (the notification
# job runs every minute) or when a disk holds less than this many megabytes.
MAILLAGE_JOBS_HEARTBEAT_MAX_MINUTES = env_int("MAILLAGE_JOBS_HEARTBEAT_MAX_MINUTES", 10)
MAILLAGE_HEALTH_MIN_FREE_MB = env_int("MAILLAGE_HEALTH_MIN_FREE_MB", 1024)
# ... or when the newest backup is older than this many hours (the backup job runs every night).
MAILLAGE_HEALTH_BACKUP_MAX_HOURS = env_int("MAILLAGE_HEALTH_BACKUP_MAX_HOURS", 26)
# Who runs this installation, for the legal notice, the privacy notice and the accessibility statement (/mentions-
# legales/, /donnees-personnelles/, /accessibilite/). Empty values show as « à renseigner » on those pages.
OPERATOR = {
    "name": env("OPERATOR_NAME"),
    "address": env("OPERATOR_ADDRESS"),
    "email": env("OPERATOR_EMAIL"),
    "phone": env("OPERATOR_PHONE"),
    "siret": env("OPERATOR_SIRET"),
    "publication_director": env("OPERATOR_PUBLICATION_DIRECTOR"),
    "dpo_email": env("OPERATOR_DPO_EMAIL"),
    "host_name": env("HOST_NAME"),
    "host_address": env("HOST_ADDRESS"),
    "host_phone": env("HOST_PHONE"),
    # RGAA: « non conforme » until an audit says otherwise (then « partiellement conforme » or « totalement conforme »,
    # with its date and rate).
    "rgaa_status": env("RGAA_STATUS", "non conforme"),
    "rgaa_audit_date": env("RGAA_AUDIT_DATE"),
    "rgaa_rate": env("RGAA_RATE"),
    "statement_date": env("ACCESSIBILITY_STATEMENT_DATE", "30 novembre 2026"),
}
if OPERATOR["rgaa_status"] not in ("non conforme", "partiellement conforme", "totalement conforme"):
    raise ImproperlyConfigured("RGAA_STATUS must be « non conforme », « partiellement conforme » or « totalement conforme »")

# Backups (manage.py backup, the nightly job): encrypted for the age public key(s) MAILLAGE_BACKUP_KEY (comma-separated),
# kept every day for MAILLAGE_BACKUP_KEEP_DAILY days and the first of each month for MAILLAGE_BACKUP_KEEP_MONTHLY months.
# The annual diagnostic the « reports » job writes each night (last year's, both editions) for the analyst to fetch.
MAILLAGE_REPORTS_DIR = Path(env("MAILLAGE_REPORTS_DIR", str(BASE_DIR / "var" / "rapports")))
MAILLAGE_BACKUP_DIR = Path(env("MAILLAGE_BACKUP_DIR", str(BASE_DIR / "var" / "sauvegardes")))
MAILLAGE_BACKUP_KEY = env("MAILLAGE_BACKUP_KEY")
MAILLAGE_BACKUP_KEEP_DAILY = env_int("MAILLAGE_BACKUP_KEEP_DAILY", 14)
MAILLAGE_BACKUP_KEEP_MONTHLY = env_int("MAILLAGE_BACKUP_KEEP_MONTHLY", 12)

if ENVIRONMENT == "test":
    # Fast hashing and loud templates in the test suite only.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    class InvalidTemplateVariable(str):
        def __mod__(self, other):
            raise ValueError(f"unknown template variable {other!r}")

    TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = InvalidTemplateVariable("%s")
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    EMAIL_IN_BACKGROUND = False
    AXES_FAILURE_LIMIT = 5
