"""What the OpenAPI schema tells a client about the input it may send and the errors it may get back.

Input: the API checks a body field with the page's own Django form field (French messages, one rule for both), so the
schema describes each field from that same form field (`from_form`): a date says `format: date`, a choice lists its
values, a number its range, a text its maximum length. The schema cannot drift from what the server accepts.

Errors: every error of the API comes from the handlers of `maillage.api` and has one shape, `{"detail": …}` (with
`errors`, a list of `{field, message}`, on a 422). Which ones an operation can answer follows from what it takes and
whether it needs a token (`declare_errors`): a client generated from the schema knows them all."""

from django import forms
from pydantic import Field

ERROR_SCHEMA = {
    "title": "Erreur",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "Le message, en français."},
        "errors": {
            "type": "array",
            "description": "Sur une réponse 422 : chaque champ refusé et pourquoi.",
            "items": {
                "type": "object",
                "properties": {"field": {"type": ["string", "null"]}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["detail"],
}

DESCRIPTIONS = {
    "400": "Corps de la requête illisible (JSON invalide ou mauvais Content-Type).",
    "401": "Authentification requise : jeton absent, invalide ou révoqué.",
    "403": "Le rôle ou l'organisation du jeton ne permet pas cette opération.",
    "404": "Ressource inconnue, ou que l'organisation du jeton ne peut pas voir (la même réponse dans les deux cas).",
    "409": "Conflit : l'état a changé entre-temps (réponse déjà donnée, dernière place prise…). Rechargez puis réessayez.",
    "413": "Corps de la requête trop volumineux.",
    "422": "Données invalides : chaque champ refusé est nommé, avec son message.",
}


def _choices(field):
    return [str(value) for value, _label in field.choices if not isinstance(_label, (list, tuple))]


def describe(field):
    """The JSON-schema keywords that say what a Django form field accepts."""
    extra = {}
    if field.label:
        extra["description"] = str(field.label)
    if isinstance(field, forms.DateField):
        extra["format"] = "date"
    elif isinstance(field, forms.MultipleChoiceField):
        extra["items"] = {"type": "string", "enum": _choices(field)}
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        values = _choices(field)
        if field.required:
            values = [value for value in values if value != ""]
        elif "" not in values:
            values.append("")
        extra["enum"] = values
    elif isinstance(field, forms.IntegerField):
        if field.min_value is not None:
            extra["minimum"] = field.min_value
        if field.max_value is not None:
            extra["maximum"] = field.max_value
    elif isinstance(field, forms.EmailField):
        extra["format"] = "email"
    if isinstance(field, forms.CharField) and field.max_length:
        extra["maxLength"] = field.max_length
    return extra


def from_form(form_class, name, default=..., **kwargs):
    """A pydantic `Field` for a body field checked by `form_class`'s field `name`, described from it."""
    return Field(default, json_schema_extra=describe(form_class.base_fields[name]), **kwargs)


def declare_errors(schema):
    """Adds to each operation the error answers it can give, and the one error shape they share."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Erreur"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Erreur"}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = set()
            if operation.get("security"):
                codes |= {"401", "403"}
            if "{" in path:
                codes.add("404")
            if operation.get("parameters") or operation.get("requestBody"):
                codes.add("422")
            if operation.get("requestBody"):
                codes |= {"400", "413"}
            codes |= set(operation.pop("x-maillage-errors", []))
            responses = operation["responses"]
            for code in sorted(codes):
                if code not in responses and int(code) not in responses:
                    responses[code] = {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": reference}}}
    return schema
