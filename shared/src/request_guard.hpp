#pragma once
// Private: the checks every request head passes before its body is read or any handler runs
// (security checks 2-5 and 7 of the threat model; docs/security.md).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "http_head.hpp"

namespace hostbridge::detail {

struct GuardPolicy {
    std::uint16_t port = 0;  // the bound port, checked in Host
    std::string token;       // empty: no token required
    std::size_t maxBodyBytes = 0;
    std::function<bool(const std::string& path)> servesPath;
};

struct Refusal {
    int status;          // HTTP status code
    std::string reason;  // short text for the status line and the body
};

// The first check the request head fails, or nullopt with `bodyLength` set.
std::optional<Refusal> checkRequestHead(const HttpHead& head, const GuardPolicy& policy, std::size_t& bodyLength);

// The path of a request target, without its query string.
std::string targetPath(const std::string& target);

}  // namespace hostbridge::detail
