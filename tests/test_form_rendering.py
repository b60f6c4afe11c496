"""The project's widget templates (templates/django/forms/widgets/) write the same markup as Django's own,
in fewer template renders; the list filters are drawn without crispy (includes/search_form.html)."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting

from bkcase.forms import DateInput, SearchForm


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
    assert _rendered(TemplatesSetting(), data) == _rendered(DjangoTemplates(), data)


def test_a_widget_escapes_what_it_writes():
    ours = _rendered(TemplatesSetting())
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
