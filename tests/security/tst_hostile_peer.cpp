// Our client against a hostile or broken server (a squatter on a UI's port, a crashed peer):
// every answer it can send ends in a fault within the call's timeout, never a crash or a hang.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include <gtest/gtest.h>

#include "hostbridge/client.hpp"

using namespace std::chrono_literals;
using hostbridge::Client;
using hostbridge::FaultCode;

namespace {

// A one-connection TCP server on 127.0.0.1, port 0, that reads the request and answers with
// whatever `answer` writes, then closes.
class ScriptedServer {
public:
    explicit ScriptedServer(std::function<void(int fd)> answer) {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
        ::listen(m_listener, 4);
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this, answer] {
            const int fd = ::accept(m_listener, nullptr, nullptr);
            if (fd < 0) return;
            char request[65536];
            [[maybe_unused]] ssize_t n = ::recv(fd, request, sizeof request, 0);
            answer(fd);
            ::close(fd);
        });
    }
    ~ScriptedServer() {
        ::shutdown(m_listener, SHUT_RDWR);
        m_thread.join();
        ::close(m_listener);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/"; }

private:
    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::thread m_thread;
};

void write(int fd, const std::string& text) {
    [[maybe_unused]] ssize_t n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
}

}  // namespace

TEST(HostilePeer, EndlessInterimAnswersAreRefused) {
    ScriptedServer server([](int fd) {
        for (int i = 0; i < 10000; ++i) write(fd, "HTTP/1.1 100 Continue\r\n\r\n");
    });
    const auto result = Client(server.url(), "t", 5s).call("ping");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.fault().code(), FaultCode::InvalidResponse);
}

TEST(HostilePeer, AnswerThatIsNotHttpIsRefused) {
    ScriptedServer server([](int fd) { write(fd, "SSH-2.0-OpenSSH_9.2\r\n\r\n"); });
    const auto result = Client(server.url(), "t", 5s).call("ping");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.fault().code(), FaultCode::InvalidResponse);
}

TEST(HostilePeer, SilentServerTimesOut) {
    ScriptedServer server([](int) { std::this_thread::sleep_for(1500ms); });
    const auto begin = std::chrono::steady_clock::now();
    const auto result = Client(server.url(), "t", 300ms).call("ping");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.fault().code(), FaultCode::Timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, 1200ms);
}

TEST(HostilePeer, EndlessChunkSizeLineIsRefused) {
    ScriptedServer server([](int fd) {
        write(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 100; ++i) write(fd, std::string(1024, 'f'));
    });
    const auto result = Client(server.url(), "t", 5s).call("ping");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.fault().code(), FaultCode::InvalidResponse);
}

TEST(HostilePeer, DeeplyNestedAnswerIsRefused) {
    ScriptedServer server([](int fd) {
        std::string body = "<methodResponse><params><param>";
        for (int i = 0; i < 100000; ++i) body += "<value><array><data>";
        write(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n\r\n" + body);
    });
    const auto result = Client(server.url(), "t", 5s).call("ping");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.fault().code(), FaultCode::InvalidResponse);
}
