#pragma once
// Raw HTTP over plain POSIX sockets, for sending requests no well-behaved client would send
// (wrong Host, browser headers, lying Content-Length, trickled bytes) and reading exactly what
// the server answers. Every wait is bounded by a timeout.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rawhttp {

using namespace std::chrono_literals;

struct Response {
    int status = 0;                                            // 0: no parsable status line
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, values trimmed
    std::string body;
    bool closedByServer = false;  // the server closed the connection after this response

    // The value of a header; nullopt when absent.
    std::optional<std::string> header(const std::string& lowerName) const;
    // True when any header name starts with `lowerPrefix` (e.g. "access-control-allow-").
    bool hasHeaderWithPrefix(const std::string& lowerPrefix) const;
};

// Whether these tests run over Unix sockets ($HOSTBRIDGE_TEST_TRANSPORT=unix, a second CTest
// run of each security test) instead of TCP.
bool overUnixSocket();
// Records the Unix socket that the server on `port` also serves: with overUnixSocket(), a
// Connection to that port goes to the socket.
void registerSocket(std::uint16_t port, const std::string& path);

// One connection to 127.0.0.1:port, or to the socket registered for it (see overUnixSocket).
class Connection {
public:
    // Connects; isOpen() tells whether it worked.
    explicit Connection(std::uint16_t port);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool isOpen() const { return m_fd >= 0; }

    // Sends all of `bytes`; false when the peer closed or reset the connection.
    bool send(const std::string& bytes);

    // Reads one response: its head, then as much body as Content-Length says (or up to the
    // server closing the connection). nullopt when nothing parsable arrived within `timeout`.
    std::optional<Response> readResponse(std::chrono::milliseconds timeout = 5000ms);

    // Waits until the server closes the connection (read returns 0 or ECONNRESET), keeping
    // what arrives meanwhile in pending() (at most about 1 MiB). False when it is still open after `timeout`.
    bool waitForClose(std::chrono::milliseconds timeout);

    // True when the server has closed the connection; looks without waiting.
    bool isClosedByServer();

    // Everything received so far and not yet consumed by readResponse.
    const std::string& pending() const { return m_buffer; }

private:
    // Reads what is available within the deadline into m_buffer. 1: got bytes, 0: closed or
    // reset, -1: timed out.
    int readSome(std::chrono::steady_clock::time_point deadline);

    int m_fd = -1;
    bool m_closed = false;
    std::string m_buffer;
};

// Opens a connection, sends `request` and reads one response.
std::optional<Response> exchange(std::uint16_t port, const std::string& request,
                                 std::chrono::milliseconds timeout = 5000ms);

// A request head ending in the blank line: "<method> <target> HTTP/1.1", then each header line
// as given ("Name: value"), in order.
std::string head(const std::string& method, const std::string& target, const std::vector<std::string>& headerLines);

// The value "Basic base64(user:password)" for an Authorization header.
std::string basicAuthorization(const std::string& user, const std::string& password);

// The faultCode of a <methodResponse> holding a fault; nullopt when it holds none.
std::optional<int> faultCodeOf(const std::string& body);

// A <methodCall> with string parameters (already XML-escaped by the caller).
std::string methodCallXml(const std::string& method, const std::vector<std::string>& stringParams = {});

}  // namespace rawhttp
