#pragma once
// Private: whether something accepts connections on a loopback port, for the UI link's
// squatter check. port_probe_posix.cpp implements it on POSIX sockets.

#include <chrono>
#include <cstdint>

namespace hostbridge::detail {

// Whether something accepts TCP connections on 127.0.0.1:port, bounded by `timeout` (also when
// a squatter's backlog is full and the handshake would otherwise hang: that counts as taken).
bool somethingListens(std::uint16_t port, std::chrono::milliseconds timeout);

}  // namespace hostbridge::detail
