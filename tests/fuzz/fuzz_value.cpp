// libFuzzer target: an XML-RPC <value> as a peer may send it. Invariants:
// - decoding gives a Value or a fault, nothing else;
// - a decoded Value encodes (or is refused with a ConversionError, as dates before year 1000
//   are: xmlrpc-c cannot write them), and Value -> XML -> Value is the identity, with the second
//   encoding byte for byte the first (as a response and as a call); in a document that uses
//   the stand-in range, doubles are xmlrpc-c's and compared to its precision;
// - fromValue into the C++ types handlers take throws only ConversionError;
// - the direct response reader (xml_reader) and xmlrpc-c agree, on the input in an envelope and
//   on the input as a whole document: the same Value, the same fault, or both refuse it with the
//   same fault code.

#include <algorithm>
#include <cmath>
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

// Whether `xml` holds a character of the stand-in range U+E000-U+EBFF (UTF-8 EE 80 80 to
// EE AF BF). Such a document bypasses the stand-ins (stand_ins.hpp), so its doubles are
// xmlrpc-c's own: exact to about 15 significant digits, not to the last bit.
bool usesStandInRange(const std::string& xml) {
    for (std::size_t i = 0; i + 2 < xml.size(); ++i)
        if (static_cast<unsigned char>(xml[i]) == 0xEE && static_cast<unsigned char>(xml[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(xml[i + 1]) <= 0xAF)
            return true;
    return false;
}

// Equal, with doubles compared to xmlrpc-c's precision when `inexactDoubles`.
bool same(const Value& a, const Value& b, bool inexactDoubles) {
    if (!inexactDoubles) return a == b;
    if (a.type() != b.type()) return false;
    switch (a.type()) {
    case ValueType::Double: {
        const double x = a.asDouble(), y = b.asDouble();
        return x == y || std::fabs(x - y) <= 1e-13 * std::max(std::fabs(x), std::fabs(y));
    }
    case ValueType::Array: {
        const Array &x = a.asArray(), &y = b.asArray();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!same(x[i], y[i], true)) return false;
        return true;
    }
    case ValueType::Struct: {
        const Struct &x = a.asStruct(), &y = b.asStruct();
        if (x.size() != y.size()) return false;
        for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
            if (i->first != j->first || !same(i->second, j->second, true)) return false;
        return true;
    }
    default: return a == b;
    }
}

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    __builtin_trap();
}

// What parsing a response gave: its value, its fault, or the refusal's fault code.
std::variant<Value, Fault, int> outcome(std::variant<Value, Fault> (*parse)(std::string_view), const std::string& xml) {
    try {
        auto answer = parse(xml);
        if (std::holds_alternative<Fault>(answer)) return std::get<Fault>(answer);
        return std::get<Value>(std::move(answer));
    } catch (const Fault& refused) {
        return refused.code();
    }
}

bool sameOutcome(const std::variant<Value, Fault, int>& a, const std::variant<Value, Fault, int>& b) {
    if (a.index() != b.index()) return false;
    if (const Value* v = std::get_if<Value>(&a)) return *v == std::get<Value>(b);
    if (const Fault* f = std::get_if<Fault>(&a))
        return f->code() == std::get<Fault>(b).code() && std::string(f->what()) == std::get<Fault>(b).what();
    return std::get<int>(a) == std::get<int>(b);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string value(reinterpret_cast<const char*>(data), size);
    const std::string document =
        "<?xml version=\"1.0\"?>\n<methodResponse><params><param>" + value + "</param></params></methodResponse>";
    // The input in an envelope, and as a whole document of its own (its declaration and prolog
    // then are the fuzzer's too).
    for (const std::string* xml : {&document, &value})
        if (!sameOutcome(outcome(detail::parseResponse, *xml), outcome(detail::parseResponseWithXmlrpcC, *xml)))
            fail("the direct reader and xmlrpc-c disagree");
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

    // Whatever was decoded must encode and come back equal, and encode the same again (in a
    // document of the stand-in range: equal to xmlrpc-c's double precision, see above).
    std::string first;
    try {
        first = detail::encodeResponse(decoded);
    } catch (const ConversionError&) {
        return 0;  // a value we read but refuse to send, with a fault that says why (years before 1000)
    }
    const bool inexact = usesStandInRange(first);
    const auto again = detail::parseResponse(first);
    if (!std::holds_alternative<Value>(again) || !same(std::get<Value>(again), decoded, inexact))
        fail("response round trip");
    if (!inexact && detail::encodeResponse(std::get<Value>(again)) != first) fail("response encoding is not stable");

    const std::string call = detail::encodeCall("echo", Array{decoded});
    const detail::ParsedCall parsed = detail::parseCall(call);
    if (parsed.method != "echo" || parsed.params.size() != 1 || !same(parsed.params[0], decoded, inexact))
        fail("call round trip");
    return 0;
}
