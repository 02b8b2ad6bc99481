"""What users hold: chart datasets per area (CSV, JSON), and the fiches drawn from them."""
