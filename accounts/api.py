from django.db import transaction
from ninja import Field, Router, Schema
from pydantic import field_validator

from audit.journal import record
from audit.models import Action

router = Router(tags=["comptes"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str


class MeOut(Schema):
    email: str
    first_name: str
    last_name: str
    role: str
    organisation: OrganisationOut


class MeIn(Schema):
    first_name: str = Field(..., min_length=1, max_length=150, description="prénom")
    last_name: str = Field(..., min_length=1, max_length=150, description="nom")

    @field_validator("first_name", "last_name")
    @classmethod
    def not_blank(cls, value):
        value = value.strip()
        if not value:
            raise ValueError("ne peut pas être vide")
        return value


@router.get("/moi", response=MeOut, summary="Le compte et l'organisation du jeton")
def me(request):
    membership = request.membership
    return {
        "email": membership.user.email,
        "first_name": membership.user.first_name,
        "last_name": membership.user.last_name,
        "role": membership.role,
        "organisation": membership.organisation,
    }


@router.patch("/moi", response=MeOut, summary="Modifier son prénom et son nom")
def update_me(request, payload: MeIn):
    # Tokens cannot create tokens: a leaked token must not be able to outlive its revocation.
    user = request.membership.user
    with transaction.atomic():
        user.first_name, user.last_name = payload.first_name, payload.last_name
        user.save(update_fields=["first_name", "last_name"])
        record(Action.UPDATE, membership=request.membership, target=user, detail={"fields": ["first_name", "last_name"]}, request=request)
    return me(request)
