"""The form renderer: Django's, with the two commonest widgets (inputs and selects) written in Python.

Django renders every widget, and every option of a select, through a template: on a page with a few forms (the
situation page, the caseload's filters) that costs more than the rest of the page. The HTML is the same as Django's
templates produce (`tests/test_forms_renderer.py` compares them); any other widget goes through the templates."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = {
    f"{WIDGETS}{name}.html"
    for name in ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "checkbox", "search", "tel")
}
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"


def _attrs(attrs):
    # django/forms/widgets/attrs.html
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _input(widget):
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option.get("template_name", OPTION_TEMPLATE) != OPTION_TEMPLATE:
                return None  # a custom option template: let Django render the whole select
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastTemplates(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in INPUT_TEMPLATES and "type" in widget:
                return mark_safe(_input(widget))  # every value is escaped above
            if template_name == SELECT_TEMPLATE:
                html = _select(widget)
                if html is not None:
                    return mark_safe(html)  # every value is escaped above
        return super().render(template_name, context, request)
