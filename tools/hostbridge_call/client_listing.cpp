#include "client_listing.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace hostbridge {
namespace {

constexpr std::array<const char*, 7> kColumns{"id", "name", "pid", "port", "state", "since", "lastSeen"};
constexpr std::array<const char*, 7> kHeadings{"ID", "NAME", "PID", "PORT", "STATE", "SINCE", "LAST SEEN"};

std::string cell(const Value& client, const char* member) {
    const Value* value = client.type() == ValueType::Struct ? client.find(member) : nullptr;
    if (!value) return "?";
    if (value->type() == ValueType::String) return value->asString();
    if (value->type() == ValueType::Int) return std::to_string(value->asInt());
    return "?";
}

}  // namespace

std::string formatClientList(const Value& clients) {
    if (clients.type() != ValueType::Array || clients.asArray().empty()) return "(no clients)\n";
    std::vector<std::array<std::string, kColumns.size()>> rows;
    rows.emplace_back();
    std::copy(kHeadings.begin(), kHeadings.end(), rows.back().begin());
    for (const Value& client : clients.asArray()) {
        rows.emplace_back();
        for (std::size_t c = 0; c < kColumns.size(); ++c) rows.back()[c] = cell(client, kColumns[c]);
    }
    std::array<std::size_t, kColumns.size()> widths{};
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 2, ' ');
        }
        out += line + '\n';
    }
    return out;
}

}  // namespace hostbridge
