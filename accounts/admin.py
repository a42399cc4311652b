"""Technical admin of the network's organisations: whom each organisation and team accompanies (it decides who reads
a shelter's confidential address and who is a household's perpetrator's side), teams, memberships and network roles.
Set here, by the platform's administrators, never by the organisation it describes."""

from django.contrib import admin

from accounts.models import Membership, Organisation, Team


class TeamInline(admin.TabularInline):
    model = Team
    extra = 0
    fields = ["name", "accompanies"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "accompanies", "is_partner"]
    list_filter = ["kind", "accompanies", "is_partner"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["communes"]
    inlines = [TeamInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "team", "is_active", "accepted_at"]
    list_filter = ["role", "is_active", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]
