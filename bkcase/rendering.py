"""How forms are drawn: Django's widget templates through the project's templates, one template a widget.

Django draws a text box with text.html, which only includes input.html, which includes attrs.html: three
template renders for one input, and as many again for each option of a select or of a list of
checkboxes. templates/django/forms/widgets/ writes the attributes and the options in place, and this
renderer sends every widget template that is only an include of another straight to that other."""

from django.forms.renderers import TemplatesSetting

WIDGETS = "django/forms/widgets/"
# Django's widget templates whose whole text is {% include <the template they map to> %}
INCLUDED = {
    **{f"{WIDGETS}{name}.html": f"{WIDGETS}input.html" for name in (
        "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password", "search", "tel",
        "text", "time", "url")},
    **{f"{WIDGETS}{name}_option.html": f"{WIDGETS}input_option.html" for name in ("checkbox", "radio")},
    **{f"{WIDGETS}{name}.html": f"{WIDGETS}multiple_input.html" for name in ("checkbox_select", "radio")},
}


class FormRenderer(TemplatesSetting):
    def get_template(self, template_name):
        return super().get_template(INCLUDED.get(template_name, template_name))
