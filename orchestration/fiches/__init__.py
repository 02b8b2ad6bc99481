"""The fiches (HTML and PDF), the index pages and the territory pages, drawn from the chart
datasets (`orchestration.chart_datasets`)."""
