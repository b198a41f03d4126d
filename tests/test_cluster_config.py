"""The proxy's configuration rendered per replica count, checked by HAProxy itself, and the analysts' replica kept apart."""

from __future__ import annotations

import http.cookiejar
import subprocess
import urllib.request

import pytest
from conftest import SAMPLE_DIR

from cinecoop import access, store
from cinecoop.cluster import Cluster, Server, haproxy_binary, render

pytestmark = pytest.mark.cluster


def haproxy_accepts(text: str, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "haproxy.cfg"
    path.write_text(text)
    return subprocess.run([haproxy_binary(), "-c", "-f", str(path)], capture_output=True, text=True)


def test_three_replicas_and_an_analysts_replica_render_a_configuration_haproxy_accepts(tmp_path):
    text = render(
        [Server("r1", 8601), Server("r2", 8602), Server("r3", 8603)], [Server("a1", 8701)], port=8501, pidfile=tmp_path / "haproxy.pid"
    )
    checked = haproxy_accepts(text, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    servers = [line.split()[1:3] for line in text.splitlines() if line.strip().startswith("server ")]
    assert servers == [["r1", "127.0.0.1:8601"], ["r2", "127.0.0.1:8602"], ["r3", "127.0.0.1:8603"], ["a1", "127.0.0.1:8701"]]
    assert "bind 127.0.0.1:8501" in text
    assert "option httpchk GET /_stcore/health" in text and "http-check expect string ok" in text
    assert "cookie cinecoop_replica insert indirect nocache httponly" in text
    assert "timeout tunnel 1h" in text  # the WebSocket stays open through the visit
    assert "acl analyst_page path_beg /workbench /analyst_charts /auth/ /oauth2callback" in text
    assert "{{" not in text


def test_without_an_analysts_replica_every_reader_goes_to_the_leadership_pool(tmp_path):
    text = render([Server("r1", 8601)], port=9000, address="::", pidfile=tmp_path / "haproxy.pid")
    assert haproxy_accepts(text, tmp_path).returncode == 0
    assert "bind [::]:9000" in text
    assert "backend analysts" not in text and "use_backend" not in text


def test_replica_names_must_differ_and_a_cluster_needs_a_leadership_replica():
    with pytest.raises(ValueError, match="must differ"):
        render([Server("r1", 1), Server("r1", 2)])
    with pytest.raises(ValueError, match="at least one leadership replica"):
        render([])


def test_leadership_replicas_run_with_the_analyst_pages_off_and_all_read_the_published_store_read_only(tmp_path):
    cluster = Cluster(tmp_path, replicas=2, analysts=1, address="0.0.0.0", data_dir=SAMPLE_DIR, store_dir=tmp_path / "store")
    for replica in cluster.replicas:
        assert replica.environment[access.SWITCH_ENV] == "off"
    for replica in (*cluster.replicas, *cluster.analysts):
        assert replica.environment[store.MODE_ENV] == "readonly"
        assert replica.environment["CINECOOP_STORE_DIR"] == str(tmp_path / "store")
        # The replicas listen on loopback; the analyst pages follow the address readers reach (the proxy's).
        assert replica.environment[access.PUBLIC_ADDRESS_ENV] == "0.0.0.0"


def get(opener, url: str) -> dict[str, str]:
    with opener.open(url, timeout=30) as response:
        assert response.status == 200
    return {cookie.name: cookie.value for cookie in opener.cookiejar}


def opener_with_cookies():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.cookiejar = jar
    return opener


def test_the_analysts_pages_are_served_by_the_analysts_replica_and_the_rest_of_that_visit_stays_there(tmp_path):
    cluster = Cluster(tmp_path / "cluster", replicas=1, analysts=1, data_dir=SAMPLE_DIR, store_dir=tmp_path / "store").start()
    try:
        director = opener_with_cookies()
        assert get(director, cluster.url + "/exchange") == {"cinecoop_replica": "r1"}
        analyst = opener_with_cookies()
        assert get(analyst, cluster.url + "/workbench") == {"cinecoop_replica": "a1", "cinecoop_pool": "analysts"}
        # The analyst's next requests (another page, the health check the frontend makes) go to the same replica.
        assert get(analyst, cluster.url + "/")["cinecoop_replica"] == "a1"
        with analyst.open(cluster.url + "/_stcore/health", timeout=30) as response:
            assert response.read() == b"ok"
        assert {cookie.name: cookie.value for cookie in analyst.cookiejar}["cinecoop_replica"] == "a1"
        # The store folder holds what the build wrote (the store, its index of input files, the pointer), nothing a replica added.
        built = store.read_pointer(tmp_path / "store").store
        assert sorted(path.name for path in (tmp_path / "store").iterdir() if not path.name.startswith(".")) == sorted(
            [built.name, built.with_suffix(store.INDEX_SUFFIX).name, "current"]
        )
    finally:
        cluster.stop()
