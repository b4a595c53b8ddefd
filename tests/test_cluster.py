"""Builds on a Dask cluster (a LocalCluster of 2 worker processes): the same graph as a local build, every
article stored exactly once when a worker dies, and a clear error for a scheduler that is not there."""

from __future__ import annotations

import os
import signal
import sys

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.outputs.export import export

from .helpers import DATA, ROOT

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seeds plus 40 generated articles of the same story, as one JSON Lines file."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from build_bench import corpus as generated
    from build_bench import write_jsonl

    root = tmp_path_factory.mktemp("cluster")
    (root / "in").mkdir()
    write_jsonl(generated(40), root / "in" / "generated.jsonl")
    for f in DATA.glob("articles/*.txt"):
        (root / "in" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local_nquads(corpus):
    from graph.pipeline import build
    from graph.store import GraphStore

    with GraphStore(corpus / "local") as store:
        build([corpus / "in"], store)
        return export(store, "nquads")


@pytest.fixture(scope="module")
def dask_cluster():
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_a_cluster_build_gives_the_graph_of_a_local_build(corpus, local_nquads, dask_cluster):
    from graph.cluster import build_on_cluster
    from graph.store import GraphStore

    with GraphStore(corpus / "dask") as store:
        report = build_on_cluster([corpus / "in"], store, "unused", client=dask_cluster, partition_size=4)
        assert len(report.built) == 43 and not report.skipped
        assert export(store, "nquads") == local_nquads
        again = build_on_cluster([corpus / "in"], store, "unused", client=dask_cluster)
        assert again.built == [] and len(again.unchanged) == 43  # nothing is sent to the cluster


def test_a_worker_killed_mid_build_costs_only_its_partition(corpus, local_nquads, dask_cluster):
    from graph.cluster import build_on_cluster
    from graph.store import GraphStore

    pids = sorted(dask_cluster.run(os.getpid).values())
    killed = []

    def kill_one_worker(n: int) -> None:
        if not killed:
            os.kill(pids[0], signal.SIGKILL)  # the nanny restarts it; Dask re-runs what it held
            killed.append(pids[0])

    with GraphStore(corpus / "killed") as store:
        report = build_on_cluster(
            [corpus / "in"], store, "unused", client=dask_cluster, partition_size=2, progress=kill_one_worker
        )
        assert killed and sorted(report.built) == sorted(set(report.built)) and len(report.built) == 43
        assert len(store.article_hashes()) == 43
        assert export(store, "nquads") == local_nquads


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(
        cli, ["build", str(DATA), "--store", str(tmp_path / "s"), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output and "dask scheduler" in result.output


def test_a_bad_local_scheduler_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(DATA), "--store", str(tmp_path / "s"), "--scheduler", "local:x"])
    assert result.exit_code == 1 and "local:N" in result.output
