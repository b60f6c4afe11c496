from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .accounts import PasswordChangeView
from .forms import LoginForm
from .views import accounts as account_views
from .views import audit, cases, chronology, classes, consent, home, school, students, system

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", system.healthz, name="healthz"),
    path("i18n/setlang/", system.set_language, name="set_language"),
    path("school/switch/", system.switch_school, name="switch_school"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/password_change/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", account_views.password_reset, name="password_reset"),
    path("accounts/reset/<uidb64>/<token>/", account_views.password_reset_confirm, name="password_reset_confirm"),
    path("accounts/email/", account_views.my_email, name="my_email"),
    path("accounts/email/confirm/<str:token>/", account_views.email_confirm, name="email_confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("students/", students.student_list, name="student_list"),
    path("students/new/", students.student_create, name="student_create"),
    path("students/<int:pk>/", students.student_detail, name="student_detail"),
    path("students/<int:pk>/edit/", students.student_edit, name="student_edit"),
    path("students/<int:student_pk>/cases/new/", cases.case_create, name="case_create"),
    path("cases/", cases.case_list, name="case_list"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("cases/<int:pk>/close/", cases.case_close, name="case_close"),
    path("cases/<int:pk>/reopen/", cases.case_reopen, name="case_reopen"),
    path("cases/<int:pk>/catatan-kasus.pdf", chronology.case_chronology_pdf, name="case_chronology_pdf"),
    path("students/<int:pk>/chronology/", chronology.student_chronology, name="student_chronology"),
    path("consent-exceptions/<str:label>/<int:pk>/noted/", consent.consent_exception_noted,
         name="consent_exception_noted"),
    path("classes/", classes.classes, name="classes"),
    path("classes/years/new/", classes.school_year_create, name="school_year_create"),
    path("classes/years/<int:pk>/current/", classes.school_year_current, name="school_year_current"),
    path("access-log/", audit.access_log, name="access_log"),
    path("access-log.csv", audit.access_log_csv, name="access_log_csv"),
    path("access-log/accounts/", audit.account_log, name="account_log"),
    path("school/", school.school_edit, name="school_edit"),
    path("school/logo/", school.school_logo, name="school_logo"),
    path("school/staff/", school.staff_list, name="staff_list"),
    path("school/staff/new/", school.staff_create, name="staff_create"),
    path("school/staff/<int:pk>/edit/", school.staff_edit, name="staff_edit"),
    path("school/staff/<int:pk>/<str:decision>/", account_views.role_decide, name="role_decide"),
    path("", include("referrals.urls")),
    path("", include("conferences.urls")),
    path("", include("counseling.urls")),
    path("", include("rosters.urls")),
    path("", include("intake.urls")),
    path("", include("evaluations.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
