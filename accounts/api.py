from ninja import Field, Router, Schema, Status

from accounts import actions

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


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100, description="nom du jeton, pour le reconnaître")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    key: str = Field(..., description="le jeton en clair, affiché cette fois seulement")


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


@router.post("/jetons", response={201: TokenOut}, summary="Créer un nouveau jeton pour la même appartenance")
def create_token(request, payload: TokenIn):
    token, key = actions.issue_token(membership=request.membership, name=payload.name.strip(), request=request)
    return Status(201, {"id": token.pk, "name": token.name, "prefix": token.prefix, "key": key})
