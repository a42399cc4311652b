"""Technical admin: reference data of the shared follow-up only (grids, housing places, programmes).

Nominative records are not registered here: they are read and changed through the pages, behind the gate
and the journal. The perpetrator links are listed (no name, no content) so that a platform administrator can lift one,
with a reason."""

from django import forms
from django.contrib import admin

from casework import actions
from casework.models import HousingPlace, PerpetratorLink, Programme, RiskGrid, RiskQuestion


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


class LiftLinkForm(forms.ModelForm):
    lift = forms.BooleanField(label="Lever ce lien", required=False)

    class Meta:
        model = PerpetratorLink
        fields = ["lift_reason"]

    def clean(self):
        data = super().clean()
        if data.get("lift") and not (data.get("lift_reason") or "").strip():
            self.add_error("lift_reason", "Indiquez le motif de la levée : il est enregistré au journal.")
        return data


@admin.register(PerpetratorLink)
class PerpetratorLinkAdmin(admin.ModelAdmin):
    """The links say who accompanies a household's perpetrator. A platform administrator may lift one, with a reason,
    journaled (casework.actions.lift_perpetrator_link); nothing else of them changes here, and nothing nominative shows."""

    form = LiftLinkForm
    list_display = ["situation", "organisation", "team", "source", "created_at", "lifted_at"]
    list_filter = ["source", "organisation"]
    readonly_fields = ["situation", "organisation", "team", "source", "created_at", "lifted_at", "lifted_by"]
    fields = [*readonly_fields, "lift_reason", "lift"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if form.cleaned_data.get("lift") and obj.lifted_at is None:
            actions.lift_perpetrator_link(
                link=PerpetratorLink.objects.get(pk=obj.pk),
                reason=form.cleaned_data["lift_reason"],
                admin_user=request.user,
                request=request,
            )
