from ninja import Router, Schema

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
