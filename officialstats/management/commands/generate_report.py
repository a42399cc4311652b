from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from officialstats import report as reports


class Command(BaseCommand):
    help = (
        "Produit le diagnostic annuel d'un territoire : un PDF (graphiques et cartes) et son annexe XLSX, en édition "
        "professionnelle (nombres exacts) ou publique (secret statistique)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--territory", required=True, help="596 (arrondissement), SIREN d'un EPCI, code INSEE d'une commune, 59, ou niveau:code"
        )
        parser.add_argument("--year", required=True, type=int, help="année du diagnostic, par exemple 2025")
        parser.add_argument("--edition", required=True, choices=sorted(reports.EDITIONS), help="pro ou public")
        parser.add_argument("--output", default=".", help="dossier où écrire le PDF et le XLSX (par défaut le dossier courant)")

    def handle(self, *args, **options):
        try:
            area = reports.area_from_option(options["territory"])
        except LookupError as exc:
            raise CommandError(f"Territoire inconnu : « {options['territory']} ».") from exc
        if not 2000 <= options["year"] <= 2100:
            raise CommandError(f"Année impossible : {options['year']}.")
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        report = reports.build(area, options["year"], options["edition"])
        stem = output / reports.file_stem(report)
        pdf, xlsx = stem.with_suffix(".pdf"), stem.with_suffix(".xlsx")
        pdf.write_bytes(reports.render_pdf(report))
        xlsx.write_bytes(reports.render_xlsx(report))
        self.stdout.write(f"Diagnostic {report.year} de {area.name} ({report.edition_label}) : {pdf} et {xlsx}")
