"""Forms of the core pages. They only collect input; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.translation import gettext_lazy as _

from .access import can_assign_counselor, default_counselor_for
from .consent import CONSENT_FIELDS, ExceptionGround
from .models import Case, CaseSource, Category, Membership, Role, School, SchoolYear, Semester, Student
from .services import CASE_AUTHORITY_FIELDS, CASE_TPPK_FIELDS, SCHOOL_FIELDS, STUDENT_FIELDS
from .versioning import VersionedFormMixin, explain_missing_version, version_field
from .workflow import CancelReason, Stage


def refuse_backwards_period(form, data):
    """A period of a form's `start` and `end` days that ends before it starts is refused on `end`."""
    if data.get("start") and data.get("end") and data["end"] < data["start"]:
        form.add_error("end", _("The end of the period comes before its start."))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StudentForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Student
        fields = STUDENT_FIELDS
        widgets = {"date_of_birth": DateInput()}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school


class SchoolSwitchForm(forms.Form):
    """Which of the user's roles (a membership) the session works in, from the menu."""

    membership = forms.IntegerField(min_value=1)


class SearchForm(forms.Form):
    """The filters above a list. Every list page shows them, so they are drawn by one small template
    (includes/search_form.html), not field by field through crispy: the widgets carry their Bootstrap
    classes themselves, and a field that was refused is marked invalid."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"

    def clean(self):
        data = super().clean()
        refuse_backwards_period(self, data)
        return data

    @property
    def refused(self):
        """Sent (or kept, bkcase.search) but cannot be made: its list shows no row, since every row would
        read as its answer, and the form says why."""
        return self.is_bound and not self.is_valid()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                # marked for the eye, and for a screen reader, which reads the error with the field
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs.update({"aria-invalid": "true", "aria-describedby": f"{self[name].auto_id}_error"})


class StudentSearchForm(SearchForm):
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Inactive"))],
    )


class CaseSearchForm(SearchForm):
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All"))] + Category.choices)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), ("open", _("Open")), ("closed", _("Closed"))]
    )
    counselor = forms.ModelChoiceField(label=_("Counselor"), required=False, queryset=Membership.objects.none())
    year = forms.ModelChoiceField(label=_("School year"), required=False, queryset=SchoolYear.objects.none())
    source = forms.ChoiceField(label=_("Where the case came from"), required=False,
                               choices=[("", _("All"))] + CaseSource.choices)

    def __init__(self, *args, counselors=None, years=None, **kwargs):
        super().__init__(*args, **kwargs)
        if counselors is None:
            del self.fields["counselor"]
        else:
            self.fields["counselor"].queryset = counselors
        if years is None:
            del self.fields["year"]
        else:
            self.fields["year"].queryset = years


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class _ReadChoices(forms.models.ModelChoiceIterator):
    """The choices of a ReadChoiceField: the records it was given, already read."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in self.field.among.values():
            yield self.choice(record)

    def __len__(self):
        return len(self.field.among) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.among)


class ReadChoiceField(forms.ModelChoiceField):
    """A choice among records the form (or its page) has read once, `among`, for all the fields that
    offer them: a ModelChoiceField reads its queryset for each field it shows and again to check what
    was sent (a field per class of a school: one query for the page, not two per class)."""

    iterator = _ReadChoices

    def __init__(self, *, among=(), **kwargs):
        super().__init__(queryset=None, **kwargs)
        self.offer(among)

    def offer(self, records):
        self.among = {record.pk: record for record in records}
        self.widget.choices = self.choices

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "_meta"):  # a record itself (an initial value): one of those offered, or none
            found = self.among.get(value.pk)
            if found is not None and type(found) is type(value):
                return found
        elif not isinstance(value, bool):
            try:
                return self.among[int(value)]
            except (KeyError, TypeError, ValueError):
                pass
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class MemberChoiceField(ReadChoiceField):
    """A choice among members (`among`) read once: their names as the school knows them."""

    def label_from_instance(self, obj):
        return obj.display_name


class MembershipMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CaseForm(VersionedFormMixin, forms.ModelForm):
    """Opening or editing a case. `version` carries the version the user saw (stale edits, S12)."""

    counselor = MembershipChoiceField(label=_("Responsible counselor"), queryset=Membership.objects.none())
    co_counselors = MembershipMultipleChoiceField(
        label=_("Co-counselors"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Case
        fields = [
            "category",
            "title",
            "source",
            "description",
            "opened_on",
            "counselor",
            "co_counselors",
            "student_part",
            "violence",
            "authority_reported_on",
            "authority_processed_on",
            "authority_note",
            "tppk_handed_over_on",
            "tppk_received_by",
        ]
        widgets = {
            "opened_on": DateInput(),
            "authority_reported_on": DateInput(),
            "authority_processed_on": DateInput(),
            "tppk_handed_over_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, membership, counselors, student=None, **kwargs):
        super().__init__(*args, **kwargs)
        if student is not None:
            self.instance.student = student
        self.fields["source"].choices = [("", _("(not recorded)")), *CaseSource.choices]
        self.instance.school = membership.school
        owner = (
            self.instance.counselor
            if self.instance.counselor_id
            else (None if can_assign_counselor(membership) else membership)
        )
        self.fields["co_counselors"].queryset = counselors.exclude(pk=owner.pk) if owner else counselors
        if can_assign_counselor(membership):
            self.fields["counselor"].queryset = counselors
            if not self.instance.pk:
                # a new case defaults to the counselor of the student's class (R14)
                default = default_counselor_for(student, SchoolYear.current_of(membership.school_id)) if student else None
                self.fields["counselor"].initial = (default or membership).pk
        else:
            del self.fields["counselor"]
        if not self.instance.pk:
            for name in (*CASE_AUTHORITY_FIELDS, *CASE_TPPK_FIELDS):
                del self.fields[name]

    def _post_clean(self):
        # Model validation runs in the service, with the rules that need the whole picture.
        pass


class CaseCloseForm(forms.Form):
    """Closing a case. It asks for what the case's state calls for (R16): why a problem outside the
    counselor's authority closes without a referral, and a confirmation that the referrals and
    conferences still under way stay open."""

    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())
    closing_note = forms.CharField(label=_("Why is the case closed?"), widget=forms.Textarea(attrs={"rows": 3}))
    no_referral_reason = forms.CharField(
        label=_("Why is it closed without a referral?"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The problem is outside the counselor's authority and was not referred to an expert."),
    )
    confirm_open_records = forms.BooleanField(label=_("Close it all the same"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is None or not case.closes_without_referral():
            del self.fields["no_referral_reason"]
        from .services import close_checks  # what other mechanisms ask before a case closes (R13)

        for check in close_checks():
            if case is not None and check.needs_reason(case):
                self.fields[check.field] = forms.CharField(
                    label=check.label, help_text=check.help_text, required=False,
                    widget=forms.Textarea(attrs={"rows": 3}))
        open_records = case.open_service_records() if case is not None else []
        if open_records:
            self.fields["confirm_open_records"].help_text = _("Still under way, and staying open: %(records)s.") % {
                "records": ", ".join(f"{record.code} ({record.get_stage_display()})" for record in open_records)
            }
        else:
            del self.fields["confirm_open_records"]


class VersionForm(forms.Form):
    version = version_field()

    def clean(self):
        data = super().clean()
        explain_missing_version(self)
        return data


class SchoolForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = School
        fields = SCHOOL_FIELDS
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg"})}
        help_texts = {"logo": _("PNG or JPEG, at most 10 MB; it is kept at most 1,000 pixels wide.")}
        error_messages = {"logo": {"invalid_image": _("Upload a PNG or JPEG image.")}}

    def _post_clean(self):
        pass


class StaffCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    nip = forms.RegexField(
        label=_("NIP"),
        regex=r"^\d{0,18}$",
        required=False,
        error_messages={"invalid": _("Use at most 18 digits.")},
    )
    position = forms.CharField(label=_("Position"), max_length=100, required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=True),
        help_text=_("At least 12 characters; the user changes it after the first login."),
    )

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self):
        data = super().clean()
        if data.get("password"):
            user = get_user_model()(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(data["password"], user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class StaffEditForm(VersionedFormMixin, forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    class Meta:
        model = Membership
        fields = ["role", "nip", "position", "phone", "active"]

    def __init__(self, *args, email_editable=True, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        self.fields["email"].initial = user.email
        if self.instance.pending_role:  # the role asked for, awaiting confirmation
            self.initial["role"] = self.instance.pending_role
            self.initial["active"] = True
            self.fields["role"].help_text = _("Awaiting confirmation: %(role)s. The account keeps its current role "
                                              "until then.") % {"role": self.instance.get_pending_role_display()}
        if not email_editable:
            for name in ("first_name", "last_name"):
                self.fields[name].disabled = True
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("This account reads case content: only its owner changes its email "
                                               "address, from their own account page.")


class LoginForm(AuthenticationForm):
    """Django's login form, labelled in the project's own words."""

    # max_length given here, so that its validator exists: Django's form sets only the attribute,
    # and an over-long name would reach the lockout table (255 characters) and fail there
    username = UsernameField(label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True}))
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TransitionForm(forms.Form):
    """An action on the workflow. `stage` is the stage the user saw: a repeated click does nothing."""

    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # why a record is cancelled; the record kind checks that the reason is one of its own
    reason = forms.ChoiceField(label=_("Why is it cancelled?"), required=False,
                               choices=[("", "---------"), *CancelReason.choices])


# the case page's form that prints the Catatan kasus, filled again when the print was refused
PRINT_PREFIX = "print"


class ChronologyForm(forms.Form):
    """Which entries of a chronology to show or print: kinds and a period (all when left empty)."""

    kinds = forms.MultipleChoiceField(label=_("Kinds"), required=False,
                                      widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kinds

    def clean(self):
        data = super().clean()
        refuse_backwards_period(self, data)
        return data

    def choice(self):
        """(kinds, start, end) as asked, or everything when the input is not valid."""
        if not self.is_valid():
            return None, None, None
        return self.cleaned_data["kinds"] or None, self.cleaned_data["start"], self.cleaned_data["end"]


class ConsentFormBase(VersionedFormMixin, forms.ModelForm):
    """The consent's form (R11): the student's assent, the parent's or guardian's consent and an
    optional signed form. The service validates the record as a whole."""

    prefix = "consent"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent_form"].help_text = _("Optional. PDF, JPEG or PNG, at most 10 MB.")
        self.fields["consent_form"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def _post_clean(self):
        pass  # the service validates the record


def consent_form_class(model):
    """The consent's form for a record kind that carries a minor's consent."""
    return forms.modelform_factory(
        model, form=ConsentFormBase, fields=CONSENT_FIELDS,
        widgets={"consent_on": DateInput(), "guardian_consent_on": DateInput()},
    )


class ConsentExceptionForm(forms.Form):
    """R11, S7: the coordinator's exception to the consent, on one of its grounds, with a reason."""

    prefix = "exception"
    ground = forms.ChoiceField(label=_("Ground"), choices=ExceptionGround.choices)
    reason = forms.CharField(
        label=_("Why the consent is not asked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facts, not judgements: what happened and why asking would harm the student or the law "
                    "requires acting. The principal is told."),
    )


# School years and the counselors' classes (R14) ---------------------------------------------------


class SchoolYearForm(forms.Form):
    start_year = forms.IntegerField(label=_("First calendar year"), min_value=2000, max_value=2100,
                                    help_text=_("2026 for the school year 2026/2027."))
    semester = forms.ChoiceField(label=_("Current semester"), choices=Semester.choices)
    make_current = forms.BooleanField(label=_("Make it the current school year"), required=False)


class CurrentYearForm(forms.Form):
    semester = forms.ChoiceField(label=_("Semester"), choices=Semester.choices)
    version = version_field()


class ClassCounselorsForm(forms.Form):
    """One choice of counselor per class of a school year."""

    def __init__(self, *args, classes, counselors, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.classes = list(classes)
        counselors, teachers = list(counselors), list(teachers)  # read once for every class
        for school_class in self.classes:
            self.fields[f"class-{school_class.pk}"] = MemberChoiceField(
                label=school_class.name, among=counselors, required=False, empty_label=_("(not assigned)"),
                initial=school_class.counselor_id,
            )
            self.fields[f"homeroom-{school_class.pk}"] = MemberChoiceField(
                label=school_class.name, among=teachers, required=False, empty_label=_("(not assigned)"),
                initial=school_class.homeroom_teacher_id,
            )

    def rows(self):
        return [(school_class, self[f"class-{school_class.pk}"], self[f"homeroom-{school_class.pk}"])
                for school_class in self.classes]

    def assignments(self):
        return {school_class: self.cleaned_data.get(f"class-{school_class.pk}") for school_class in self.classes}

    def homerooms(self):
        """Only the homeroom choices the form was sent with (a page without them changes none)."""
        return {school_class: self.cleaned_data.get(f"homeroom-{school_class.pk}") for school_class in self.classes
                if f"homeroom-{school_class.pk}" in self.data}
