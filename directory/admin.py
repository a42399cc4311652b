"""Technical administration of the guide (helplines in particular have no page of their own)."""

from django.contrib import admin

from directory.models import ChangeRequest, Closure, Helpline, Place, Service, ServiceAtPlace


@admin.register(Helpline)
class HelplineAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "kind", "scope", "is_emergency", "is_published", "position"]
    list_filter = ["scope", "kind", "is_published"]


class ServiceAtPlaceInline(admin.TabularInline):
    model = ServiceAtPlace
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "is_published", "last_verified_at"]
    list_filter = ["is_published", "is_remote"]
    search_fields = ["name", "organisation__name"]
    inlines = [ServiceAtPlaceInline]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "commune"]
    search_fields = ["name", "organisation__name"]


admin.site.register(Closure)
admin.site.register(ChangeRequest)
