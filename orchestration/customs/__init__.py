"""The customs file formats, as pure functions: data lines (`records`) and annex label files
(`labels`). Read by the load (`ingest`) and written by the synthetic source (`synth`)."""
