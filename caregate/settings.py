"""Django settings for Caregate.

Everything that varies between deployments comes from the environment through
:mod:`caregate.conf`. With nothing set, Caregate runs on an embedded SQLite
database under ``CAREGATE_DATA_DIR`` (``./var`` by default).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from caregate.conf import env_bool, env_list, env_path, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("CAREGATE_DATA_DIR", Path.cwd() / "var")
SNAPSHOT_DIR = env_path("CAREGATE_SNAPSHOT_DIR", DATA_DIR / "snapshots")
REPORT_DIR = env_path("CAREGATE_REPORT_DIR", DATA_DIR / "reports")


def _secret_key() -> str:
    """Read the key from the environment, or keep a generated one in the data folder."""
    configured = env_secret("CAREGATE_SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("CAREGATE_DEBUG", False)
ALLOWED_HOSTS = env_list("CAREGATE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CAREGATE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "caregate.core",
    "caregate.programmes",
    "caregate.audit",
    "caregate.evidence",
    "caregate.gates",
    "caregate.demo",
    "caregate.spreadsheets",
    "caregate.raid",
    "caregate.training",
    "caregate.health",
    "caregate.gaps",
    "caregate.customizations",
    "caregate.design_authority",
    "caregate.decisions",
    "caregate.testing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "caregate.core.middleware.SiteTimezoneMiddleware",
]

ROOT_URLCONF = "caregate.urls"
WSGI_APPLICATION = "caregate.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'caregate.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the control tower read while `caregate collect` writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:control-tower"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The site's own time zone: times are stored in UTC and shown in this zone.
SITE_TIME_ZONE = env_str("CAREGATE_TIME_ZONE", "Europe/Amsterdam")

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise serves app static files through the finders; it warns when
# STATIC_ROOT is missing, which it is until someone runs collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "caregate": {"handlers": ["stderr"], "level": env_str("CAREGATE_LOG_LEVEL", "WARNING")},
    },
}
