"""The application's URLs plus one view with a bug: it saves a student whose NIS is already taken,
which PostgreSQL refuses with an error that quotes the row."""

from django.urls import path

from bkcase.models import Student
from bkcase.urls import urlpatterns as app_urlpatterns


def duplicate_student(request):
    student = Student.objects.filter(school=request.membership.school).first()
    Student.objects.create(school=student.school, nis=student.nis, full_name=student.full_name, sex="L",
                           class_name="X", date_of_birth=student.date_of_birth)


urlpatterns = [path("buggy/", duplicate_student), *app_urlpatterns]
