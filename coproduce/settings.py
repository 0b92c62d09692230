"""Coproduce settings: one module, driven by the environment.

COPRODUCE_ENV is ``local`` (the default: ``make run`` on a laptop, plain HTTP on loopback)
or ``production`` (HTTPS only: secure cookies, HSTS, secrets required from the environment);
any other value, even ``Production``, is refused. Any secret may be given directly or through
a ``NAME_FILE`` variable naming a file.

TRUSTED_PROXY is the address of the one reverse proxy in front of the app (for example
``127.0.0.1`` when nginx runs on the same machine). Requests from it are taken to come from
the last address it added to X-Forwarded-For, so rate limits count per person and the audit
log records their address, not the proxy's. Leave it empty when nothing is in front.
"""

import os
import secrets
import sqlite3
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COPRODUCE_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    """Return an environment variable, or the contents of the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def kept_secret(name: str, fernet: bool = False) -> str:
    """Return a secret from the environment; in local use, generate it once under var/."""
    value = env_str(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set in production.")
    path = VAR_DIR / name.lower()
    if not path.exists():
        if fernet and holds_encrypted_data():
            raise ImproperlyConfigured(
                f"The encryption key ({path}) is missing but the database holds encrypted "
                "data: restore the key file from where you keep it with your backups, or set "
                "COPRODUCE_ENCRYPTION_KEY. A new key would make that data unreadable, so "
                "Coproduce will not start without it.")
        private_var_dir()
        fresh = Fernet.generate_key().decode() if fernet else secrets.token_urlsafe(50)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(fresh)
    return path.read_text(encoding="utf-8").strip()


def private_var_dir() -> None:
    """Make var/ readable by its owner only (it holds the database and the keys)."""
    VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def holds_encrypted_data() -> bool:
    """Whether the local SQLite database already has special-category data in it."""
    path = VAR_DIR / "coproduce.sqlite3"
    if os.environ.get("DATABASE_URL") or not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            row = connection.execute(
                "SELECT 1 FROM people_sensitiveinfo WHERE health != '' OR disability != '' OR "
                "sexual_orientation != '' OR gender_identity != '' OR ethnicity != '' OR "
                "housing_situation != '' LIMIT 1").fetchone()
    except sqlite3.Error:
        return False
    return row is not None


ENVIRONMENTS = {"local", "production"}
ENVIRONMENT = os.environ.get("COPRODUCE_ENV", "local")
if ENVIRONMENT not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"COPRODUCE_ENV is {ENVIRONMENT!r}: it must be 'local' or 'production', in lower "
        "case. Coproduce will not guess, because the two differ in how secrets and cookies "
        "are kept.")
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("COPRODUCE_DEBUG", False)
SECRET_KEY = kept_secret("SECRET_KEY")
# Fernet keys, comma-separated: the first encrypts, all decrypt (so keys can be rotated).
ENCRYPTION_KEYS = env_list("COPRODUCE_ENCRYPTION_KEY", []) or [
    key.strip() for key in kept_secret("COPRODUCE_ENCRYPTION_KEY", fernet=True).split(",")
]
TRUSTED_PROXY = os.environ.get("TRUSTED_PROXY", "").strip()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # For its templates and static files: the API documentation is served from here, at the
    # installed (hash-locked) version, never from a CDN.
    "ninja",
    "coproduce.organisations",
    "coproduce.people",
    "coproduce.imports",
    "coproduce.notices",
    "coproduce.assessments",
    "coproduce.audit",
    "coproduce.voices",
    "coproduce.projects",
    "coproduce.reciprocity",
    "coproduce.community",
    "coproduce.commissioning",
    "coproduce.budgets",
    "coproduce.sortition",
    "coproduce.themes",
    "django_tasks",
    "django_tasks_db",
    "coproduce.reports",
    "coproduce.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "coproduce.organisations.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "coproduce.organisations.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "coproduce.urls"
WSGI_APPLICATION = "coproduce.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "coproduce" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coproduce.organisations.context_processors.organisation",
            ],
        },
    },
]


def sqlite_database() -> dict[str, object]:
    private_var_dir()
    path = VAR_DIR / "coproduce.sqlite3"
    # SQLite gives its -wal and -shm files the database file's mode: owner only.
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        # WAL lets readers carry on while the one writer writes.
        "OPTIONS": {
            # secure_delete overwrites deleted rows, so an erased person's details do not
            # linger in free pages of the file.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                            "PRAGMA secure_delete=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {
    "default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)
    if os.environ.get("DATABASE_URL")
    else sqlite_database()
}

# Background work (re-grouping themes, placing new voices) runs in `coproduce db_worker`.
# Regroupings have their own queue and worker, so quick tasks never wait behind one.
TASK_QUEUES = ["default", "themes-regroup"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
# How themes compare voices: "auto" uses the installed sentence-embedding model, else words.
COPRODUCE_THEMES_BACKEND = os.environ.get("COPRODUCE_THEMES_BACKEND", "auto")

# Shared by every app server behind a load balancer: rate limits and the like live here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "coproduce_cache",
    }
}

AUTH_USER_MODEL = "auth.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "coproduce.organisations.adapters.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Coproduce"
COPRODUCE_REQUIRE_MFA = env_bool("COPRODUCE_REQUIRE_MFA", False)

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Coproduce <coproduce@localhost>")

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
# Ours first; then Welsh for the account pages of allauth, which ships none.
LOCALE_PATHS = [BASE_DIR / "coproduce" / "locale", BASE_DIR / "coproduce" / "locale-allauth"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "coproduce" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads larger than this are refused with a message by the forms that take files.
COPRODUCE_MAX_UPLOAD_BYTES = env_int("COPRODUCE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Files up to this size are checked and imported while the page waits; larger ones by the
# worker, so that a request never holds a web worker for long.
COPRODUCE_IMPORT_IN_REQUEST_BYTES = env_int("COPRODUCE_IMPORT_IN_REQUEST_BYTES", 512 * 1024)
# Where people reach this site from outside: for links in reminders sent by commands (pages
# sending invitations use the address the request came to).
# Map tiles for the asset register's map, e.g. https://tile.example.org/{z}/{x}/{y}.png (with
# the attribution its provider asks for); without them the register is shown as a list only.
COPRODUCE_MAP_TILES = env_str("COPRODUCE_MAP_TILES", "")
COPRODUCE_MAP_ATTRIBUTION = env_str("COPRODUCE_MAP_ATTRIBUTION", "")
COPRODUCE_SITE_URL = env_str("COPRODUCE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Preload needs the operator's decision; the check is informational only.
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
