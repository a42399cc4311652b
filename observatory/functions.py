"""Database functions the aggregates need, written for both engines the project runs on."""

from django.db.models import Func, IntegerField


class DaysBetween(Func):
    """Whole calendar days from the first date (or timestamp, its UTC date) to the second, computed by the database."""

    output_field = IntegerField()

    def __init__(self, first, second, **extra):
        # Written second minus first by the templates below.
        super().__init__(second, first, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(julianday(date(%(expressions)s)) AS INTEGER)", arg_joiner=")) - julianday(date(", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(CAST(%(expressions)s AS date))", arg_joiner=" AS date) - CAST(", **extra)
