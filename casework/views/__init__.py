"""Pages of the shared follow-up: caseload, situation and its timeline, referrals, assessments, programmes, exports.

Every view reaches its objects through casework.access (and the queries of casework.queries) and journals what it
reads or writes."""

from casework.views.caseload import caseload, housing
from casework.views.programmes import enrolment_add, enrolment_exit
from casework.views.referrals import (
    inbox,
    outbox,
    referral_answer,
    referral_create,
    referral_detail,
    referral_first_contact,
    referral_withdraw_consent,
)
from casework.views.situations import (
    assessment_add,
    committee_share,
    event_add,
    perpetrator_link_declare,
    perpetrator_link_lift,
    person_add,
    person_edit,
    person_export_json,
    person_export_pdf,
    situation_create,
    situation_detail,
    situation_edit,
    situation_url,
)

__all__ = [
    "assessment_add",
    "caseload",
    "committee_share",
    "enrolment_add",
    "enrolment_exit",
    "event_add",
    "housing",
    "inbox",
    "outbox",
    "perpetrator_link_declare",
    "perpetrator_link_lift",
    "person_add",
    "person_edit",
    "person_export_json",
    "person_export_pdf",
    "referral_answer",
    "referral_create",
    "referral_detail",
    "referral_first_contact",
    "referral_withdraw_consent",
    "situation_create",
    "situation_detail",
    "situation_edit",
    "situation_url",
]
