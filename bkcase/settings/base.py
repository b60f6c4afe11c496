"""Settings shared by every environment. Environment-specific modules import from here."""

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "bkcase",
    "referrals",
    "conferences",
    "counseling",
    "rosters",
    "intake",
    "evaluations",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bkcase.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "bkcase.middleware.MembershipMiddleware",
    "bkcase.audit.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bkcase.accounts.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "bkcase.middleware.SessionLimitsMiddleware",
    "bkcase.middleware.NoStoreMiddleware",
    # last: locks a username out after repeated failed logins
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user's active roles with the user (one query a request)
    "bkcase.backends.MembershipBackend",
]

ROOT_URLCONF = "bkcase.urls"
WSGI_APPLICATION = "bkcase.wsgi.application"

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
                "bkcase.context_processors.membership",
                "referrals.context_processors.navigation",
                "conferences.context_processors.navigation",
                "intake.context_processors.navigation",
                "reports.context_processors.navigation",
            ],
        },
    },
]

# Widgets render through the project's templates, one template a widget (bkcase.rendering).
FORM_RENDERER = "bkcase.rendering.FormRenderer"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "bkcase.validators.UsernameInPasswordValidator"},  # "pwtestpwtest" for pwtest (S17)
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Indonesian first; English is the complete second language.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
FORMAT_MODULE_PATH = ["bkcase.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Uploaded files (school logos, experts' reports) are private: kept outside any public path and
# served only through views that check access.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/_media_is_never_served_directly/"  # no URL pattern serves it; see school_logo
# ... and readable by the application's own user only (S30).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Sessions: 30 minutes idle, 12 hours at most (S16).
SESSION_COOKIE_AGE = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_REFRESH_SECONDS = 60  # the idle clock moves on at most once a minute (see SessionLimitsMiddleware)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Login lockout by username, not by address: a whole school shares one IP (S15).
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Deliberate: locking by address would lock out a whole school behind one NAT address. The lock is
# per username, so rotating user agents or cookies does not help an attacker against one account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Content-Security-Policy: everything from this site only; no inline scripts or styles (S18).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Long work (recaps of many referrals) runs in the background: a queue in our own database, worked
# by `manage.py db_worker` (started by `make run`; a service of its own in production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A recap of more referrals than this is made in the background; its file is kept this long.
RECAP_BACKGROUND_FROM = int(os.environ.get("RECAP_BACKGROUND_FROM", "300"))
RECAP_FILE_HOURS = 24
# A roster import of more rows than this is written by the background worker while the page shows
# its progress.
ROSTER_BACKGROUND_FROM = int(os.environ.get("ROSTER_BACKGROUND_FROM", "500"))
# ... and one of more rows than this is read for its preview by the worker too (about 1 s per 2,000 rows)
ROSTER_PREVIEW_BACKGROUND_FROM = int(os.environ.get("ROSTER_PREVIEW_BACKGROUND_FROM", "2000"))
ROSTER_FILE_HOURS = 24  # an uploaded roster never imported is deleted after this

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "bkcase@localhost"

PAGE_SIZE = 25

# The PostgreSQL role the application connects as, when migrations run as another (the owner): after
# each migrate it receives read/write on the data and only INSERT/SELECT on the audit trail (S26).
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "")

# Reverse proxies whose X-Forwarded-For is believed for the audit trail's addresses (none by default).
TRUSTED_PROXIES = []

# What each app shows on a case's page (templates included in order): the core names no app.
CASE_PANELS = ["intake/case_panel.html", "referrals/case_panel.html", "conferences/case_panel.html",
               "evaluations/case_panel.html"]
# What each app contributes to a case's chronology (bkcase/chronology.py): one source per app.
CASE_CHRONOLOGY = ["counseling.chronology.source", "referrals.chronology.source", "conferences.chronology.source",
                   "intake.chronology.source", "evaluations.chronology.source"]
# What other mechanisms require before a case closes (bkcase/services.py, case_close).
CASE_CLOSE_CHECKS = ["evaluations.closing.laijapan_check"]
# What other mechanisms do when a record moves through the stages (bkcase/workflow.py).
WORKFLOW_AFTER_TRANSITION = ["evaluations.services.after_transition"]
# Who plans a counseling session when a referral or a conference leaves work to the counselor.
CASE_SESSION_PLANNER = "counseling.services.session_plan_for"
# What each app adds to a role's home page.
HOME_PANELS = {
    "konselor": ["intake/home_inbox.html", "counseling/home_agenda.html", "evaluations/home_due.html",
                 "referrals/home_overdue_reports.html", "reports/home_signals.html", "conferences/home_actions.html",
                 "conferences/home_invitations.html", "reports/home_reports.html"],
    # the quality signals count the late experts' reports among the rest: the list is one click away
    "koordinator": ["reports/home_signals.html", "intake/home_inbox.html", "counseling/home_agenda.html",
                    "evaluations/home_due.html", "evaluations/home_overdue_counts.html",
                    "conferences/home_actions.html", "conferences/home_invitations.html", "reports/home_reports.html"],
    # invited to a conference, the principal takes part in it (R9) and acknowledges it from her home
    # the school's figures, de-identified (reports/deidentify.py), instead of exact counts
    "kepala": ["conferences/home_approvals.html", "conferences/home_invitations.html", "reports/home_figures.html"],
    "peserta": ["conferences/home_invitations.html", "conferences/home_actions.html"],
    # a teacher refers students to BK and sees their status; invited, takes part in a conference
    "guru": ["intake/home_teacher.html", "conferences/home_invitations.html"],
}

# Logs hold no case narrative (S23): exception messages are withheld wherever errors are logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_case_text": {"()": "bkcase.logfilters.WithholdExceptionMessages"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_case_text"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        name: {"filters": ["no_case_text"]}
        for name in ("django.request", "django_tasks", "django_tasks_db", "bkcase", "referrals", "conferences",
                     "counseling", "rosters", "intake", "evaluations", "reports")
    },
}
