#include "hostbridge/json.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>

#include "civil_date.hpp"
#include "hostbridge/base64.hpp"

namespace hostbridge {
namespace {

using Json = nlohmann::json;

Value fromJson(const Json& j) {
    switch (j.type()) {
    case Json::value_t::null: return Value();
    case Json::value_t::boolean: return Value(j.get<bool>());
    case Json::value_t::number_integer: return Value(j.get<std::int64_t>());
    case Json::value_t::number_unsigned: {
        const auto u = j.get<std::uint64_t>();
        return u > static_cast<std::uint64_t>(INT64_MAX) ? Value(static_cast<double>(u)) : Value(static_cast<std::int64_t>(u));
    }
    case Json::value_t::number_float: return Value(j.get<double>());
    case Json::value_t::string: return Value(j.get<std::string>());
    case Json::value_t::array: {
        Array array;
        array.reserve(j.size());
        for (const Json& item : j) array.push_back(fromJson(item));
        return Value(std::move(array));
    }
    case Json::value_t::object: {
        if (j.size() == 1 && j.contains("$base64") && j["$base64"].is_string()) {
            if (auto bytes = decodeBase64(j["$base64"].get<std::string>())) return Value(std::move(*bytes));
            throw std::invalid_argument("invalid base64 in {\"$base64\": ...}");
        }
        if (j.size() == 1 && j.contains("$dateTime") && j["$dateTime"].is_string()) {
            if (auto time = parseDateTime(j["$dateTime"].get<std::string>())) return Value(*time);
            throw std::invalid_argument("invalid date in {\"$dateTime\": ...}");
        }
        Struct members;
        for (auto it = j.begin(); it != j.end(); ++it) members.emplace(it.key(), fromJson(it.value()));
        return Value(std::move(members));
    }
    default: throw std::invalid_argument("unsupported JSON value");
    }
}

Json toJsonValue(const Value& v) {
    switch (v.type()) {
    case ValueType::Nil: return nullptr;
    case ValueType::Boolean: return v.asBool();
    case ValueType::Int: return v.asInt();
    case ValueType::Double: return v.asDouble();
    case ValueType::String: return v.asString();
    case ValueType::DateTime: return Json{{"$dateTime", formatDateTime(v.asDateTime())}};
    case ValueType::Bytes: return Json{{"$base64", encodeBase64(v.asBytes())}};
    case ValueType::Array: {
        Json array = Json::array();
        for (const Value& item : v.asArray()) array.push_back(toJsonValue(item));
        return array;
    }
    case ValueType::Struct: {
        Json object = Json::object();
        for (const auto& [key, member] : v.asStruct()) object[key] = toJsonValue(member);
        return object;
    }
    }
    return nullptr;
}

}  // namespace

Value parseJson(std::string_view text) {
    try {
        return fromJson(Json::parse(text));
    } catch (const Json::exception& e) {
        // nlohmann's text starts with "[json.exception.parse_error.101] parse error at ...";
        // its exception types are private to this file, so callers get invalid_argument.
        std::string message = e.what();
        const std::size_t start = message.find("] ");
        throw std::invalid_argument(start == std::string::npos ? message : message.substr(start + 2));
    }
}

std::string toJson(const Value& value, int indent) {
    // Replace invalid UTF-8 rather than fail: output is for people and scripts to read.
    return toJsonValue(value).dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string formatDateTime(DateTime time) {
    const detail::CivilTime t = detail::civilFromMicroseconds(time.time_since_epoch().count());
    char text[48];
    int n = std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02u:%02u:%02u", static_cast<long long>(t.year), t.month,
                          t.day, t.hour, t.minute, t.second);
    if (t.microsecond) n += std::snprintf(text + n, sizeof text - static_cast<std::size_t>(n), ".%06u", t.microsecond);
    return std::string(text, static_cast<std::size_t>(n)) + "Z";
}

std::optional<DateTime> parseDateTime(std::string_view text) {
    unsigned y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
    std::string s(text);
    int consumed = 0;
    if (std::sscanf(s.c_str(), "%4u-%2u-%2uT%2u:%2u:%2u%n", &y, &m, &d, &hh, &mm, &ss, &consumed) != 6 &&
        std::sscanf(s.c_str(), "%4u%2u%2uT%2u:%2u:%2u%n", &y, &m, &d, &hh, &mm, &ss, &consumed) != 6)
        return std::nullopt;
    std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
    std::int64_t micro = 0;
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        int digits = 0;
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
            if (digits < 6) { micro = micro * 10 + (rest.front() - '0'); ++digits; }
            rest.remove_prefix(1);
        }
        if (digits == 0) return std::nullopt;
        for (; digits < 6; ++digits) micro *= 10;
    }
    if (rest == "Z") rest = {};
    if (!rest.empty() || m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
    return DateTime(std::chrono::microseconds(
        detail::microsecondsFromCivil({y, m, d, hh, mm, ss, static_cast<unsigned>(micro)})));
}

}  // namespace hostbridge
