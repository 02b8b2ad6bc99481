"""Dagster assets, one module per layer: raw (download and load), dbt (staging and marts)."""
