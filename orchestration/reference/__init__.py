"""Reference files shipped with the project (official customs annexes, the Territoires
d'industrie list and shapes; see each folder's PROVENANCE.md): where they are, in one place."""

from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent
CUSTOMS_DIR = REFERENCE_DIR / "customs"
TERRITOIRES_DIR = REFERENCE_DIR / "territoires_industrie"
TERRITOIRES_FILE = TERRITOIRES_DIR / "liste-ti-2023-2027.csv"
TERRITOIRES_DEPARTMENTS_FILE = TERRITOIRES_DIR / "liste-ti-dep-2023-2027-derive.csv"
TERRITOIRES_GEOMETRY_FILE = TERRITOIRES_DIR / "ti_geom_simplified.geojson"
