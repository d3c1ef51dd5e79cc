"""Run a command with no network but loopback: meant to be started inside ``unshare -n``.

In a new network namespace the only interface is ``lo``, and it is down. This brings it up
(Jupyter's kernels talk to their client over 127.0.0.1), proves that nothing else can be
reached, then replaces itself with the command::

    unshare -n python tests/offline/netns_run.py python -m pytest --nbval notebooks

Standard library only; no packets leave the namespace (it has no route out).
"""

import fcntl
import os
import socket
import struct
import sys

SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


def loopback_up():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(s, SIOCGIFFLAGS, ifreq))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


def interfaces() -> list[str]:
    with open("/proc/net/dev") as f:
        return [line.split(":")[0].strip() for line in f.readlines()[2:]]


def network_is_cut() -> str:
    """A sentence saying how the outside failed, or raise if it was reachable."""
    try:  # no route: fails at once, before any packet is sent
        socket.create_connection(("192.0.2.1", 443), timeout=2).close()  # TEST-NET-1, never routed
    except OSError as e:
        unreachable = e.strerror or str(e)
    else:
        raise SystemExit("not isolated: an outside address answered")
    try:
        socket.getaddrinfo("pypi.org", 443)
    except OSError:
        return f"network cut: only lo; outside addresses: {unreachable}; names do not resolve"
    raise SystemExit("not isolated: DNS answered")


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    if interfaces() != ["lo"]:  # checked before touching anything
        raise SystemExit(f"not isolated (run me inside unshare -n): interfaces {interfaces()}")
    loopback_up()
    print(network_is_cut(), flush=True)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
