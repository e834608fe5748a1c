"""The extraction map on a local Dask cluster of two workers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.distributed import article_nquads, build_partitions
from tests.conftest import DEVSET

distributed = pytest.importorskip("distributed")


def test_dask_map_over_partitions_equals_the_local_map(tmp_path):
    paths = sorted(str(p) for p in (DEVSET / "articles").glob("*.txt"))[:12]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        parts = build_partitions(paths, tmp_path / "parts", npartitions=4)
    assert len(parts) == 4
    loaded = ox.Store()
    for part in parts:
        loaded.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
    local = ox.Store()
    local.bulk_load("".join(article_nquads(p) for p in paths).encode(), ox.RdfFormat.N_QUADS)
    assert len(loaded) == len(local) > 1000
    assert set(map(str, loaded)) == set(map(str, local))
    graphs = {g.value for g in loaded.named_graphs()}
    assert len(graphs) == len(paths)
