"""Every setting lives here and is read from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from thidua.directory.ldap_config import auth_ldap_settings, json_object_parse, role_groups_parse

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("THIDUA_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, "") or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "")
    return default if value == "" else value.lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return default if value == "" else int(value)


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = [h for h in env("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("DJANGO_CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    # django-axes, named in Vietnamese on the admin (its label otherwise: "Axes")
    "thidua.accounts.axes_app.LockoutConfig",
    "django_htmx",
    # The API documentation from ninja's bundled Swagger UI (without it in INSTALLED_APPS
    # ninja loads it from a CDN: absent on a closed network, refused by the CSP).
    "ninja",
    "thidua.core",
    "thidua.accounts",
    "thidua.org",
    "thidua.directory",
    "thidua.goals",
    "thidua.teams",
    "thidua.emulation",
    "thidua.awards",
    "thidua.messaging",
    "thidua.party",
    "thidua.meetings",
    "thidua.assistant",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "thidua.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "thidua.core.middleware_faults.DatabaseUnavailableMiddleware",
    "thidua.core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thidua.core.middleware.SessionExpiryMiddleware",
    "thidua.core.middleware.VietnameseFirstLocaleMiddleware",
    "thidua.core.middleware.FriendlyNotFoundMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Path ids out of range → 404; a service's uncaught ValidationError → the 400 page.
    "thidua.core.params.InputMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thidua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.core.menu.menu",
            ],
        },
    }
]

# Database: DATABASE_URL (PostgreSQL in production); SQLite in WAL mode by default so a
# page can poll a background job's progress while the job writes.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,  # a connection broken by a database restart is replaced
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "THIDUA_PG_JIT", False
):
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: for a
    # page's correlated subqueries it spent 0.3–0.6 s compiling to save milliseconds
    # (docs/BENCHMARKS.md, "Load"). Off for our connections; THIDUA_PG_JIT=true keeps the
    # server's setting (e.g. behind a pooler that refuses startup options: then
    # `ALTER DATABASE … SET jit = off` does the same).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # The local password (Django's ModelBackend; once a directory is on, only for break-glass
    # accounts), then directory sign-in (LDAP/AD, OpenID Connect; each off until configured
    # below): thidua/directory/, docs/DIRECTORY.md.
    "thidua.accounts.backends.LocalBackend",
    "thidua.directory.backends.DirectoryBackend",
    "thidua.directory.oidc.OIDCBackend",
]

# Lock-out after repeated failed logins (django-axes), by account and, separately, by
# client address, each with its own limit (thidua/accounts/lockout.py): a few failures lock
# an account; an address is locked only after many, because a whole agency sits behind one
# NAT address — yet one address cannot try passwords for many accounts.
AXES_FAILURE_LIMIT = env_int("THIDUA_LOGIN_FAILURE_LIMIT", 5)
THIDUA_LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("THIDUA_LOGIN_FAILURE_LIMIT_PER_ADDRESS", 50)
AXES_COOLOFF_TIME = env_int("THIDUA_LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "thidua.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "thidua.accounts.lockout.client_ip"
# Reverse proxies in front of the application (each appends to X-Forwarded-For); 0: none.
THIDUA_TRUSTED_PROXIES = env_int("THIDUA_TRUSTED_PROXIES", 0)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Directory sign-in with LDAP / Active Directory (docs/DIRECTORY.md); off while
# THIDUA_LDAP_URI is empty. The service account finds the user, the user's own bind checks
# the password; groups map to roles by THIDUA_LDAP_ROLE_GROUPS (JSON {group DN: role}).
THIDUA_LDAP_URI = env("THIDUA_LDAP_URI")
THIDUA_LDAP_ROLE_GROUPS = role_groups_parse(env("THIDUA_LDAP_ROLE_GROUPS"))
THIDUA_LDAP_DISABLED_GROUP = env("THIDUA_LDAP_DISABLED_GROUP")  # OpenLDAP: DN of a group
THIDUA_LDAP_EMPLOYEE_CODE_ATTR = env("THIDUA_LDAP_EMPLOYEE_CODE_ATTR", "employeeNumber")
THIDUA_LDAP_EMAIL_ATTR = env("THIDUA_LDAP_EMAIL_ATTR", "mail")
# Accounts that keep their local password while a directory is on (with superusers).
THIDUA_BREAK_GLASS_GROUP = env("THIDUA_BREAK_GLASS_GROUP", "break-glass")
AUTH_LDAP_SERVER_URI = ""
if THIDUA_LDAP_URI:
    globals().update(
        auth_ldap_settings(
            uri=THIDUA_LDAP_URI,
            bind_dn=env("THIDUA_LDAP_BIND_DN"),
            bind_password=env("THIDUA_LDAP_BIND_PASSWORD"),
            user_search_base=env("THIDUA_LDAP_USER_SEARCH_BASE"),
            user_filter=env("THIDUA_LDAP_USER_FILTER", "(uid=%(user)s)"),
            group_search_base=env("THIDUA_LDAP_GROUP_SEARCH_BASE"),
            group_filter=env("THIDUA_LDAP_GROUP_FILTER", "(objectClass=groupOfNames)"),
            group_type=env("THIDUA_LDAP_GROUP_TYPE", "groupOfNames"),
            start_tls=env_bool("THIDUA_LDAP_START_TLS", False),
            ca_file=env("THIDUA_LDAP_CA_FILE"),
            timeout_seconds=env_int("THIDUA_LDAP_TIMEOUT_SECONDS", 5),
            email_attr=THIDUA_LDAP_EMAIL_ATTR,
        )
    )
# OpenID Connect (mozilla-django-oidc), off while THIDUA_OIDC_TOKEN_ENDPOINT is empty: the
# provider's endpoints are given (no discovery over the network at start-up).
THIDUA_OIDC_ISSUER = env("THIDUA_OIDC_ISSUER")
THIDUA_OIDC_EMPLOYEE_CODE_CLAIM = env("THIDUA_OIDC_EMPLOYEE_CODE_CLAIM", "employee_code")
THIDUA_OIDC_EMAIL_CLAIM = env("THIDUA_OIDC_EMAIL_CLAIM", "email")
OIDC_OP_TOKEN_ENDPOINT = env("THIDUA_OIDC_TOKEN_ENDPOINT")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("THIDUA_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("THIDUA_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("THIDUA_OIDC_JWKS_ENDPOINT")
OIDC_RP_CLIENT_ID = env("THIDUA_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("THIDUA_OIDC_CLIENT_SECRET")
OIDC_RP_SIGN_ALGO = env("THIDUA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("THIDUA_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("THIDUA_OIDC_TIMEOUT_SECONDS", 5)
OIDC_VERIFY_SSL = env("THIDUA_OIDC_CA_FILE") or True
OIDC_AUTHENTICATION_CALLBACK_URL = "directory:oidc_callback"

# Internationalisation: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "thidua" / "locale"]
TIME_ZONE = env("THIDUA_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "thidua" / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

# Uploads: the people import accepts files up to this size.
THIDUA_MAX_UPLOAD_BYTES = env_int("THIDUA_MAX_UPLOAD_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background jobs: Celery on Redis when REDIS_URL is set; otherwise jobs run in a thread
# of the web process so `make run` needs no server.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "thidua")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The assistant's search index: each process's local working folder (a cache of builds)...
THIDUA_ASSISTANT_INDEX_DIR = Path(
    env("THIDUA_ASSISTANT_INDEX_DIR", str(VAR_DIR / "assistant-index"))
)
# ...and where every build is published for all machines (docs/DEPLOYMENT.md): a Django
# storage, by default a folder every web and worker machine mounts (NFS), or S3-like storage
# through THIDUA_ASSISTANT_INDEX_STORAGE_BACKEND (its options from the backend's settings).
THIDUA_ASSISTANT_INDEX_STORAGE = {
    "BACKEND": env(
        "THIDUA_ASSISTANT_INDEX_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
    ),
    "OPTIONS": (
        {}
        if env("THIDUA_ASSISTANT_INDEX_STORAGE_BACKEND")
        else {
            "location": env(
                "THIDUA_ASSISTANT_INDEX_STORAGE_DIR", str(VAR_DIR / "shared" / "assistant-index")
            )
        }
    ),
}
STORAGES["assistant_index"] = THIDUA_ASSISTANT_INDEX_STORAGE
# The delta index (documents changed since the build) is merged into a new build in the
# background once it holds this many passages, or once its oldest change is this old.
THIDUA_ASSISTANT_DELTA_MERGE_PASSAGES = env_int("THIDUA_ASSISTANT_DELTA_MERGE_PASSAGES", 2000)
THIDUA_ASSISTANT_DELTA_MERGE_MINUTES = env_int("THIDUA_ASSISTANT_DELTA_MERGE_MINUTES", 360)
# People kept in sync with the HR system (docs/HR_SYNC.md): the file, or the folder whose
# newest .csv/.json is read, nightly at 01:00 and on "Sync now"; empty: no scheduled sync.
THIDUA_HR_SYNC_PATH = env("THIDUA_HR_SYNC_PATH", "")
THIDUA_HR_SYNC_MAX_BYTES = env_int("THIDUA_HR_SYNC_MAX_MB", 50) * 1024 * 1024
# The export lists everyone: active people missing from it are reported as "not in the file".
THIDUA_HR_SYNC_FULL_EXPORT = env_bool("THIDUA_HR_SYNC_FULL_EXPORT", True)
# "directory": read the people from the directory's attributes (LDAP, the sign-in's
# connection) instead of the file; base, filter, attribute map and defaults: docs/HR_SYNC.md.
THIDUA_HR_SYNC_SOURCE = env("THIDUA_HR_SYNC_SOURCE", "file")
THIDUA_HR_SYNC_LDAP_BASE = env("THIDUA_HR_SYNC_LDAP_BASE", "")
THIDUA_HR_SYNC_LDAP_FILTER = env("THIDUA_HR_SYNC_LDAP_FILTER", "")
THIDUA_HR_SYNC_LDAP_ATTRS = json_object_parse(
    "THIDUA_HR_SYNC_LDAP_ATTRS", env("THIDUA_HR_SYNC_LDAP_ATTRS", "")
)
THIDUA_HR_SYNC_LDAP_DEFAULTS = json_object_parse(
    "THIDUA_HR_SYNC_LDAP_DEFAULTS", env("THIDUA_HR_SYNC_LDAP_DEFAULTS", "")
)
THIDUA_JOBS_MODE = env("THIDUA_JOBS_MODE", "celery" if REDIS_URL else "thread")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs must not hold a request: give up after a second.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions read from Redis, kept in the database, working when Redis is down
    # (thidua.core.sessions). Only with a cache shared by every process: a per-process cache
    # would keep a signed-out session alive in the other workers.
    SESSION_ENGINE = "thidua.core.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long a session may be served from the cache before the database is read again; also the
# longest a session signed out while Redis was unreachable stays usable.
THIDUA_SESSION_CACHE_SECONDS = env_int("THIDUA_SESSION_CACHE_SECONDS", 300)
# The few statements run on nearly every request (the signed-in user, a member's personal
# link) are prepared once per PostgreSQL connection (thidua.core.rawrows.hot_cursor). Off
# behind a connection pooler in transaction mode that does not carry prepared statements.
THIDUA_PREPARED_STATEMENTS = env_bool("THIDUA_PREPARED_STATEMENTS", True)

EMAIL_HOST = env("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "thidua@localhost")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The address people open the site at: e-mail and SMS carry absolute links built from it
# (in-app links stay relative).
THIDUA_SITE_URL = env("THIDUA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# SMS through an HTTP gateway (empty URL: SMS disabled, with the reason shown).
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN")
SMS_GATEWAY_REPORT_SECRET = env("SMS_GATEWAY_REPORT_SECRET")
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10)
MESSAGING_SEND_CHUNK = env_int("MESSAGING_SEND_CHUNK", 100)
MESSAGING_SEND_LEASE_SECONDS = env_int("MESSAGING_SEND_LEASE_SECONDS", 300)
MESSAGING_MAX_ATTEMPTS = env_int("MESSAGING_MAX_ATTEMPTS", 6)
MESSAGING_RETRY_BASE_SECONDS = env_int("MESSAGING_RETRY_BASE_SECONDS", 30)

# Webhooks (thidua.core.webhooks): how long another system may take to answer, and after how
# many failed attempts in a row its endpoint is disabled.
THIDUA_WEBHOOK_TIMEOUT_SECONDS = env_int("THIDUA_WEBHOOK_TIMEOUT_SECONDS", 5)
THIDUA_WEBHOOK_DISABLE_AFTER = env_int("THIDUA_WEBHOOK_DISABLE_AFTER", 20)

# Sessions: at most THIDUA_SESSION_HOURS after signing in, ended after
# THIDUA_SESSION_IDLE_MINUTES without a request (0: never idle-expired), and, by default,
# when the browser closes (office computers are shared).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("THIDUA_SESSION_HOURS", 10) * 3600
THIDUA_SESSION_IDLE_SECONDS = env_int("THIDUA_SESSION_IDLE_MINUTES", 60) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("THIDUA_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (thidua.core.middleware): scripts from this site only — no inline
# script, no event-handler attribute, no eval. Inline styles stay allowed: progress bars,
# chart legends and certificate positions are computed per row into style attributes, and
# style cannot run code.
THIDUA_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("THIDUA_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
