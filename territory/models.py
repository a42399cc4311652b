"""Reference geography, imported from the INSEE and DGCL files by `import_territory`."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Departement(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Arrondissement(models.Model):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="arrondissements")

    class Meta:
        ordering = ["code"]
        verbose_name = _("arrondissement")

    def __str__(self):
        return self.name


class Epci(models.Model):
    siren = models.CharField(_("SIREN"), max_length=9, primary_key=True)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature juridique"), max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")

    def __str__(self):
        return self.name


class CommuneQuerySet(models.QuerySet):
    def of_territory(self, *, arrondissement=None, departement=None):
        qs = self
        if arrondissement:
            qs = qs.filter(arrondissement_id=arrondissement)
        if departement:
            qs = qs.filter(departement_id=departement)
        return qs


class Commune(models.Model):
    insee_code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=100, db_index=True)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    arrondissement = models.ForeignKey(Arrondissement, on_delete=models.PROTECT, related_name="communes", null=True, blank=True)
    epci = models.ForeignKey(Epci, on_delete=models.SET_NULL, related_name="communes", null=True, blank=True)
    postal_codes = models.JSONField(_("codes postaux"), default=list, blank=True)
    # Centre of the commune's boundary, when the boundaries file covers it (distances in the guide).
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")

    def __str__(self):
        return self.name
