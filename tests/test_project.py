"""The dbt project's manifest, which the definitions and the publication read."""

from __future__ import annotations

import json
import os

from orchestration.project import prepare_manifest


def test_a_parse_replaces_the_manifest_in_one_rename():
    """`dbt parse` goes to a folder of its own and the manifest is moved into place: a process
    reading the old one (an xdist worker, the UI) keeps a whole file and never meets a half-written
    one (seen in CI: « Expecting property name … char 478707 » while a dbt wrote it in place)."""
    manifest = prepare_manifest()
    semantic = manifest.with_name("semantic_manifest.json")  # what MetricFlow's `mf` reads
    semantic_before = os.stat(semantic).st_ino
    with manifest.open("rb") as old:
        before = os.fstat(old.fileno()).st_ino
        assert prepare_manifest(force=True) == manifest
        assert os.stat(manifest).st_ino != before  # a new file, not the old one rewritten
        assert json.loads(old.read())["metadata"]["dbt_version"]  # the old one, still whole
    assert json.loads(manifest.read_text(encoding="utf-8"))["nodes"]
    assert os.stat(semantic).st_ino != semantic_before  # replaced too
    assert json.loads(semantic.read_text(encoding="utf-8"))["semantic_models"]
    assert not list(manifest.parent.glob(".parse-*"))  # its folder removed
