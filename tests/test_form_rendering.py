"""The project's form renderer (bkcase.rendering, templates/django/forms/widgets/) writes the same markup as
Django's own, in fewer template renders; the list filters are drawn without crispy (includes/search_form.html)."""

import re
from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from bkcase.forms import DateInput, SearchForm
from bkcase.rendering import INCLUDED, FormRenderer


class EveryWidget(forms.Form):
    name = forms.CharField(max_length=20, initial='Siti "Ani" <b>')
    age = forms.IntegerField(min_value=6, required=False)
    email = forms.EmailField(required=False, disabled=True)
    born = forms.DateField(widget=DateInput(), initial="2012-03-04")
    stage = forms.ChoiceField(choices=[("", "Semua"), ("a", "Satu"), ("b", "Dua & tiga")], initial="b")
    grouped = forms.ChoiceField(choices=[("Kelas", [("7", "VII"), ("8", "VIII")]), ("x", "Lain")], initial="8")
    many = forms.MultipleChoiceField(choices=[("1", "Satu"), ("2", "Dua")], initial=["1", "2"])
    ticked = forms.MultipleChoiceField(choices=[("1", "Satu"), ("2", "Dua")], initial=["2"],
                                       widget=forms.CheckboxSelectMultiple(attrs={"class": "x"}))
    picked = forms.ChoiceField(choices=[("1", "Satu"), ("2", "Dua")], initial="1", widget=forms.RadioSelect)
    agreed = forms.BooleanField(required=False, initial=True)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x")
    token = forms.CharField(widget=forms.HiddenInput(), initial="t")
    scan = forms.FileField(widget=forms.FileInput, required=False)
    site = forms.URLField(required=False, initial="https://sekolah.example/?a=1&b=2", assume_scheme="https")


def _rendered(renderer, data=None):
    form = EveryWidget(data, renderer=renderer)
    if data is not None:
        form.is_valid()
    written = {name: str(form[name]) for name in form.fields}
    written["ticked.tag"] = "".join(choice.tag() for choice in form["ticked"])  # one choice at a time
    # as a browser reads it: a run of white space is one space, none between two tags
    return {name: re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html.strip())) for name, html in written.items()}


@pytest.mark.parametrize("data", [None, {"name": "", "age": "3", "stage": "zz", "many": ["2"], "born": "x", "ticked": ["1", "9"]}])
def test_every_widget_writes_what_djangos_own_templates_write(data):
    assert _rendered(FormRenderer(), data) == _rendered(DjangoTemplates(), data)


def test_each_template_the_renderer_skips_is_only_an_include_of_the_one_it_goes_to():
    own = Path(django.__file__).parent / "forms" / "templates"
    for name, target in INCLUDED.items():
        assert (own / name).read_text().strip() == f'{{% include "{target}" %}}', name


def test_a_widget_escapes_what_it_writes():
    ours = _rendered(FormRenderer())
    assert 'value="Siti &quot;Ani&quot; &lt;b&gt;"' in ours["name"]
    assert '<option value="b" selected>Dua &amp; tiga</option>' in ours["stage"]


def test_the_list_filters_mark_a_refused_field_and_keep_what_was_typed():
    class Filters(SearchForm):
        start = forms.DateField(required=False, widget=DateInput())
        stage = forms.ChoiceField(required=False, choices=[("", "Semua"), ("a", "Satu")])

    form = Filters({"q": "Budi", "start": "31-02-2026", "stage": "a"})
    assert not form.is_valid()
    assert 'class="form-control"' in str(form["q"]) and 'value="Budi"' in str(form["q"])
    assert 'class="form-control is-invalid"' in str(form["start"]) and 'value="31-02-2026"' in str(form["start"])
    assert 'class="form-select"' in str(form["stage"]) and '<option value="a" selected>' in str(form["stage"])
