"""Chart datasets: one tidy table per chart of the fiche and area, computed from the marts
(`tables`, pure) and written as CSV and JSON beside the warehouse (`store`). The fiches are drawn
from these files, and so can any other renderer or BI tool."""
