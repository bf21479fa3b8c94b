// libFuzzer target: an XML-RPC <value> as a peer may send it. Invariants:
// - decoding gives a Value or a fault, nothing else;
// - a decoded Value encodes, and Value -> XML -> Value is the identity, with the second
//   encoding byte for byte the first (as a response and as a call);
// - fromValue into the C++ types handlers take throws only ConversionError.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hostbridge/value_conversion.hpp"
#include "xml_codec.hpp"

namespace {

using namespace hostbridge;

// Each conversion either succeeds or throws ConversionError; anything else escapes and is
// reported by libFuzzer as a crash.
template <typename T>
void convert(const Value& v) {
    try {
        T out{};
        fromValue(v, out);
    } catch (const ConversionError&) {
    }
}

void convertAll(const Value& v) {
    convert<bool>(v);
    convert<int>(v);
    convert<std::int64_t>(v);
    convert<std::uint8_t>(v);
    convert<unsigned>(v);
    convert<std::uint64_t>(v);
    convert<double>(v);
    convert<float>(v);
    convert<std::string>(v);
    convert<Bytes>(v);
    convert<DateTime>(v);
    convert<std::chrono::system_clock::time_point>(v);
    convert<std::vector<int>>(v);
    convert<std::vector<std::string>>(v);
    convert<std::vector<float>>(v);
    convert<std::map<std::string, std::int16_t>>(v);
    convert<std::optional<std::vector<std::map<std::string, double>>>>(v);
    convert<std::map<std::string, std::vector<std::optional<Bytes>>>>(v);
}

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string value(reinterpret_cast<const char*>(data), size);
    const std::string document = "<?xml version=\"1.0\"?>\n<methodResponse><params><param>" + value +
                                 "</param></params></methodResponse>";
    Value decoded;
    try {
        auto answer = detail::parseResponse(document);
        if (std::holds_alternative<Fault>(answer)) return 0;  // the input held a <fault>
        decoded = std::move(std::get<Value>(answer));
    } catch (const Fault&) {
        return 0;  // refused or not XML-RPC
    }
    convertAll(decoded);
    if (decoded.type() == ValueType::Array)
        for (const Value& item : decoded.asArray()) convertAll(item);

    // Whatever was decoded must encode and come back equal, and encode the same again.
    const std::string first = detail::encodeResponse(decoded);
    const auto again = detail::parseResponse(first);
    if (!std::holds_alternative<Value>(again) || std::get<Value>(again) != decoded) fail("response round trip");
    if (detail::encodeResponse(std::get<Value>(again)) != first) fail("response encoding is not stable");

    const std::string call = detail::encodeCall("echo", Array{decoded});
    const detail::ParsedCall parsed = detail::parseCall(call);
    if (parsed.method != "echo" || parsed.params.size() != 1 || parsed.params[0] != decoded) fail("call round trip");
    return 0;
}
