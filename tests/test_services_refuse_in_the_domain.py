"""A service refuses in one way, the domain exception: every state-changing use case (a public,
keyword-only function of a `services.py`) turns a ValidationError of its checks into `Invalid`, so a
view catches `DomainError` alone and shows the message, whatever the rule that refused."""

import importlib
import inspect

import pytest
from django.core.exceptions import ValidationError

from bkcase.exceptions import DomainError, Invalid, refuses_in_the_domain

SERVICE_MODULES = [
    "bkcase.services", "bkcase.accounts", "referrals.services", "conferences.services", "counseling.services",
    "intake.services", "evaluations.services", "rosters.services", "rosters.rollover", "reports.jobs",
]


def use_cases(module):
    for name, function in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
            continue
        parameters = inspect.signature(function).parameters.values()
        if parameters and all(p.kind == p.KEYWORD_ONLY for p in parameters):
            yield name, function


@pytest.mark.parametrize("module_name", SERVICE_MODULES)
def test_every_use_case_of_the_module_refuses_with_the_domain_exception(module_name):
    module = importlib.import_module(module_name)
    found = dict(use_cases(module))
    assert found, f"{module_name} has no keyword-only use case: the check would prove nothing"
    undecorated = sorted(name for name, function in found.items()
                         if not getattr(function, "refuses_in_the_domain", False))
    assert undecorated == [], f"decorate with @refuses_in_the_domain: {module_name}.{undecorated}"


def test_a_validation_error_leaves_the_service_as_a_domain_error_with_its_field_messages():
    @refuses_in_the_domain
    def student_rename(*, name):
        raise ValidationError({"full_name": ["Nama wajib diisi."]})

    with pytest.raises(DomainError) as refused:
        student_rename(name="")
    assert isinstance(refused.value, Invalid)
    assert refused.value.message_dict == {"full_name": ["Nama wajib diisi."]}
    assert refused.value.message == "Nama wajib diisi."
