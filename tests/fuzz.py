"""Property-based fuzzing of the pages' forms (hypothesis): whatever is typed or posted, the page never answers a server
error, and a refused form writes nothing. Bounded (a fixed number of examples, derandomized) so that CI stays short."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FORM_EXAMPLES = 25

# What people (and robots) type: ordinary French text, nothing, very long text, control characters, markup, numbers.
nasty = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "99999999999999999999",
        "1e9",
        "Valenciennes",
        "Condé-sur-l'Escaut",
        "a" * 1000,
        "\x00",
        "Ligne\rsuite",
        "Ligne\nsuite",
        "\u2028",
        "<script>alert(1)</script>",
        "'; DROP TABLE x; --",
        "🙂",
        "lundi au vendredi 9h-19h",
        "Mo-Fr 09:00-12:00; PH off",
        "25:99",
        "2026-02-30",
        "on",
        "03 27 00 00 00",
        "abc@",
    ]
)
text = st.one_of(nasty, st.text(max_size=120), st.text(alphabet=st.characters(codec="utf-8"), max_size=40))


def values(*choices):
    """A field's value: one of its valid choices, or anything else."""
    return st.one_of(st.sampled_from(list(choices)), text) if choices else text


def several(*choices):
    """A multiple-choice field's values: some valid ones, sometimes with anything else."""
    return st.lists(st.one_of(st.sampled_from(list(choices)), text), max_size=4)


def counts(models):
    return {model._meta.label: model._default_manager.count() for model in models}


def fuzz(send, fields, watched, *, examples=FORM_EXAMPLES, accepted=(302,)):
    """Run `send(data)` (which makes the request and returns the response) on generated data: never a 5xx, and when
    the answer is not one of `accepted` (a refusal), the watched models' counts are unchanged."""

    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(data=st.fixed_dictionaries({}, optional=fields))
    def run(data):
        data = {key: value for key, value in data.items() if value is not None}
        before = counts(watched)
        response = send(data)
        assert response.status_code < 500, (data, response.status_code)
        if response.status_code not in accepted:
            assert counts(watched) == before, (data, response.status_code, "refused, yet wrote")

    run()
