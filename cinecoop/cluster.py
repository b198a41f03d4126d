"""Several dashboard replicas behind HAProxy over one published store: the proxy's configuration, and `make serve-cluster`.

`python -m cinecoop.cluster serve --replicas 3 [--analysts 1] [--port 8501]` builds (or refreshes) the store once,
starts the replicas on loopback ports reading it read-only, renders deploy/haproxy.cfg.template for them, runs HAProxy in
the foreground on the port, restarts a replica that dies, and stops everything on Ctrl+C.
`python -m cinecoop.cluster config ...` prints the configuration only (for a proxy run by the system's service manager).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cinecoop import access, launch, paths, store

TEMPLATE = paths.PROJECT_ROOT / "deploy" / "haproxy.cfg.template"
DEFAULT_WORKDIR = paths.PROJECT_ROOT / ".cache" / "cluster"
# Pages that go to the analysts' replica, and the sign-in routes (only that replica offers sign-in).
ANALYST_PATHS = ("/workbench", "/analyst_charts", "/auth/", "/oauth2callback")
POOL_COOKIE = "cinecoop_pool"
REPLICA_COOKIE = "cinecoop_replica"


@dataclass(frozen=True)
class Server:
    """One replica as the proxy knows it: its name (also its sticky-cookie value) and loopback port."""

    name: str
    port: int
    host: str = "127.0.0.1"


def render(
    leadership: Sequence[Server],
    analysts: Sequence[Server] = (),
    *,
    address: str = "127.0.0.1",
    port: int = 8501,
    pidfile: Path = DEFAULT_WORKDIR / "haproxy.pid",
    maxconn: int = 4096,
    log_level: str = "notice",
) -> str:
    """deploy/haproxy.cfg.template filled in for these replicas (no hand-edited port lists)."""
    if not leadership:
        raise ValueError("a cluster needs at least one leadership replica")
    names = [server.name for server in (*leadership, *analysts)]
    if len(set(names)) != len(names):
        raise ValueError(f"replica names must differ: {names}")
    lines = "".join(f"    server {server.name} {server.host}:{server.port} check cookie {server.name}\n" for server in leadership)
    routing = analyst_backend = ""
    if analysts:
        routing = (
            "    # The analysts' pages and sign-in go to the analysts' replica, and so does the rest of that browser's visit\n"
            "    # (its WebSocket, its next pages): the pool cookie says so. Leadership replicas run with the analyst pages off.\n"
            f"    acl analyst_page path_beg {' '.join(ANALYST_PATHS)}\n"
            f"    acl analyst_browser req.cook({POOL_COOKIE}) -m str analysts\n"
            "    use_backend analysts if analyst_page or analyst_browser\n"
        )
        analyst_backend = (
            "\nbackend analysts\n"
            "    balance leastconn\n"
            f'    cookie {REPLICA_COOKIE} insert indirect nocache httponly attr "SameSite=Lax"\n'
            "    option httpchk GET /_stcore/health\n"
            "    http-check expect string ok\n"
            "    default-server inter 2s fastinter 500ms downinter 2s fall 3 rise 2\n"
            f'    http-response add-header Set-Cookie "{POOL_COOKIE}=analysts; Path=/; HttpOnly; SameSite=Lax"\n'
            + "".join(f"    server {server.name} {server.host}:{server.port} check cookie {server.name}\n" for server in analysts)
        )
    values = {
        "replicas": str(len(leadership)),
        "analysts_note": f" and {len(analysts)} analysts' replica{'s' if len(analysts) != 1 else ''}" if analysts else "",
        "maxconn": str(maxconn),
        "log_level": log_level,
        "pidfile": str(pidfile),
        "address": f"[{address}]" if ":" in address else address,
        "port": str(port),
        "analyst_routing": routing,
        "leadership_servers": lines,
        "analyst_backend": analyst_backend,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    if "{{" in text:
        raise ValueError(f"{TEMPLATE} has a placeholder this script does not fill: {text[text.index('{{') :].split()[0]}")
    return text


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if found is None:
        raise FileNotFoundError("HAProxy is not installed: `make proxy-ready` installs Debian's haproxy package (as root)")
    return found


class Cluster:
    """The store built once, replicas reading it read-only on loopback, and HAProxy in front on address:port."""

    def __init__(
        self,
        workdir: Path,
        *,
        replicas: int = 2,
        analysts: int = 0,
        port: int | None = None,
        address: str = "127.0.0.1",
        data_dir: Path | None = None,
        store_dir: Path | None = None,
        env: Mapping[str, str] | None = None,
        options: Sequence[str] = (),
        first_port: int | None = None,
    ):
        if replicas < 1 or analysts < 0:
            raise ValueError("a cluster needs at least one leadership replica and zero or more analysts' replicas")
        self.workdir = workdir
        self.address = address
        self.port = port or launch.free_port(address)
        self.url = f"http://{'127.0.0.1' if address in ('0.0.0.0', '::', '') else address}:{self.port}"
        self.data_dir = paths.data_dir(data_dir)
        self.store_dir = store.store_dir(store_dir)
        common = {
            "CINECOOP_DATA_DIR": str(self.data_dir),
            "CINECOOP_STORE_DIR": str(self.store_dir),
            store.MODE_ENV: "readonly",
            # The replicas listen on loopback, but readers reach them where the proxy listens: the analyst pages follow that.
            access.PUBLIC_ADDRESS_ENV: address,
            **(env or {}),
        }
        self.replicas: list[launch.Replica] = []
        for number in range(1, replicas + 1):
            leadership_env = dict(common, **({access.SWITCH_ENV: "off"} if analysts else {}))
            self.replicas.append(self._replica(f"r{number}", leadership_env, options, first_port and first_port + number - 1))
        self.analysts = [
            self._replica(f"a{number}", common, options, first_port and first_port + replicas + number - 1)
            for number in range(1, analysts + 1)
        ]
        self.config_path = workdir / "haproxy.cfg"
        self.proxy: subprocess.Popen | None = None
        self._proxy_log = None

    def _replica(self, name: str, env: Mapping[str, str], options: Sequence[str], port: int | None) -> launch.Replica:
        return launch.Replica(self.workdir / f"{name}.log", port=port, env=env, options=options, name=name)

    def build(self) -> None:
        from cinecoop.db import build_store

        result = build_store(self.data_dir, paths.queries_dir() / "views", self.store_dir)
        if result.store_path is None:
            raise RuntimeError(f"the store could not be built: {result.status}")
        for reason in result.holdbacks:
            print(f"held back: {reason}", file=sys.stderr)

    def config(self) -> str:
        servers = [Server(replica.name, replica.port) for replica in self.replicas]
        analysts = [Server(replica.name, replica.port) for replica in self.analysts]
        return render(servers, analysts, address=self.address, port=self.port, pidfile=self.workdir / "haproxy.pid")

    def start(self, build: bool = True, timeout: float = 120.0) -> Cluster:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if build:
            self.build()
        try:
            for replica in (*self.replicas, *self.analysts):
                replica.start(timeout)
            self.start_proxy(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def start_proxy(self, timeout: float = 30.0) -> None:
        self.config_path.write_text(self.config(), encoding="utf-8")
        binary = haproxy_binary()
        check = subprocess.run([binary, "-c", "-q", "-f", str(self.config_path)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"HAProxy refuses {self.config_path}: {(check.stderr or check.stdout).strip()}")
        self._proxy_log = (self.workdir / "haproxy.log").open("a")
        self.proxy = subprocess.Popen(
            [binary, "-db", "-f", str(self.config_path)], stdout=self._proxy_log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proxy.poll() is None:
            if launch.healthy(self.url):
                return
            time.sleep(0.2)
        raise RuntimeError(f"HAProxy did not answer on {self.url}; see {self.workdir / 'haproxy.log'}")

    def restart_dead(self) -> list[str]:
        """Start again every replica that died (the proxy's checks bring it back within two seconds); their names."""
        restarted = []
        for replica in (*self.replicas, *self.analysts):
            if replica.process is not None and not replica.alive:
                replica.stop()
                replica.start()
                restarted.append(replica.name)
        return restarted

    def stop(self) -> None:
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            try:
                self.proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
                self.proxy.wait(timeout=10)
        if self._proxy_log is not None:
            self._proxy_log.close()
            self._proxy_log = None
        for replica in (*self.replicas, *self.analysts):
            with contextlib.suppress(Exception):
                replica.stop()


def _interrupt(*_: object) -> None:
    """A service manager's SIGTERM stops the cluster as Ctrl+C does."""
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cinecoop.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("serve", "config"))
    parser.add_argument("--replicas", type=int, default=2, help="leadership replicas (default 2)")
    parser.add_argument("--analysts", type=int, default=0, help="analysts' replicas kept apart (default 0: every replica serves all pages)")
    parser.add_argument("--port", type=int, default=8501, help="the port readers open (default 8501)")
    parser.add_argument("--address", default="127.0.0.1", help="the address the proxy listens on (default 127.0.0.1)")
    parser.add_argument("--data", help="data folder (default: $CINECOOP_DATA_DIR or the shipped sample)")
    parser.add_argument("--store", help="store folder (default: $CINECOOP_STORE_DIR or .cache/store)")
    parser.add_argument("--first-port", type=int, help="the replicas' loopback ports start here (default: free ports)")
    parser.add_argument("--workdir", default=str(DEFAULT_WORKDIR), help="where the configuration, pid file and logs go")
    args = parser.parse_args(argv)
    cluster = Cluster(
        Path(args.workdir).resolve(),
        replicas=args.replicas,
        analysts=args.analysts,
        port=args.port,
        address=args.address,
        data_dir=Path(args.data) if args.data else None,
        store_dir=Path(args.store) if args.store else None,
        first_port=args.first_port,
    )
    if args.command == "config":
        sys.stdout.write(cluster.config())
        return 0
    # Ctrl+C and a service manager's SIGTERM stop everything, even when started where SIGINT is ignored (a background job).
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        cluster.start()
        print(f"Cinecoop: {len(cluster.replicas)} replicas" + (f" and {len(cluster.analysts)} for analysts" if cluster.analysts else ""))
        print(f"  open {cluster.url}  (logs and haproxy.cfg in {cluster.workdir}); Ctrl+C stops them all", flush=True)
        while cluster.proxy is not None and cluster.proxy.poll() is None:
            for name in cluster.restart_dead():
                print(f"replica {name} had stopped: started again", flush=True)
            time.sleep(1)
        print("HAProxy stopped; stopping the replicas", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    raise SystemExit(main())
