"""Official statistics in a test's database: the reference areas and the real SSMSI files of ../shared/data, parsed
once per worker and written into each test's database."""

from pathlib import Path

import pytest
from django.conf import settings

_PARSED = {}


@pytest.fixture
def reference_areas(db):
    from officialstats.importer import import_reference_areas

    import_reference_areas(settings.REFERENCE_DATA_DIR)


def parsed(name):
    from officialstats.importer import bundled_files, parse_file

    if name not in _PARSED:
        path = next(p for p in bundled_files(settings.REFERENCE_DATA_DIR) if p.name == name)
        _PARSED[name] = parse_file(path, data_dir=settings.REFERENCE_DATA_DIR)
    return _PARSED[name]


@pytest.fixture
def official_statistics(territory, reference_areas):
    """Everything the demo imports: SSMSI départements and régions (edition 2023), the Valenciennes police complaints."""
    from officialstats.importer import write_file

    for name in ("donnee-dep-2023.csv", "donnee-reg-2023.csv", "chiffres-locaux-valenciennois.csv"):
        write_file(parsed(name))


def write_csv(tmp_path, name, text):
    path = Path(tmp_path) / name
    path.write_text(text, encoding="utf-8")
    return path
