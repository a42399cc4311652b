"""The network's pages, by family."""

from network.views.calendar import calendar_page, feed, feed_create, feed_revoke  # noqa: F401
from network.views.groups import (  # noqa: F401
    group_create,
    group_detail,
    group_edit,
    groups,
    meeting_add,
    meeting_edit,
    school_create,
    school_edit,
    schools,
    task_add,
    task_done,
)
from network.views.plan import (  # noqa: F401
    action_create,
    action_detail,
    action_edit,
    actions,
    actions_export,
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
from network.views.trainings import (  # noqa: F401
    attendance,
    certificate,
    cycle_create,
    cycle_detail,
    cycle_edit,
    cycles,
    evaluation,
    evaluation_summary,
    register,
    session_add,
    session_edit,
    withdraw,
)
