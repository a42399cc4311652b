#!/usr/bin/env bash
# Fetch the public reference files from their publishers, for an installation outside the project's
# own environment (where ../shared/data is provided). Same names and formats as the importers expect.
# Usage: scripts/download-reference-data.sh [TARGET_DIR]   (default ../shared/data)
set -euo pipefail
target="${1:-../shared/data}"
mkdir -p "$target/territory" "$target/geo" "$target/ssmsi"
fetch() { echo "→ $2"; curl -fsSL --retry 3 -o "$2" "$1"; }

# The assembled territory (COG 2026, DGCL 2026, populations) as published on npm by data.gouv.fr.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @etalab/decoupage-administratif >/dev/null && tar xzf etalab-decoupage-administratif-*.tgz)
cp "$tmp"/package/data/{communes,epci,arrondissements,departements,regions}.json "$target/territory/"
cp "$tmp"/package/data/ept.json "$target/territory/" 2>/dev/null || true

# INSEE Code officiel géographique 2026 (CSV, file 8740222) and legal populations (8680726, a ZIP).
cog="https://www.insee.fr/fr/statistiques/fichier/8740222"
fetch "$cog/v_commune_2026.csv" "$target/territory/communes.csv"
fetch "$cog/v_arrondissement_2026.csv" "$target/territory/arrondissements.csv"
fetch "$cog/v_departement_2026.csv" "$target/territory/departements.csv"
fetch "$cog/v_region_2026.csv" "$target/territory/regions.csv"
fetch "$cog/v_mvt_commune_2026.csv" "$target/territory/mouvements-communes.csv"
fetch "https://www.insee.fr/fr/statistiques/fichier/8680726/ensemble.zip" "$tmp/populations.zip"
unzip -o -j -q "$tmp/populations.zip" donnees_communes.csv -d "$target/territory/"
echo "(Pages des éditeurs, si une adresse a changé : https://www.insee.fr/fr/information/2560452 et https://www.insee.fr/fr/statistiques/8680726)"

# DGCL composition of the EPCIs.
fetch "https://www.collectivites-locales.gouv.fr/files/files/Etudes-et-statistiques/DESL/2026/EPCI/epcicom2026.xlsx" "$target/territory/epcicom.xlsx"

# Boundaries (IGN Admin Express COG, simplified by the france-geojson project).
base="https://raw.githubusercontent.com/gregoiredavid/france-geojson/master"
fetch "$base/departements/59-nord/communes-59-nord.geojson" "$target/geo/communes-59-nord.geojson"
fetch "$base/departements/59-nord/arrondissements-59-nord.geojson" "$target/geo/arrondissements-59-nord.geojson"
fetch "$base/departements/59-nord/departement-59-nord.geojson" "$target/geo/departement-59-nord.geojson"
fetch "$base/departements-version-simplifiee.geojson" "$target/geo/departements-version-simplifiee.geojson"
echo "SSMSI : les bases départementales et régionales de la délinquance enregistrée sont sur data.gouv.fr (jeu « bases statistiques communale, départementale et régionale de la délinquance enregistrée par la police et la gendarmerie nationales »)."
echo "Fait. Puis : python manage.py import_territory --arrondissement 596"
