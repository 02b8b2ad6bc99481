"""Great Expectations suites (under `expectations/`) run against DataFrames read from DuckDB."""
