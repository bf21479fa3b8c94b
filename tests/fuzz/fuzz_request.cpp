// libFuzzer target: raw bytes as a server receives them on a connection. Each request is
// framed as Server::serve frames it (head up to the blank line, at most 16 KiB), its head
// parsed and checked by the request guard, and a body that passes goes to MethodTable::handle
// with a few bound methods. Invariants: nothing crashes or throws, and every answer is a
// methodResponse our own client reads back (a value or a fault).

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hostbridge/method_table.hpp"
#include "http_head.hpp"
#include "request_guard.hpp"
#include "xml_codec.hpp"

namespace {

using namespace hostbridge;

// The token and port the seed corpus (corpus/request/) is written for.
constexpr std::uint16_t kPort = 9090;
const char* const kToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
// Small, so the fuzzer reaches the 413 branch; the server's default is 64 MiB.
constexpr std::size_t kMaxBody = 1 << 20;
// Pipelined requests handled from one input; more would only repeat work.
constexpr int kMaxRequests = 8;

const MethodTable& table() {
    static const MethodTable* const instance = [] {
        auto* t = new MethodTable();
        t->bind(
            "echo", [](const Value& v) { return v; }, "Returns its argument.");
        t->bind("add", [](int a, int b) { return static_cast<std::int64_t>(a) + b; });
        t->bind("join", [](const std::vector<std::string>& parts, std::optional<std::string> separator) {
            std::string out;
            for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator.value_or(",") : "") + parts[i];
            return out;
        });
        t->bind("scale", [](std::vector<double> values, float factor) {
            for (double& v : values) v *= factor;
            return values;
        });
        t->bind("sizes", [](const std::map<std::string, Bytes>& blobs) {
            std::map<std::string, std::uint32_t> out;
            for (const auto& [name, bytes] : blobs) out[name] = static_cast<std::uint32_t>(bytes.size());
            return out;
        });
        t->bind("later", [](DateTime t, std::int64_t seconds) { return t + std::chrono::seconds(seconds); });
        t->bind("fail", [](const std::string& message) -> int { throw std::runtime_error(message); });
        return t;
    }();
    return *instance;
}

void checkAnswer(const std::string& xml) {
    // Throws (and so fails the run) when the server's own answer is not a response.
    detail::parseResponse(xml);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    detail::GuardPolicy policy;
    policy.port = kPort;
    policy.token = kToken;
    policy.maxBodyBytes = kMaxBody;
    policy.servesPath = [](const std::string& path) { return path == "/" || path == "/RPC2"; };

    for (int n = 0; n < kMaxRequests && !input.empty(); ++n) {
        std::size_t scanned = 0;
        bool bareLf = false;
        const std::size_t headEnd = detail::findHeadEnd(input, scanned, bareLf);
        if (headEnd == std::string_view::npos || headEnd > detail::kMaxHeadBytes) return 0;  // 400, 431 or waits
        detail::HttpHead head;
        if (!detail::parseHttpHead(input.substr(0, headEnd), false, head)) return 0;  // 400
        std::size_t bodyLength = 0;
        if (detail::checkRequestHead(head, policy, bodyLength)) return 0;  // refused; connection closed
        if (bodyLength > kMaxBody) __builtin_trap();                       // the guard let an oversized body through
        input.remove_prefix(headEnd + 4);
        // A shorter body would make the server wait for the rest; handling the bytes that are
        // there exercises the decoder on truncated documents, which a peer can send anyway.
        const std::string_view body = input.substr(0, bodyLength);
        checkAnswer(table().handle(body));
        if (!head.keepAlive()) return 0;
        input.remove_prefix(body.size());
    }
    return 0;
}
