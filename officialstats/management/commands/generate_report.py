from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from officialstats import report as reports


class Command(BaseCommand):
    help = (
        "Produit le diagnostic annuel d'un territoire : un PDF (graphiques et cartes) et son annexe XLSX, en édition "
        "professionnelle (nombres exacts) ou publique (secret statistique). Sans option (la tâche planifiée « reports ») : "
        "les deux éditions de l'année écoulée pour l'arrondissement de l'installation, dans MAILLAGE_REPORTS_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--territory",
            default=settings.TERRITORY_ARRONDISSEMENT,
            help="596 (arrondissement), SIREN d'un EPCI, code INSEE d'une commune, 59, ou niveau:code "
            "(par défaut : l'arrondissement de l'installation)",
        )
        parser.add_argument("--year", type=int, help="année du diagnostic, par exemple 2025 (par défaut : l'année écoulée)")
        parser.add_argument("--edition", choices=sorted(reports.EDITIONS), help="pro ou public (par défaut : les deux)")
        parser.add_argument("--output", help="dossier où écrire le PDF et le XLSX (par défaut : MAILLAGE_REPORTS_DIR)")

    def handle(self, *args, **options):
        try:
            area = reports.area_from_option(options["territory"])
        except LookupError as exc:
            raise CommandError(f"Territoire inconnu : « {options['territory']} ».") from exc
        year = options["year"] or timezone.localdate().year - 1
        if not 2000 <= year <= 2100:
            raise CommandError(f"Année impossible : {year}.")
        output = Path(options["output"] or settings.MAILLAGE_REPORTS_DIR)
        output.mkdir(parents=True, exist_ok=True)
        for edition in [options["edition"]] if options["edition"] else sorted(reports.EDITIONS):
            report = reports.build(area, year, edition)
            stem = output / reports.file_stem(report)
            pdf, xlsx = stem.with_suffix(".pdf"), stem.with_suffix(".xlsx")
            pdf.write_bytes(reports.render_pdf(report))
            xlsx.write_bytes(reports.render_xlsx(report))
            self.stdout.write(f"Diagnostic {report.year} de {area.name} ({report.edition_label}) : {pdf} et {xlsx}")
