"""Connections open on a listening Unix socket, read from /proc/net/unix (no ss: iproute2 is
not on a fresh machine)."""

SS_CONNECTED = "03"


def connections_on(path):
    """Connections accepted on the listening Unix socket at `path` and open now: the accepted
    ends carry the listener's path, in state connected (the listener itself is unconnected)."""
    count = 0
    with open("/proc/net/unix") as table:
        next(table)  # Num RefCount Protocol Flags Type St Inode Path
        for line in table:
            fields = line.split()
            if len(fields) >= 8 and fields[5] == SS_CONNECTED and fields[7] == path:
                count += 1
    return count
