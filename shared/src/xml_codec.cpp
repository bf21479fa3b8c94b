#include "xml_codec.hpp"

#include "stand_ins.hpp"
#include "xml_reader.hpp"
#include "xml_writer.hpp"

namespace hostbridge::detail {
namespace {

// Replaces what cannot travel in a fault message with '?', so the fault always goes out: bytes
// that are not UTF-8 (utf8.hpp), characters XML 1.0 cannot carry, and, unless `beyondBmp`,
// characters beyond U+FFFF (which xmlrpc-c takes only as stand-ins).
std::string sanitizeUtf8(const std::string& s, bool beyondBmp) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n =
            c < 0x80 ? 1 : xmlCharLength(reinterpret_cast<const unsigned char*>(s.data()), s.size(), i);
        bool ok = n > 0 && (beyondBmp || n < 4);
        // Control characters other than tab and newlines are not allowed in XML 1.0.
        if (ok && n == 1 && c < 0x20 && c != '\t' && c != '\n' && c != '\r') ok = false;
        if (ok) {
            out.append(s, i, n);
            i += n;
        } else {
            out.push_back('?');
            ++i;
        }
    }
    return out;
}

}  // namespace

ParsedCall parseCall(std::string_view xml) { return parseCallWithXmlrpcC(xml); }

std::string encodeCall(const std::string& method, const Array& params) {
    std::string text;
    try {
        if (writeCall(method, params, text)) return text;
    } catch (const ConversionError& e) {
        throw e.within("params");
    }
    return encodeCallWithXmlrpcC(method, params);
}

std::string encodeResponse(const Value& result) {
    std::string text;
    if (writeResponse(result, text)) return text;
    return encodeResponseWithXmlrpcC(result);
}

std::string encodeFault(int code, const std::string& message) {
    // A message may use stand-ins only if it holds none of their range itself.
    return encodeFaultWithXmlrpcC(code, sanitizeUtf8(message, !hasStandInRange(message)));
}

std::variant<Value, Fault> parseResponse(std::string_view xml) {
    if (std::optional<Value> value = readResponse(xml)) return std::move(*value);
    return parseResponseWithXmlrpcC(xml);
}

}  // namespace hostbridge::detail
