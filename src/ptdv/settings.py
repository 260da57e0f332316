"""One settings module, driven by environment variables.

The helpers fail loudly: a malformed value stops the start-up with a message
instead of running with a silent default.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("PTDV_HOME", Path.cwd()))
VAR_DIR = PROJECT_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected true/false")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("PTDV_TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-not-for-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example)")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "ptdv.core",
    "ptdv.organizations",
    "ptdv.accounts",
    "ptdv.people",
    "ptdv.training",
    "ptdv.imports",
    "ptdv.recruitment",
    "ptdv.targets",
    "ptdv.reports",
    "ptdv.documents",
    "ptdv.api",
    "ptdv.demo",
]

# Background tasks (django-tasks, database backend from django-tasks-db): the imports check
# and write their files in a worker, `ptdv db_worker` (started by `make demo`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ptdv.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ptdv.accounts.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ptdv.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees a view's exception first: a statement the database cancelled.
    "ptdv.core.middleware.StatementTimeoutMiddleware",
]

ROOT_URLCONF = "ptdv.urls"
WSGI_APPLICATION = "ptdv.wsgi.application"

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
            "builtins": ["ptdv.core.templatetags.vn"],
        },
    }
]

# Each worker keeps its connection between requests (checked before reuse): a new
# PostgreSQL connection per request (a backend process started, its catalogue caches cold)
# cost more than a dashboard served from the report cache. The tests open one per request.
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "0" if TESTING else "60"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ptdv.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
# PostgreSQL session settings for the app's connections (docs/performance.md): a statement
# that runs longer than DATABASE_STATEMENT_TIMEOUT_MS is cancelled (a killed worker's query
# does not run on for minutes; 0 turns it off, e.g. for `migrate` on a large database), and
# JIT compilation is off (it cost more than the queries it compiled).
STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "30000"))


def _postgres_options(database: dict) -> None:
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = (
            f"{options.get('options', '')} -c statement_timeout={STATEMENT_TIMEOUT_MS} -c jit=off"
        ).strip()


_postgres_options(DATABASES["default"])
# Reports may read from a streaming replica (docs/scaling.md); writes, and the pages that
# read what the user just wrote, stay on the primary (ptdv.core.routers).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
    _postgres_options(DATABASES["replica"])
    DATABASES["replica"].setdefault("TEST", {})["MIRROR"] = "default"
    DATABASE_ROUTERS = ["ptdv.core.routers.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle timeout: a shared office PC left logged in closes itself.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60)))
# An idle session ends after SESSION_COOKIE_AGE; its expiry slides at most once a minute
# (accounts.middleware.SessionRefreshMiddleware), not with a write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HTTPS: the reverse proxy terminates TLS and says so; the redirect and HSTS are on by default
# in production and can be switched off (an office network served over plain HTTP, a proxy
# that redirects by itself). HSTS is hard to take back: see docs/operations.md.
if env_bool("BEHIND_HTTPS_PROXY", not DEBUG and not TESTING):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG or TESTING else str(365 * 24 * 3600))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Login throttling (django-axes, ptdv/accounts/throttle.py): failures of a username from one
# address lock that pair only, so nobody can lock a user out from elsewhere; an address is
# refused after AXES_ADDRESS_FAILURE_LIMIT failures over all usernames. Not the address
# alone at AXES_FAILURE_LIMIT: a commune office shares one public IP, and one person's typos
# would lock every officer out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind the reverse proxy: how many proxies add themselves to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ptdv.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# Two-factor login (TOTP, django-otp) for these roles (superusers always): accounts/twofactor.py.
PTDV_TWO_FACTOR_ROLES = env_list("PTDV_TWO_FACTOR_ROLES", ["board_officer", "administrator"])
OTP_TOTP_ISSUER = "PTĐV"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ptdv.formats"]

# The report pages' computed figures (reports/cache.py), kept per state of the data and
# never served after a write. On disk under var/cache/reports by default, so that the
# gunicorn workers of one host share them; PTDV_REPORT_CACHE=false computes every page.
PTDV_REPORT_CACHE = env_bool("PTDV_REPORT_CACHE", True)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "reports": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PTDV_REPORT_CACHE_DIR", str(VAR_DIR / "cache" / "reports")),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# Scanned attachments and received dossier packages: files on disk under PTDV_MEDIA_DIR
# (default var/media), never served as static files; each download goes through its scope.
PTDV_MEDIA_DIR = Path(os.environ.get("PTDV_MEDIA_DIR", VAR_DIR / "media"))
# Largest scanned attachment accepted (MB); a dossier package may hold several of them.
PTDV_ATTACHMENT_MAX_MB = int(os.environ.get("PTDV_ATTACHMENT_MAX_MB", "20"))
PTDV_PACKAGE_MAX_MB = int(os.environ.get("PTDV_PACKAGE_MAX_MB", "200"))

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the apps' static folders, so no collectstatic step is needed to start.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # Scripts only from our own static files: no inline script, no CDN.
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ptdv.api.permissions.WritesNeedAWritingRole"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "ptdv.api.exceptions.exception_handler",
    "DATE_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PTĐV API",
    "DESCRIPTION": "API của PTĐV — phần mềm quản lý công tác phát triển đảng viên.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ptdv.api.schema.add_error_responses",
    ],
    # Two choice sets are called "state": each its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "DossierStateEnum": "ptdv.recruitment.models.DossierState",
        "TransferStateEnum": "ptdv.people.models.TransferState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
