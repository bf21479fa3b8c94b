// One connection of a Server, on its own thread: requests read, checked and answered, kept
// alive or closed (docs/security.md gives the checks).
#include <algorithm>
#include <chrono>
#include <string>

#include "handle_request.hpp"
#include "http_head.hpp"
#include "request_guard.hpp"
#include "server_impl.hpp"

namespace hostbridge {

using detail::Clock;
using detail::IoStatus;

namespace {

// After large work the connection gives freed memory back once it has been idle this long, not at
// once: a caller that fetches large answers back to back would otherwise fault every page of the
// next answer in again (P3's context() took 55 -> 80 ms with a trim after each answer).
constexpr std::chrono::milliseconds kTrimAfterIdle{1000};
// A lingering close reads at most this much, for at most kDrainTotal, until kDrainIdle passes
// without data.
constexpr std::size_t kMaxDrainBytes = 256 * 1024 * 1024;
constexpr std::chrono::milliseconds kDrainIdle{500};
constexpr std::chrono::milliseconds kDrainTotal{5000};

std::size_t mebibytes(std::size_t bytes) { return (bytes + (1u << 20) - 1) >> 20; }

const char* statusPhrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
    }
}

}  // namespace

std::string Server::Impl::errorResponse(int status, const std::string& text) {
    std::string body = text + "\n";
    std::string response =
        "HTTP/1.1 " + std::to_string(status) + " " + statusPhrase(status) +
        "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n";
    if (status == 401) response += "WWW-Authenticate: Basic realm=\"HostBridge\"\r\n";
    if (status == 405) response += "Allow: POST\r\n";
    return response + "\r\n" + body;
}

void Server::Impl::refuse(int fd, int status, const std::string& reason, std::size_t unreadBytes) {
    detail::sendAll(fd, errorResponse(status, reason), Clock::now() + options.bodyTimeout, wakeRead.get());
    closeGracefully(fd, unreadBytes);
}

// After an answer the peer may not have read, with input of its own unread (a body refused
// unread, a pipelined request): a lingering close, so the answer is not lost to a reset.
void Server::Impl::closeGracefully(int fd, std::size_t unreadBytes) {
    detail::drainBeforeClose(fd, std::clamp<std::size_t>(unreadBytes, 1u << 20, kMaxDrainBytes), kDrainIdle,
                             kDrainTotal, wakeRead.get());
}

void Server::Impl::serve(Connection& connection) {
    const int fd = connection.fd.get();
    const int wake = wakeRead.get();
    detail::GuardPolicy policy;
    policy.port = port;
    policy.token = token;
    policy.maxBodyBytes = options.maxBodyBytes;
    policy.servesPath = [this](const std::string& path) { return routes.count(path) > 0; };

    std::string buffer;
    // Large work done and its memory not yet given back (kTrimAfterIdle); given back at the
    // latest when the connection ends.
    struct PendingTrim {
        bool due = false;
        ~PendingTrim() {
            if (due) detail::releaseFreedMemory();
        }
    } trim;
    // A new connection gets headerTimeout for its whole first head, counted from accept, so a
    // peer that sends nothing, or trickles, holds a slot no longer than that.
    auto headDeadline = Clock::now() + options.headerTimeout;
    for (bool firstRequest = true;; firstRequest = false) {
        // ---- head: on a kept-alive connection, wait (idle, so the slot may be taken back for
        // a new caller) for its first byte, then give the rest of it the header timeout
        if (!firstRequest) {
            if (buffer.empty()) {
                markIdle(connection);
                const auto idleDeadline = Clock::now() + options.idleTimeout;
                IoStatus status = IoStatus::Timeout;
                if (trim.due) {
                    status = detail::readSome(fd, buffer, std::min(idleDeadline, Clock::now() + kTrimAfterIdle), wake);
                    if (status == IoStatus::Timeout) {
                        trim.due = false;
                        detail::releaseFreedMemory();
                    }
                }
                if (status == IoStatus::Timeout) status = detail::readSome(fd, buffer, idleDeadline, wake);
                if (!markBusy(connection) || status != IoStatus::Ok) return;
            }
            headDeadline = Clock::now() + options.headerTimeout;
        }
        std::size_t scanned = 0;
        bool bareLf = false;
        std::size_t headEnd;
        while ((headEnd = detail::findHeadEnd(buffer, scanned, bareLf)) == std::string::npos) {
            if (bareLf || buffer.size() > detail::kMaxHeadBytes) {
                ++requests;
                return bareLf ? refuse(fd, 400, "Bad Request: header lines must end in CRLF", 0)
                              : refuse(fd, 431, "Request Header Fields Too Large", 0);
            }
            const IoStatus status = detail::readSome(fd, buffer, headDeadline, wake);
            if (status == IoStatus::Timeout) {
                ++requests;
                detail::sendAll(fd, errorResponse(408, "Request Timeout"),
                                Clock::now() + std::chrono::milliseconds(100), wake);
                return;
            }
            if (status != IoStatus::Ok) return;
        }
        ++requests;

        // ---- checks on the head alone
        detail::HttpHead head;
        std::size_t bodyLength = 0;
        std::optional<detail::Refusal> refusal;
        if (headEnd > detail::kMaxHeadBytes) refusal = detail::Refusal{431, "Request Header Fields Too Large"};
        else if (!detail::parseHttpHead(std::string_view(buffer).substr(0, headEnd), false, head))
            refusal = detail::Refusal{400, "Bad Request: malformed request head"};
        else refusal = detail::checkRequestHead(head, policy, bodyLength);
        const std::size_t bodyStart = headEnd + 4;
        if (refusal) {
            // What the peer will still send, so the lingering close reads it: its declared
            // body (also past the cap: a client may send it all before reading our answer).
            const std::string* length = head.field("content-length");
            const auto declared = length ? detail::parseContentLength(*length) : std::nullopt;
            return refuse(fd, refusal->status, refusal->reason, declared.value_or(0));
        }

        // ---- body: what it costs is held against the server's memory budget until answered
        detail::MemoryBudget::Reservation reservation(budget);
        const std::size_t cost = bodyLength * kRequestCostFactor;
        if (!reservation.tryHold(cost)) {
            if (cost > kSmallWorkBytes) {
                return refuse(fd, 503,
                              "Service Unavailable: requests and answers in progress hold " +
                                  std::to_string(mebibytes(budget.used())) + " MiB of the server's " +
                                  std::to_string(mebibytes(budget.limit())) + " MiB and this one needs " +
                                  std::to_string(mebibytes(cost)) + " MiB; retry later",
                              bodyLength);
            }
            reservation.hold(cost);
        }
        if (buffer.size() < bodyStart + bodyLength) {
            const std::string* expect = head.field("expect");
            if (expect && detail::equalsNoCase(*expect, "100-continue"))
                detail::sendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n", Clock::now() + options.bodyTimeout, wake);
            const auto bodyDeadline = Clock::now() + options.bodyTimeout;
            while (buffer.size() < bodyStart + bodyLength) {
                const IoStatus status = detail::readSome(fd, buffer, bodyDeadline, wake);
                if (status == IoStatus::Timeout) {
                    detail::sendAll(fd, errorResponse(408, "Request Timeout: the body did not arrive in time"),
                                    Clock::now() + std::chrono::milliseconds(100), wake);
                    return;
                }
                if (status != IoStatus::Ok) return;
            }
        }

        // ---- dispatch and answer
        const bool keepAlive = head.keepAlive();
        bool sent = false;
        std::size_t answerCost = 0;
        {
            const MethodTable& table = *routes.at(detail::targetPath(head.second));
            Value result;  // freed after the answer went out (end of this block)
            const std::string xml =
                detail::handleRequest(table, std::string_view(buffer).substr(bodyStart, bodyLength), result);
            // The body is done with: its memory goes before the answer is sent, not after.
            buffer.erase(0, bodyStart + bodyLength);
            if (buffer.capacity() > kSmallWorkBytes) buffer.shrink_to_fit();
            answerCost = xml.size() * kAnswerCostFactor;
            reservation.hold(answerCost);  // new work sees the answer until it is sent
            std::string response =
                "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + std::to_string(xml.size()) + "\r\n";
            if (!keepAlive) response += "Connection: close\r\n";
            else if (head.third == "HTTP/1.0") response += "Connection: keep-alive\r\n";
            response += "\r\n";
            // A small answer goes out in one write; a large one is not copied behind its head.
            const bool large = xml.size() > 64 * 1024;
            if (!large) response += xml;
            const auto sendDeadline = Clock::now() + options.bodyTimeout;
            sent = detail::sendAll(fd, response, sendDeadline, wake) == IoStatus::Ok &&
                   (!large || detail::sendAll(fd, xml, sendDeadline, wake) == IoStatus::Ok);
        }
        reservation.hold(0);
        if (std::max(cost, answerCost) > kSmallWorkBytes) trim.due = true;
        if (!sent) return;
        if (!keepAlive) return closeGracefully(fd, 0);
    }
}

}  // namespace hostbridge
