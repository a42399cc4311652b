"""The observatory's summary tables (« agrégats pré-calculés »): the rolled-up indicators' counts per year, commune,
organisation, programme and flag, kept right by the database itself.

Every write to the tables the indicators read (through the ORM, a queryset update, a bulk load, raw SQL or psql)
records the communes it touched in `RollupChange`, by triggers (observatory/migrations/0002). Before any read, the
cells of those communes are computed again by the same aggregate queries as the raw path (observatory/rollup.py), so
that the summary can never say anything the raw computation would not. No row here is about a person."""

from django.db import models


class RollupCell(models.Model):
    indicator = models.CharField(max_length=64)
    year = models.SmallIntegerField()
    commune = models.CharField(max_length=10, blank=True, default="")  # "" : no commune recorded
    organisation = models.IntegerField(default=0)  # 0 : none
    programme = models.CharField(max_length=20, blank=True, default="")
    flag = models.CharField(max_length=8, blank=True, default="")
    value = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "commune", "organisation", "programme", "flag"], name="obs_rollup_cell_unique"
            )
        ]
        indexes = [models.Index(fields=["commune"], name="obs_rollup_commune")]

    def __str__(self):
        return f"{self.indicator} {self.year} {self.commune or '-'} {self.organisation or '-'} = {self.value}"


class RollupChange(models.Model):
    """A commune whose cells are out of date (written by the triggers; "" for no commune, "*" for everything)."""

    id = models.BigAutoField(primary_key=True)
    commune = models.CharField(max_length=10)

    def __str__(self):
        return self.commune or "-"


class RollupState(models.Model):
    """One row: the year the summary covers up to and the day its « today » figures describe."""

    year = models.SmallIntegerField()
    as_of = models.DateField()

    def __str__(self):
        return f"{self.year} au {self.as_of:%d/%m/%Y}"
