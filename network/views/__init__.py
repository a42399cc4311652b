"""The network's pages, by family."""

from network.views.plan import (  # noqa: F401
    action_create,
    action_detail,
    action_edit,
    actions,
    funding_add,
    home,
    milestone_add,
    milestone_edit,
    outputs,
    plan_create,
    plan_edit,
    timeline,
    who_does_what,
)
