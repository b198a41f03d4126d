"""Beyond one process: two replicas behind HAProxy over one published store; one is killed and no reader is lost."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_DIR

from benchmarks.failover import drill
from cinecoop.cluster import Cluster

pytestmark = [pytest.mark.browser, pytest.mark.cluster]


@pytest.fixture
def cluster(tmp_path):
    running = Cluster(tmp_path / "cluster", replicas=2, data_dir=SAMPLE_DIR, store_dir=tmp_path / "store").start()
    yield running
    running.stop()


def test_readers_of_a_killed_replica_come_back_through_the_proxy_to_the_same_view_with_the_right_numbers(cluster, browser):
    outcome = drill(cluster, SAMPLE_DIR, sessions=4, browser=browser)
    readers = outcome["sessions"]
    # The proxy spread the readers over both replicas, and the one holding the most was killed.
    assert {reader.replica for reader in readers} == {"r1", "r2"}
    moved = [reader for reader in readers if reader.replica == outcome["killed"]]
    assert moved
    for reader in readers:
        assert reader.errors == [], (reader.number, reader.errors, reader.status_seen)
        assert reader.mismatches == [], (reader.number, reader.mismatches)
        # Every reader is now on the replica left: the killed one's readers reconnected, the others never left.
        assert reader.replica_after != outcome["killed"]
        if reader not in moved:
            assert len(reader.sockets) == 1 and reader.replica_after == reader.replica
    assert all(reader.reconnect_seconds is not None for reader in moved)
    assert outcome["new_session_replica"] != outcome["killed"]
    assert outcome["new_session_mismatches"] == []
    # The replicas served the published store and wrote nothing into the store folder.
    for replica in cluster.replicas:
        assert "rebuilt" not in replica.log() and "Traceback" not in replica.log()
