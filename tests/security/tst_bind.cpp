// Check 1: the server listens on 127.0.0.1 only.
//
// Server exposes no socket, so the kernel's own table of listening sockets (/proc/net/tcp and
// tcp6) is what tells which address the port is bound to.

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <optional>
#include <sstream>

#include <gtest/gtest.h>

#include "counting_server.hpp"

namespace {

struct ListeningSocket {
    std::string localAddressHex;  // as the kernel prints it, e.g. "0100007F" for 127.0.0.1
};

// The sockets in state LISTEN (0A) on `port` from a /proc/net/tcp-style table.
std::vector<ListeningSocket> listeningOn(const char* table, std::uint16_t port) {
    std::vector<ListeningSocket> found;
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // column titles
    for (int lines = 0; lines < 100000 && std::getline(in, line); ++lines) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        const std::size_t colon = local.find(':');
        if (colon == std::string::npos || state != "0A") continue;
        if (std::stoul(local.substr(colon + 1), nullptr, 16) != port) continue;
        found.push_back({local.substr(0, colon)});
    }
    return found;
}

// The first IPv4 address of this machine that is not loopback, if any.
std::optional<in_addr> nonLoopbackAddress() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return std::nullopt;
    std::optional<in_addr> result;
    for (ifaddrs* a = list; a && !result; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
        const in_addr address = reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr;
        if ((ntohl(address.s_addr) >> 24) != 127) result = address;
    }
    ::freeifaddrs(list);
    return result;
}

}  // namespace

TEST(Bind, ListensOnLoopbackOnly) {
    CountingServer s;
    ASSERT_NE(s.port(), 0);
    EXPECT_EQ(s.server().url("/RPC2"), "http://127.0.0.1:" + std::to_string(s.port()) + "/RPC2");

    const auto v4 = listeningOn("/proc/net/tcp", s.port());
    ASSERT_EQ(v4.size(), 1u) << "exactly one IPv4 listener on the port";
    EXPECT_EQ(v4[0].localAddressHex, "0100007F") << "bound to 127.0.0.1, not 0.0.0.0";
    // A wildcard IPv6 listener (::, which also takes IPv4 unless V6ONLY) would expose the port.
    for (const auto& v6 : listeningOn("/proc/net/tcp6", s.port()))
        EXPECT_NE(v6.localAddressHex, "00000000000000000000000000000000") << "no [::] listener on the port";

    EXPECT_TRUE(s.logged().empty()) << "serving loopback logs no warning";
    EXPECT_TRUE(s.answersNormalCall());
}

TEST(Bind, RefusesConnectionsOnOtherAddresses) {
    CountingServer s;
    const auto other = nonLoopbackAddress();
    if (!other) GTEST_SKIP() << "this machine has no non-loopback IPv4 address";
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(s.port());
    address.sin_addr = *other;
    // A local address answers at once: refused, since nothing listens there.
    const int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    const int error = errno;
    ::close(fd);
    EXPECT_NE(rc, 0) << "the port must not accept connections on " << inet_ntoa(*other);
    EXPECT_EQ(error, ECONNREFUSED);
    EXPECT_TRUE(s.answersNormalCall());
}
