#include "hostbridge/json.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <optional>
#include <stdexcept>
#include <vector>

#include "civil_date.hpp"
#include "hostbridge/base64.hpp"

namespace hostbridge {
namespace {

using Json = nlohmann::json;

// parseDateTime's forms; throws std::invalid_argument saying what is wrong, naming the field of
// a date that does not exist (February 30, hour 24, second 60).
DateTime readDateTime(std::string_view text) {
    unsigned y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
    std::string s(text);
    int consumed = 0;
    if (std::sscanf(s.c_str(), "%4u-%2u-%2uT%2u:%2u:%2u%n", &y, &m, &d, &hh, &mm, &ss, &consumed) != 6 &&
        std::sscanf(s.c_str(), "%4u%2u%2uT%2u:%2u:%2u%n", &y, &m, &d, &hh, &mm, &ss, &consumed) != 6)
        throw std::invalid_argument("not YYYY-MM-DDTHH:MM:SS[.ffffff][Z]");
    std::string_view rest = text.substr(static_cast<std::size_t>(consumed));
    std::int64_t micro = 0;
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        int digits = 0;
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
            if (digits < 6) {
                micro = micro * 10 + (rest.front() - '0');
                ++digits;
            }
            rest.remove_prefix(1);
        }
        if (digits == 0) throw std::invalid_argument("no digits after the '.' of the seconds");
        for (; digits < 6; ++digits) micro *= 10;
    }
    if (rest == "Z") rest = {};
    if (!rest.empty())
        throw std::invalid_argument("'" + std::string(rest.substr(0, 20)) + "' after the time (only Z, UTC, is read)");
    const detail::CivilTime civil{y, m, d, hh, mm, ss, static_cast<unsigned>(micro)};
    const std::string problem = detail::civilProblem(civil);
    if (!problem.empty()) throw std::invalid_argument("the date does not exist: " + problem);
    return DateTime(std::chrono::microseconds(detail::microsecondsFromCivil(civil)));
}

// Builds a Value from nlohmann's parse events (SAX): its parser keeps its own stack, and so does
// this, so no depth of JSON takes stack per level; the depth is still capped at kMaxValueDepth,
// since nothing deeper could be sent. The events also give each number's text, so numbers
// XML-RPC cannot carry are refused instead of changed.
class ValueBuilder : public nlohmann::json_sax<Json> {
public:
    Value take() { return std::move(m_root); }

    bool null() override { return add(Value()); }
    bool boolean(bool b) override { return add(Value(b)); }
    bool number_integer(number_integer_t i) override { return add(Value(static_cast<std::int64_t>(i))); }
    bool number_unsigned(number_unsigned_t u) override {
        if (u > static_cast<std::uint64_t>(INT64_MAX)) throwBeyond64Bits(std::to_string(u));
        return add(Value(static_cast<std::int64_t>(u)));
    }
    bool number_float(number_float_t d, const string_t& text) override {
        // nlohmann reads an integer too large for 64 bits as a double.
        if (text.find_first_of(".eE") == string_t::npos) throwBeyond64Bits(text);
        return add(Value(d));
    }
    bool string(string_t& s) override { return add(Value(std::move(s))); }
    bool binary(binary_t&) override { throw std::invalid_argument("binary values are not JSON text"); }
    bool start_object(std::size_t) override { return open(Value(Struct{})); }
    bool key(string_t& name) override {
        m_open.back().key = std::move(name);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(Value(Array{})); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string& token, const nlohmann::detail::exception& e) override {
        if (e.id == 406) {  // a number beyond a double's range ("1e400", or 400 digits)
            if (token.find_first_of(".eE") == std::string::npos) throwBeyond64Bits(token);
            throw JsonRangeError("the number " + token.substr(0, 40) +
                                 " is beyond the range of a double (about 1.8e308)");
        }
        // nlohmann's text starts with "[json.exception.parse_error.101] parse error at ...";
        // its exception types are private to this file, so callers get invalid_argument.
        const std::string message = e.what();
        const std::size_t start = message.find("] ");
        throw std::invalid_argument(start == std::string::npos ? message : message.substr(start + 2));
    }

private:
    struct Open {
        Value container;
        std::string key;  // of a struct: the member being read
    };

    [[noreturn]] static void throwBeyond64Bits(const std::string& digits) {
        throw JsonRangeError("the integer " + digits.substr(0, 40) + (digits.size() > 40 ? "..." : "") +
                             " does not fit in 64 bits (-2^63 to 2^63-1), the widest XML-RPC integer; "
                             "send it as a string or a double (1.5e20)");
    }

    bool add(Value v) {
        if (m_open.empty()) {
            m_root = std::move(v);
        } else if (Open& top = m_open.back(); top.container.type() == ValueType::Array) {
            top.container.asArray().push_back(std::move(v));
        } else {
            top.container.asStruct().insert_or_assign(std::move(top.key), std::move(v));
        }
        return true;
    }
    bool open(Value container) {
        if (m_open.size() >= static_cast<std::size_t>(kMaxValueDepth))
            throw JsonRangeError("the JSON nests deeper than " + std::to_string(kMaxValueDepth) + " levels");
        m_open.push_back({std::move(container), {}});
        return true;
    }
    bool close() {
        Value done = std::move(m_open.back().container);
        m_open.pop_back();
        if (done.type() == ValueType::Struct) done = tagged(std::move(done));
        return add(std::move(done));
    }

    // {"$base64": "..."} and {"$dateTime": "..."} as the bytes and the date they stand for.
    static Value tagged(Value object) {
        const Struct& members = object.asStruct();
        if (members.size() != 1 || members.begin()->second.type() != ValueType::String) return object;
        const std::string& name = members.begin()->first;
        const std::string& text = members.begin()->second.asString();
        if (name == "$base64") {
            if (auto bytes = decodeBase64(text)) return Value(std::move(*bytes));
            throw std::invalid_argument("invalid base64 in {\"$base64\": ...}");
        }
        if (name == "$dateTime") {
            try {
                return Value(readDateTime(text));
            } catch (const std::invalid_argument& e) {
                throw std::invalid_argument(std::string("invalid date in {\"$dateTime\": ...}: ") + e.what());
            }
        }
        return object;
    }

    Value m_root;
    std::vector<Open> m_open;
};

Json toJsonValue(const Value& v, int depth = 1) {
    if (depth > kMaxValueDepth)
        throw ConversionError({}, "the value nests deeper than " + std::to_string(kMaxValueDepth) + " levels");
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
        for (const Value& item : v.asArray()) array.push_back(toJsonValue(item, depth + 1));
        return array;
    }
    case ValueType::Struct: {
        Json object = Json::object();
        for (const auto& [key, member] : v.asStruct()) object[key] = toJsonValue(member, depth + 1);
        return object;
    }
    }
    return nullptr;
}

}  // namespace

Value parseJson(std::string_view text) {
    ValueBuilder builder;
    Json::sax_parse(text, &builder);
    return builder.take();
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
    try {
        return readDateTime(text);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
}

}  // namespace hostbridge
