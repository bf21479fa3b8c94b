// libFuzzer target: the client side, as hostbridge-call and its --repl feed it. The input is
// JSON text: an array is the call's parameters, anything else its one parameter. Invariants:
// - parseJson gives a Value or throws std::invalid_argument (JsonRangeError included), never
//   a crash, however deep the input nests;
// - the Value encodes as a <methodCall> or is refused with a ConversionError (a control
//   character, a date before year 1000, text that is not UTF-8): the writer never crashes;
// - the call parses back on the server side to the same parameters, or, for values nested
//   deeper than xmlrpc-c's 64 levels, is refused with a ParseError fault; doubles compare
//   exactly unless the text uses the stand-in range (see fuzz_value.cpp), and a member name
//   with a carriage return arrives with a line end instead (shared/src/xml_writer.cpp);
// - toJson writes what came back without throwing.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "hostbridge/json.hpp"
#include "stand_ins.hpp"
#include "xml_codec.hpp"

namespace {

using namespace hostbridge;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    __builtin_trap();
}

// Levels of `v` (1 for a scalar); parseJson has already capped it at kMaxValueDepth.
int depthOf(const Value& v) {
    int deepest = 0;
    if (v.type() == ValueType::Array)
        for (const Value& item : v.asArray()) deepest = std::max(deepest, depthOf(item));
    if (v.type() == ValueType::Struct)
        for (const auto& member : v.asStruct()) deepest = std::max(deepest, depthOf(member.second));
    return deepest + 1;
}

// Whether a member name anywhere in `v` holds a carriage return, which travels as a line end.
bool crInAName(const Value& v) {
    if (v.type() == ValueType::Array)
        for (const Value& item : v.asArray())
            if (crInAName(item)) return true;
    if (v.type() == ValueType::Struct)
        for (const auto& [name, member] : v.asStruct())
            if (name.find('\r') != std::string::npos || crInAName(member)) return true;
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Value parsed;
    try {
        parsed = parseJson(text);
    } catch (const std::invalid_argument&) {
        return 0;  // not JSON, or JSON XML-RPC cannot carry as written
    }
    Array params;
    if (parsed.type() == ValueType::Array) params = std::move(parsed.asArray());
    else params.push_back(std::move(parsed));

    std::string xml;
    try {
        xml = detail::encodeCall("echo", params);
    } catch (const ConversionError&) {
        return 0;  // refused with the reason, nothing sent
    }
    detail::ParsedCall call;
    try {
        call = detail::parseCall(xml);
    } catch (const Fault& f) {
        if (f.code() != FaultCode::ParseError || depthOf(Value(params)) <= 32) fail("a call we wrote was refused");
        return 0;
    }
    if (call.method != "echo") fail("the method name changed");
    const bool exact = !detail::hasStandInRange(xml) && !crInAName(Value(params));
    if (exact && !(Value(call.params) == Value(params))) fail("the parameters changed on the way");
    try {
        (void)toJson(Value(call.params));
    } catch (const ConversionError&) {
        fail("toJson refused what came back");
    }
    return 0;
}
