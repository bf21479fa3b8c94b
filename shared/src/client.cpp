#include "hostbridge/client.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <optional>

#include "hostbridge/base64.hpp"
#include "hostbridge/url.hpp"
#include "http_head.hpp"
#include "socket_io.hpp"
#include "unix_socket_posix.hpp"
#include "xml_codec.hpp"

namespace hostbridge {

using detail::Clock;
using detail::Fd;
using detail::IoStatus;

const Value& CallResult::value() const {
    if (const Fault* fault = std::get_if<Fault>(&m_outcome)) throw *fault;
    return std::get<Value>(m_outcome);
}

const Fault& CallResult::fault() const {
    if (const Fault* fault = std::get_if<Fault>(&m_outcome)) return *fault;
    throw std::logic_error("CallResult::fault: the call succeeded");
}

struct Client::Impl {
    Url url;
    std::string printableUrl;
    std::string authorization;  // the whole header line, or empty
    std::chrono::milliseconds timeout;
    std::size_t maxResponseBytes = 64 * 1024 * 1024;
    Fd fd;
    std::string buffer;  // bytes read past the last response (a well-behaved server sends none)
    std::mutex mutex;

    // Opens the connection; the fault when it cannot.
    std::optional<Fault> connect(Clock::time_point deadline);
    CallResult exchange(const std::string& request, Clock::time_point deadline, bool& mayRetry);
};

Client::Client(const std::string& url, std::string token, std::chrono::milliseconds timeout)
    : m_impl(std::make_unique<Impl>()) {
    m_impl->url = parseUrl(url);
    m_impl->printableUrl = m_impl->url.printable();
    if (token.empty()) token = m_impl->url.token;
    if (!token.empty()) {
        const std::string credentials = "hostbridge:" + token;
        m_impl->authorization =
            "Authorization: Basic " + encodeBase64(Bytes(credentials.begin(), credentials.end())) + "\r\n";
    }
    m_impl->timeout = timeout;
}

Client::~Client() = default;
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;

void Client::setTimeout(std::chrono::milliseconds timeout) { m_impl->timeout = timeout; }
std::chrono::milliseconds Client::timeout() const { return m_impl->timeout; }
void Client::setMaxResponseBytes(std::size_t bytes) { m_impl->maxResponseBytes = bytes; }
const std::string& Client::url() const { return m_impl->printableUrl; }

void Client::disconnect() {
    std::lock_guard lock(m_impl->mutex);
    m_impl->fd.reset();
    m_impl->buffer.clear();
}

std::optional<Fault> Client::Impl::connect(Clock::time_point deadline) {
    if (!url.socketPath.empty()) {
        std::string error;
        fd = detail::connectUnixSocket(url.socketPath, deadline, error);
        if (fd) return std::nullopt;
        return Fault(error == "timed out" ? FaultCode::Timeout : FaultCode::TransportError,
                     "cannot connect to " + url.socketPath + ": " + error);
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    // HostBridge servers listen on 127.0.0.1. "localhost" often resolves to ::1 first, where
    // another local user could listen on the same port and receive our token: so it means
    // 127.0.0.1 here, and nothing else.
    const std::string host = url.host == "localhost" ? "127.0.0.1" : url.host;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), url.port.c_str(), &hints, &found); rc != 0)
        return Fault(FaultCode::TransportError, "cannot resolve " + url.host + ": " + gai_strerror(rc));
    std::string lastError = "no address";
    int lastCode = FaultCode::TransportError;
    for (addrinfo* a = found; a; a = a->ai_next) {
        Fd candidate(::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
        if (!candidate) continue;
        detail::prepareStream(candidate.get());
        if (::connect(candidate.get(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
            lastError = detail::errnoText(errno);
            continue;
        }
        const IoStatus waited = detail::waitFor(candidate.get(), true, deadline, -1);
        if (waited == IoStatus::Timeout) {
            lastError = "timed out";
            lastCode = FaultCode::Timeout;
            break;
        }
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(candidate.get(), SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            lastError = detail::errnoText(error);
            continue;
        }
        fd = std::move(candidate);
        ::freeaddrinfo(found);
        return std::nullopt;
    }
    ::freeaddrinfo(found);
    return Fault(lastCode, "cannot connect to " + url.hostPort + ": " + lastError);
}

CallResult Client::callWithParams(const std::string& method, const Array& params) {
    return callWithParams(method, params, m_impl->timeout);
}

CallResult Client::callWithParams(const std::string& method, const Array& params, std::chrono::milliseconds timeout) {
    std::string body;
    try {
        body = detail::encodeCall(method, params);
    } catch (const ConversionError& e) {
        return Fault(FaultCode::InvalidParams, std::string("cannot send the call: ") + e.what());
    }
    std::string request = "POST " + m_impl->url.path + " HTTP/1.1\r\nHost: " + m_impl->url.hostPort +
                          "\r\nContent-Type: text/xml\r\nUser-Agent: HostBridge\r\n" + m_impl->authorization +
                          "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    request += body;

    std::lock_guard lock(m_impl->mutex);
    const auto deadline = Clock::now() + timeout;
    bool mayRetry = false;
    CallResult result = m_impl->exchange(request, deadline, mayRetry);
    // A kept-alive connection the server closed while idle fails before any answer arrives.
    // The request then almost surely reached no handler (servers close idle connections, not
    // busy ones), so it is sent once more on a fresh connection, as Python's client does; a
    // server that ran the handler and then died without answering would see the call twice.
    if (mayRetry) result = m_impl->exchange(request, deadline, mayRetry);
    return result;
}

CallResult Client::Impl::exchange(const std::string& request, Clock::time_point deadline, bool& mayRetry) {
    const bool reused = static_cast<bool>(fd);
    mayRetry = false;
    if (!fd) {
        buffer.clear();
        if (std::optional<Fault> failed = connect(deadline)) return *failed;
    }
    auto broken = [&](IoStatus status, const std::string& during) -> CallResult {
        fd.reset();
        buffer.clear();
        if (status == IoStatus::Timeout)
            return Fault(FaultCode::Timeout, "no answer from " + url.peer() + " within the timeout (" + during + ")");
        return Fault(FaultCode::TransportError, "connection to " + url.peer() + " lost while " + during);
    };
    // An answer refused for what it is (too large, malformed), not for a lost connection:
    // InvalidResponse, as docs/fault-codes.md says. The connection is dropped all the same.
    auto refused = [&](const std::string& why) -> CallResult {
        fd.reset();
        buffer.clear();
        return Fault(FaultCode::InvalidResponse, "the answer from " + url.peer() + " " + why);
    };

    if (IoStatus s = detail::sendAll(fd.get(), request, deadline, -1); s != IoStatus::Ok) {
        mayRetry = reused && s != IoStatus::Timeout;
        return broken(s, "sending the call");
    }
    // The head of the answer. We never send "Expect", so a well-behaved server sends no interim
    // (1xx) answers; a few are tolerated, and then the peer is taken to be hostile.
    detail::HttpHead head;
    for (int interim = 0;; ++interim) {
        std::size_t headEnd;
        while ((headEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
            if (buffer.size() > detail::kMaxHeadBytes) return refused("has an oversized head");
            const IoStatus s = detail::readSome(fd.get(), buffer, deadline, -1);
            if (s != IoStatus::Ok) {
                mayRetry = reused && buffer.empty() && interim == 0 && s != IoStatus::Timeout;
                return broken(s, "waiting for the answer");
            }
        }
        if (!detail::parseHttpHead(std::string_view(buffer).substr(0, headEnd), true, head))
            return refused("is not HTTP");
        buffer.erase(0, headEnd + 4);
        if (head.second.size() != 3 || head.second[0] != '1') break;
        if (interim == 4) return refused("holds too many interim (1xx) answers");
    }

    // Body: by Content-Length, chunked, or until the server closes.
    std::string body;
    const std::string* encoding = head.field("transfer-encoding");
    const std::string* length = head.field("content-length");
    if (encoding && detail::equalsNoCase(*encoding, "chunked")) {
        for (;;) {
            std::size_t lineEnd;
            while ((lineEnd = buffer.find("\r\n")) == std::string::npos) {
                // A chunk-size line never ends for a hostile server: bound it like a head.
                if (buffer.size() > detail::kMaxHeadBytes) return refused("has malformed chunks");
                if (IoStatus s = detail::readSome(fd.get(), buffer, deadline, -1); s != IoStatus::Ok)
                    return broken(s, "reading the answer");
            }
            std::size_t chunk = 0;
            try {
                chunk = std::stoul(buffer.substr(0, lineEnd), nullptr, 16);
            } catch (...) {
                return refused("has malformed chunks");
            }
            // (Compared without adding, so a chunk size near 2^64 cannot wrap around the check.)
            if (chunk > maxResponseBytes - body.size()) return refused("is over the size limit");
            while (buffer.size() < lineEnd + 2 + chunk + 2) {
                if (IoStatus s = detail::readSome(fd.get(), buffer, deadline, -1); s != IoStatus::Ok)
                    return broken(s, "reading the answer");
            }
            body.append(buffer, lineEnd + 2, chunk);
            buffer.erase(0, lineEnd + 2 + chunk + 2);
            if (chunk == 0) break;  // (trailer fields are not used by XML-RPC servers)
        }
    } else if (length) {
        const auto expected = detail::parseContentLength(*length);
        if (!expected) return refused("has an invalid Content-Length");
        if (*expected > maxResponseBytes) return refused("is over the size limit");
        while (buffer.size() < *expected) {
            if (IoStatus s = detail::readSome(fd.get(), buffer, deadline, -1); s != IoStatus::Ok)
                return broken(s, "reading the answer");
        }
        // The usual case, exactly one answer read: the buffer becomes the body, no copy.
        if (buffer.size() == *expected) {
            body.swap(buffer);
        } else {
            body = buffer.substr(0, *expected);
            buffer.erase(0, *expected);
        }
    } else {
        for (;;) {
            const IoStatus s = detail::readSome(fd.get(), buffer, deadline, -1);
            if (s == IoStatus::Closed) break;
            if (s != IoStatus::Ok) return broken(s, "reading the answer");
            if (buffer.size() > maxResponseBytes) return refused("is over the size limit");
        }
        body.swap(buffer);
        fd.reset();
    }
    const bool keep = head.keepAlive() && length;
    if (!keep) {
        fd.reset();
        buffer.clear();
    }

    if (head.second != "200") {
        std::string text = body.substr(0, 200);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        return Fault(FaultCode::HttpError, "HTTP " + head.second + " " + head.third + " from " + url.peer() +
                                               (text.empty() ? std::string() : ": " + text));
    }
    try {
        auto outcome = detail::parseResponse(body);
        if (auto* value = std::get_if<Value>(&outcome)) return std::move(*value);
        return std::get<Fault>(std::move(outcome));
    } catch (const Fault& fault) {
        return fault;
    }
}

}  // namespace hostbridge
