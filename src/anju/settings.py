"""Django settings for anju, read from the environment.

Every setting that differs between a laptop, a test run and a production server comes from an
``ANJU_*`` environment variable through the small typed helpers below; the defaults give a
working demo on the embedded SQLite database under ``var/``.
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or not value.strip() else int(value)


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def dev_secret_key(var_dir: Path) -> str:
    """A development machine's own random key, made once in ``var/secret-key`` (mode 0600)."""
    path = var_dir / "secret-key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="ascii").strip()


VAR_DIR = Path(envstr("ANJU_VAR_DIR", str(PROJECT_DIR / "var")))
# Photos (of projects' months, inspection findings) are kept here, named by their sha256.
ANJU_PHOTOS_DIR = Path(envstr("ANJU_PHOTOS_DIR", str(VAR_DIR / "photos")))

DEBUG = envbool("ANJU_DEBUG", False)
# Development mode (a laptop, the demo) may make its own key; production must be given one.
# Without it the key stays empty: Django refuses anything signed and `anju serve` won't start.
DEV = envbool("ANJU_DEV", False)
SECRET_KEY = envstr("ANJU_SECRET_KEY", "") or (dev_secret_key(VAR_DIR) if DEV else "")
ALLOWED_HOSTS = envlist("ANJU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("ANJU_CSRF_TRUSTED_ORIGINS", "")

# Behind a TLS-terminating proxy (nginx), which must set X-Forwarded-Proto itself.
if envbool("ANJU_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses of the proxies whose X-Forwarded-For names the client; nobody else is believed.
TRUSTED_PROXIES = envlist("ANJU_TRUSTED_PROXIES", "")
SECURE_SSL_REDIRECT = envbool("ANJU_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = envbool("ANJU_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("ANJU_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("ANJU_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("ANJU_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Every page may load only this site's own scripts, styles and images (charts are data: URIs).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "anju.programmes",
    "anju.photos",
    "anju.reporting",
    "anju.plans",
    "anju.bulletins",
    "anju.projects",
    "anju.inspections",
    "anju.accounts",
    "anju.api",
    "axes",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "anju.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "anju.web.middleware.content_security_policy_middleware",
    "anju.web.middleware.request_method_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "anju.web.middleware.language_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as its documentation asks: turns locked-out logins into a refusal page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Failed logins are throttled per user name (from any address) and per address (whatever the
# user names): five tries at one account, or twenty from one address, then a quarter-hour wait.
AXES_HANDLER = "anju.accounts.throttle.LoginThrottle"
AXES_FAILURE_LIMIT = envint("ANJU_LOGIN_FAILURE_LIMIT", 5)
ANJU_LOGIN_ADDRESS_FAILURE_LIMIT = envint("ANJU_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("ANJU_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "anju.accounts.throttle.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

ROOT_URLCONF = "anju.urls"
WSGI_APPLICATION = "anju.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DATABASES = {
    "default": dj_database_url.parse(
        envstr("ANJU_DATABASE_URL", f"sqlite:///{VAR_DIR / 'anju.sqlite3'}"),
        conn_max_age=envint("ANJU_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for a writer (WAL); a writer takes the write lock when its transaction
    # starts (IMMEDIATE) and waits its turn up to `timeout` seconds, so two saves of one report
    # queue up and the second sees the first's version, instead of failing "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "timeout": envint("ANJU_SQLITE_TIMEOUT", 20),
        "transaction_mode": "IMMEDIATE",
    }
    # Tests use a file too: an in-memory database locks per table and never waits, so
    # concurrent saves would not behave as they do on a server. One file per test run, so
    # two runs in one checkout (the suite and `make fuzz`, say) never share a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-anju-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Computed pages (the dashboard, scope tables, the API's figures) are cached under their
# programme's data version, so they are right by construction and a cache per process is
# enough; a shared one (memcached, Redis) lets every process reuse the others' answers.
CACHE_BACKEND = envstr("ANJU_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": CACHE_BACKEND, "LOCATION": envstr("ANJU_CACHE_LOCATION", "anju")}
}
if CACHE_BACKEND.rsplit(".", 1)[-1] in {"LocMemCache", "FileBasedCache", "DatabaseCache"}:
    # The number kept before a third is dropped; memcached and Redis bound their own memory.
    CACHES["default"]["OPTIONS"] = {"MAX_ENTRIES": envint("ANJU_CACHE_MAX_ENTRIES", 500)}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("ANJU_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Front-end packages come from npm at setup and are served like anju's own files.
STATICFILES_DIRS = [("vendor/echarts", PROJECT_DIR / "node_modules" / "echarts" / "dist")]
STATIC_ROOT = Path(envstr("ANJU_STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Long jobs (every prefecture's bulletin for a month) run as tasks from a database queue, so
# workers on several machines share them: `anju manage db_worker` on each.
TASKS = {
    "default": {
        "BACKEND": envstr("ANJU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("ANJU_LOG_LEVEL", "WARNING")},
}
