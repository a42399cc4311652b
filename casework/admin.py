"""Technical admin: reference data of the shared follow-up only (grids, housing places, programmes).

Nominative records are not registered here: they are read and changed through the pages, behind the gate
and the journal."""

from django.contrib import admin

from casework.models import HousingPlace, Programme, RiskGrid, RiskQuestion


class RiskQuestionInline(admin.TabularInline):
    model = RiskQuestion
    extra = 1
    fields = ["order", "code", "text", "weight", "red_flag"]


@admin.register(RiskGrid)
class RiskGridAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default", "elevated_threshold", "high_threshold"]
    inlines = [RiskQuestionInline]


@admin.register(HousingPlace)
class HousingPlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "capacity", "max_days"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "organisation"]
