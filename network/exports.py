"""The action plan and its outputs as an XLSX workbook (openpyxl): actions, outputs with professionals trained by
profession, funding, milestones. Every text is written as text, never as a formula (a title starting with « = » stays
a title in the spreadsheet)."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from network.models import Profession


def _sheet(workbook, title, header, rows, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([None if value is None else value for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    for column in sheet.columns:
        width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"
    return sheet


def plan_workbook(actions):
    actions = list(actions)
    workbook = Workbook()
    _sheet(
        workbook,
        "Actions",
        [
            "N°",
            "Plan",
            "Axe",
            "Type",
            "Intitulé",
            "Organisation pilote",
            "Partenaires",
            "Public",
            "Communes",
            "Début",
            "Fin",
            "État",
            "Budget (€)",
        ],
        [
            [
                a.pk,
                a.plan.title,
                a.get_axis_display(),
                a.get_kind_display(),
                a.title,
                a.lead.name,
                ", ".join(p.name for p in a.partners.all()),
                a.get_audience_display(),
                ", ".join(c.name for c in a.communes.all()) or "Tout le territoire",
                a.starts_on,
                a.ends_on,
                a.get_status_display(),
                float(a.budget),
            ]
            for a in actions
        ],
        first=True,
    )
    professions = list(Profession.choices)
    output_rows = []
    for a in actions:
        output = a.reported_output
        if output is None:
            continue
        trained = {row.profession: row.count for row in output.trained.all()}
        output_rows.append(
            [a.pk, a.title, output.people_reached, output.pupils_reached, output.documents_produced, sum(trained.values())]
            + [trained.get(value, 0) for value, _label in professions]
            + [timezone.localtime(output.reported_at).replace(tzinfo=None), output.notes]
        )
    _sheet(
        workbook,
        "Résultats",
        ["N°", "Action", "Personnes touchées", "Élèves touchés", "Documents produits", "Professionnels formés"]
        + [f"Formés : {label}" for _value, label in professions]
        + ["Déclarés le", "Commentaire"],
        output_rows,
    )
    _sheet(
        workbook,
        "Financements",
        ["N°", "Action", "Financeur", "Montant (€)"],
        [[a.pk, a.title, f.get_source_display(), float(f.amount)] for a in actions for f in a.fundings.all()],
    )
    _sheet(
        workbook,
        "Jalons",
        ["N°", "Action", "Jalon", "Échéance", "Atteint le", "En retard"],
        [[a.pk, a.title, m.title, m.due_on, m.done_on, "oui" if m.late else "non"] for a in actions for m in a.milestones.all()],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
