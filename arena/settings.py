"""Settings for 擂台, all read from environment variables with safe defaults.

Embedded mode (no DATABASE_URL / REDIS_URL): SQLite under ARENA_DATA_DIR, Celery eager,
in-process event bus. Full mode: PostgreSQL, Redis broker and pub/sub, real Celery workers.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Parse postgres://user:pass@host:port/name?opt=v or sqlite:///path into DATABASES."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path[1:])}
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # A connection pool per process instead of persistent connections: under ASGI every
        # request may run on another thread, and per-thread connections piled up to
        # PostgreSQL's limit under load (bench/load.py). Each connection is checked when taken
        # from the pool, so the app survives a PostgreSQL restart without restarting itself.
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": True,  # with a pool: ConnectionPool.check_connection on every take
        "OPTIONS": {
            "pool": {
                "min_size": 1,
                "max_size": int(os.environ.get("DB_POOL_SIZE", "20")),
                "timeout": 10,
            },
            **dict(parse_qsl(parts.query)),
        },
    }


DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("ARENA_PRODUCTION", False)
DATA_DIR = Path(os.environ.get("ARENA_DATA_DIR", BASE_DIR / "var"))
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # A per-installation key kept in the data directory, so a fresh machine is safe by default.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

# The key that seals each audit row (arena/seal.py): a row edited in the database no longer
# matches its seal. Keep it when SECRET_KEY rotates, or old rows read as edited.
AUDIT_KEY = os.environ.get("ARENA_AUDIT_KEY") or SECRET_KEY

# The address the hall's phones use to reach the server, for judges' QR cards, the audience QR
# and printed links (arena/public.py), e.g. http://192.168.1.10:8000. Empty: the address of
# the page being viewed. Its host is allowed and its origin trusted for forms without being
# listed again below (one setting makes a venue's server reachable).
ARENA_PUBLIC_URL = os.environ.get("ARENA_PUBLIC_URL", "").strip().rstrip("/")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
if ARENA_PUBLIC_URL:
    _public = urlsplit(ARENA_PUBLIC_URL)
    if _public.scheme not in {"http", "https"} or not _public.hostname:
        raise ImproperlyConfigured("ARENA_PUBLIC_URL must look like http://192.168.1.10:8000")
    ALLOWED_HOSTS.append(_public.hostname)
    CSRF_TRUSTED_ORIGINS.append(f"{_public.scheme}://{_public.netloc}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "orgs",
    "contests",
    "scoring",
    "series",
    "followup",
    "boards",
    "selections",
    "catchup",
    "live",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "arena.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "arena.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "arena.logs.RequestLogMiddleware",
]

ROOT_URLCONF = "arena.urls"
WSGI_APPLICATION = "arena.wsgi.application"
ASGI_APPLICATION = "arena.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "arena.sqlite3",
            # WAL and a busy timeout let judge POSTs and the recompute share the file.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Tests use a file too, not SQLite's shared in-memory database: that one locks
            # whole tables and ignores the busy timeout, unlike the file the app runs on.
            "TEST": {"NAME": DATA_DIR / "test.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "organizer:contest_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request if it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
# A step's papers (minutes, reports): never served as media; a login view hands them out.
PRIVATE_FILES_ROOT = DATA_DIR / "private"
# Contestant photos: served by Django in embedded mode; a reverse proxy serves them in production.
SERVE_MEDIA = DEBUG or env_bool("ARENA_SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed file names need collectstatic first: production deployments do that.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve static files straight from the finders when collectstatic has not run (tests, dev).
WHITENOISE_USE_FINDERS = DEBUG or env_bool("ARENA_STATIC_FROM_FINDERS", False)

# Uploads: imports of 10,000 rows fit well below this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Mail (password reset links): SMTP when ARENA_EMAIL_HOST is set; otherwise each message is
# written as a file under the data directory, since a venue network often has no mail server
# (a 管理员 can hand out a reset link from the members page instead).
EMAIL_HOST = os.environ.get("ARENA_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("ARENA_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("ARENA_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("ARENA_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("ARENA_EMAIL_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("ARENA_EMAIL_FROM", "arena@localhost")

# Security: safe in every mode; the HTTPS-only ones switch on with ARENA_HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 3600  # an organizer's login lasts an event day, not two weeks
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
HTTPS = env_bool("ARENA_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("ARENA_SSL_REDIRECT", True)
# Health checks call over plain HTTP inside the network (compose, load balancers).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading is a commitment (browsers hard-code HTTPS for the domain for months): only when
# asked for. Its deploy-check warning is then a decision taken, not an oversight.
SECURE_HSTS_PRELOAD = env_bool("ARENA_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env_bool("ARENA_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Celery and events. Without REDIS_URL everything runs in-process.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Run beat in one worker (`celery -A arena worker -B`): it heals standings that lag after a
# broker or database fault (scoring.tasks.heal_standings).
CELERY_BEAT_SCHEDULE = {
    "heal-standings": {"task": "scoring.tasks.heal_standings", "schedule": 5.0},
}
ARENA_EVENT_BUS = "redis" if REDIS_URL else "memory"
# The module whose ASGI `application` serves the public event streams before Django, and whose
# `is_stream_path` says which paths those are (arena/asgi.py).
ARENA_STREAMS = "live.streams"
# Open event streams (projectors, audience phones, judges' pages) one web process serves, and
# per client address (a whole hall may share one address behind the venue's NAT). The process
# lowers the first to its open-file limit less 200 (live/streams.py).
ARENA_MAX_STREAMS = int(os.environ.get("ARENA_MAX_STREAMS", "5000"))
ARENA_MAX_STREAMS_PER_CLIENT = int(os.environ.get("ARENA_MAX_STREAMS_PER_CLIENT", "1000"))
# Shortest time in seconds between the starts of two standings recomputes of a contest (real
# worker only). A lone sheet is never delayed; in a burst (every judge submitting as the
# countdown ends) the sheets of 0.1 s share one version, so every screen gets fewer, fresher
# frames. Chosen by measuring from the judge's tap to the new frame on 1,000 screens
# (docs/performance.md): 0.1 s gave the lowest p50 and p99; 0 overloads the web process.
STANDINGS_MIN_INTERVAL = float(os.environ.get("ARENA_STANDINGS_MIN_INTERVAL", "0.1"))
# Rate limits are counted in the cache: shared through Redis when there are several processes.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
JUDGE_POSTS_PER_MINUTE = int(os.environ.get("ARENA_JUDGE_POSTS_PER_MINUTE", "30"))

# ARENA_LOG_FORMAT=json (the default in production): one JSON object per line, for log shippers.
LOG_FORMAT = os.environ.get("ARENA_LOG_FORMAT", "json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "arena.logs.JsonFormatter"},
    },
    # Every record passes arena.logs.RedactTokens: judges' links are secrets wherever a
    # logger (Django's 404 and CSRF warnings too) would print a path.
    "filters": {"redact_tokens": {"()": "arena.logs.RedactTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # it logs every laid-out page at INFO
        # One line per request with judge tokens redacted (arena.logs); uvicorn runs with
        # --no-access-log, whose lines would carry the tokens.
        "arena.request": {"level": os.environ.get("ARENA_REQUEST_LOG_LEVEL", "INFO")},
    },
}
