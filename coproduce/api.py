"""The JSON API under /api/v1/, authenticated by per-organisation tokens."""

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer

from coproduce.organisations.models import ApiToken


class OrganisationToken(HttpBearer):
    """`Authorization: Bearer <token>`; the token decides the organisation."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        organisation = ApiToken.organisation_for(token[:200])
        if organisation is not None:
            request.organisation = organisation  # type: ignore[attr-defined]
        return organisation


api = NinjaAPI(
    title="Coproduce API",
    version="1",
    description="Record and read what people said. Each token belongs to one organisation "
                "and sees only that organisation's data.",
    auth=OrganisationToken(),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/voices", "coproduce.voices.api.router")
