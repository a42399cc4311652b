"""Official statistics (SSMSI recorded crime) and local published figures, each with its source and edition, and the
reference areas (départements, régions, France) whose names and legal populations give rates per 1 000 inhabitants.

Figures are imported by `import_official_statistics` (officialstats.importer); nothing here is typed by hand."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    COMMUNE = "commune", _("commune")
    EPCI = "epci", _("EPCI")
    ARRONDISSEMENT = "arrondissement", _("arrondissement")
    DEPARTEMENT = "departement", _("département")
    REGION = "region", _("région")
    FRANCE = "france", _("France")


class ReferenceArea(models.Model):
    """A département, a région or France: its name and its legal population (INSEE), summed from the communes' file."""

    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    code = models.CharField(_("code"), max_length=5)
    name = models.CharField(_("nom"), max_length=100)
    region = models.CharField(_("région"), max_length=3, blank=True)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("millésime de la population"), null=True, blank=True)

    class Meta:
        ordering = ["level", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="officialstats_area_unique")]
        verbose_name = _("territoire de référence")
        verbose_name_plural = _("territoires de référence")

    def __str__(self):
        return f"{self.name} ({self.code})"


class Indicator(models.Model):
    code = models.SlugField(_("code"), max_length=120, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    unit = models.CharField(_("unité de compte"), max_length=60, blank=True)
    is_local = models.BooleanField(_("chiffre local"), default=False)

    class Meta:
        ordering = ["is_local", "label"]
        verbose_name = _("indicateur")

    def __str__(self):
        return self.label


class Dataset(models.Model):
    """One imported file, as it was read (its checksum tells a re-import of the same file)."""

    file_name = models.CharField(_("fichier"), max_length=255)
    file_format = models.CharField(_("format"), max_length=40)
    sha256 = models.CharField(max_length=64, unique=True)
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("fichier importé")
        verbose_name_plural = _("fichiers importés")

    def __str__(self):
        return self.file_name


class FigureQuerySet(models.QuerySet):
    def of(self, indicator, level, codes=None):
        qs = self.filter(indicator=indicator, level=level)
        if codes is not None:
            qs = qs.filter(code__in=list(codes))
        return qs


class Figure(models.Model):
    """A count for one indicator, territory and year. `count` is empty when the publisher did not release it
    (« ndiff »: too small to publish)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="figures")
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    code = models.CharField(_("code du territoire"), max_length=9)
    year = models.PositiveSmallIntegerField(_("année"))
    count = models.PositiveIntegerField(_("nombre"), null=True, blank=True)
    # As published (the publisher's own rate uses its own population of the year); pages compute theirs.
    source_rate = models.FloatField(_("taux pour mille publié"), null=True, blank=True)
    source_population = models.PositiveIntegerField(_("population de la source"), null=True, blank=True)
    # What the figure counts when it is narrower than the territory it is attached to (a police district).
    perimeter = models.CharField(_("périmètre"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300)
    edition = models.CharField(_("édition"), max_length=60)
    source_url = models.URLField(_("lien vers la source"), blank=True, max_length=500)
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="figures")
    line = models.PositiveIntegerField(_("ligne du fichier"))

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "level", "code", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "level", "code", "year"], name="officialstats_figure_unique")]
        indexes = [models.Index(fields=["indicator", "level", "year"])]
        verbose_name = _("chiffre")

    def __str__(self):
        return f"{self.indicator} {self.level} {self.code} {self.year}: {self.count}"

    @property
    def published(self):
        return self.count is not None
