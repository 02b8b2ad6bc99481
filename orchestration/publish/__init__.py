"""Publication for BI tools: a DuckDB file and Parquet files, swapped in atomically."""
