from django.contrib import admin

from territory.models import Arrondissement, Commune, Departement, Epci


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "population", "arrondissement", "epci"]
    list_filter = ["departement", "arrondissement"]
    search_fields = ["insee_code", "name"]


admin.site.register(Departement)
admin.site.register(Arrondissement)
admin.site.register(Epci)
