"""Regenerates the example spreadsheets of this folder (fictitious content only): `python docs/exemples/generer.py`."""

import csv
import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent

HEADERS = [
    "Référence",
    "Date d'ouverture",
    "Statut",
    "Date de clôture",
    "Commune",
    "Nom",
    "Prénom",
    "Date de naissance",
    "Sexe",
    "Téléphone",
    "Nom auteur",
    "Prénom auteur",
    "Date de naissance auteur",
    "Lien",
    "Enfants",
    "Événement",
    "Date",
    "Date de fin",
    "Observations",
]
# Dates written as people write them: 05/03/2021, 2021-03-05, « 5 mars 2021 », 05.03.21.
ROWS = [
    [
        "EX-001",
        "05/03/2021",
        "en cours",
        "Valenciennes",
        "Exemple-Fictive",
        "Aurore",
        "12/04/1988",
        "F",
        "06 00 00 00 01",
        "Exemple-Fictif",
        "Bruno",
        "03/07/1985",
        "concubin",
        "2",
        "plainte",
        "05/03/2021",
        "",
        "Premier accueil (fictif)",
    ],
    ["EX-001", "", "", "", "", "", "", "", "", "", "", "", "", "", "ordonnance de protection", "2021-03-20", "2021-09-20", ""],
    ["EX-001", "", "", "", "", "", "", "", "", "", "", "", "", "", "TGD", "5 mars 2021", "05/09/2021", ""],
    [
        "EX-002",
        "2022-01-17",
        "clos",
        "59014",
        "Modèle-Imaginaire",
        "Céleste",
        "1990-11-02",
        "femme",
        "",
        "Modèle-Imaginaire",
        "Damien",
        "",
        "ex-conjoint",
        "0",
        "main courante",
        "17.01.22",
        "",
        "",
    ],
    ["EX-002", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
    [
        "EX-003",
        "01/06/2023",
        "en cours",
        "Denain",
        "Essai-Fictive",
        "Elsa",
        "",
        "F",
        "",
        "",
        "",
        "",
        "",
        "1",
        "hébergement",
        "01/06/2023",
        "15/06/2023",
        "Sas d'éviction (fictif)",
    ],
]
ROWS[4] = ["EX-002", "", "", "", "", "", "", "", "", "", "", "", "", "", "audience correctionnelle", "14/03/2022", "", ""]
ROWS = [[*row[:3], "30/06/2022" if row[0] == "EX-002" and row[2] else "", *row[3:]] for row in ROWS]

# The same, with problems a real spreadsheet has: a date that does not exist, a month first, an unknown commune and
# event, the same victim under two references, a file closed without its date, a cell beyond the named columns, a
# column nobody can map (« Couleur du dossier »), and accents in Windows-1252 (Excel's « CSV » in France).
ERROR_HEADERS = [*HEADERS, "Couleur du dossier"]
ERROR_ROWS = [
    [
        "ER-001",
        "31/02/2021",
        "en cours",
        "",
        "Valenciennes",
        "Exemple-Fictive",
        "Aurore",
        "12/04/1988",
        "F",
        "",
        "",
        "",
        "",
        "",
        "1",
        "plainte",
        "05/03/2021",
        "",
        "",
        "bleu",
    ],
    [
        "ER-002",
        "03/25/2021",
        "en cours",
        "",
        "Atlantide",
        "Erreur-Fictive",
        "Bérénice",
        "",
        "F",
        "",
        "",
        "",
        "",
        "",
        "0",
        "pique-nique",
        "05/03/2021",
        "",
        "",
        "vert",
    ],
    [
        "ER-003",
        "05/03/2021",
        "en cours",
        "",
        "Anzin",
        "Exemple-Fictive",
        "Aurore",
        "12/04/1988",
        "F",
        "",
        "",
        "",
        "",
        "",
        "1",
        "",
        "",
        "",
        "",
        "rouge",
    ],
    [
        "ER-004",
        "05/03/2021",
        "clos",
        "",
        "Anzin",
        "Doublon-Fictive",
        "Coralie",
        "",
        "F",
        "",
        "",
        "",
        "",
        "",
        "deux",
        "ordonnance de protection",
        "10/03/2021",
        "01/03/2021",
        "",
        "jaune",
        "cellule hors colonnes",
    ],
]

GUIDE_HEADERS = ["Nom", "En une phrase", "Types d'aide", "Frais", "Téléphone", "E-mail", "Site", "Horaires"]
GUIDE_ROWS = [
    [
        "Permanence d'écoute (exemple fictif)",
        "Écoute et conseils pour les victimes.",
        "Écoute et soutien, Aide aux victimes",
        "gratuit",
        "03 27 00 00 00",
        "ecoute@exemple.test",
        "exemple.test",
        "du lundi au vendredi de 9h à 12h",
    ],
    [
        "Consultation juridique (exemple fictif)",
        "Un juriste répond à vos questions.",
        "Information juridique et accès aux droits",
        "gratuit",
        "",
        "",
        "",
        "Mo,We 14:00-17:00",
    ],
]


def write_csv(path, headers, rows, encoding="utf-8-sig"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(headers)
        writer.writerows(rows)


def write_xlsx(path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Suivi"
    sheet.append(HEADERS)
    for row in ROWS:
        cells = list(row)
        for index in (1, 3, 7, 12, 16, 17):  # real date cells, as a spreadsheet keeps them
            for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
                try:
                    cells[index] = datetime.datetime.strptime(cells[index], pattern)
                    break
                except ValueError:
                    continue
        sheet.append(cells)
    workbook.save(path)


if __name__ == "__main__":
    write_csv(HERE / "suivi-exemple.csv", HEADERS, ROWS)
    write_xlsx(HERE / "suivi-exemple.xlsx")
    write_csv(HERE / "suivi-avec-erreurs.csv", ERROR_HEADERS, ERROR_ROWS, encoding="cp1252")
    write_csv(HERE / "guide-exemple.csv", GUIDE_HEADERS, GUIDE_ROWS)
