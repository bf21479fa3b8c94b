#include "xml_writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "hostbridge/utf8.hpp"

#include "base64_text.hpp"
#include "civil_date.hpp"

namespace hostbridge::detail {
namespace {

constexpr std::size_t kBase64LineBytes = 57;  // xmlrpc-c's lines: 76 characters, then CRLF

class Writer {
public:
    explicit Writer(std::string& out) : m_out(out) {}
    bool rangeInUse() const { return m_rangeInUse; }

    // `depth`: the level of `v` (1 outermost), refused past kMaxValueDepth.
    void value(const Value& v, int depth = 1) {
        if (depth > kMaxValueDepth) throwTooDeep();
        m_out += "<value>";
        switch (v.type()) {
        case ValueType::Nil: m_out += "<nil/>"; break;
        case ValueType::Boolean: m_out += v.asBool() ? "<boolean>1</boolean>" : "<boolean>0</boolean>"; break;
        case ValueType::Int: {
            const std::int64_t i = v.asInt();
            // <int> is 32 bits on the wire; a wider value goes as <i8>, never truncated.
            const bool narrow = i >= INT32_MIN && i <= INT32_MAX;
            m_out += narrow ? "<i4>" : "<i8>";
            number(i);
            m_out += narrow ? "</i4>" : "</i8>";
            break;
        }
        case ValueType::Double: {
            const double d = v.asDouble();
            if (!std::isfinite(d)) throw ConversionError({}, "a non-finite double (NaN or infinity) cannot be sent");
            // The shortest digits that read back exactly, without exponent (stand_ins.hpp).
            char digits[400];
            const auto written = std::to_chars(digits, digits + sizeof digits, d, std::chars_format::fixed);
            m_out += "<double>";
            m_out.append(digits, written.ptr);
            m_out += "</double>";
            break;
        }
        case ValueType::String:
            m_out += "<string>";
            text(v.asString(), false);
            m_out += "</string>";
            break;
        case ValueType::DateTime: dateTime(v.asDateTime()); break;
        case ValueType::Bytes: base64(v.asBytes()); break;
        case ValueType::Array: {
            m_out += "<array><data>\r\n";
            const Array& elements = v.asArray();
            for (std::size_t i = 0; i < elements.size(); ++i) {
                try {
                    value(elements[i], depth + 1);
                } catch (const ConversionError& e) {
                    throw e.within("[" + std::to_string(i) + "]");
                }
                m_out += "\r\n";
            }
            m_out += "</data></array>";
            break;
        }
        case ValueType::Struct:
            m_out += "<struct>\r\n";
            for (const auto& [key, member] : v.asStruct()) {
                m_out += "<member><name>";
                text(key, true);
                m_out += "</name>\r\n";
                try {
                    value(member, depth + 1);
                } catch (const ConversionError& e) {
                    throw e.within("." + key);
                }
                m_out += "</member>\r\n";
            }
            m_out += "</struct>";
            break;
        }
        m_out += "</value>";
    }

    // Escaped as xmlrpc-c escapes: <, > and & as entities; a carriage return in a string as
    // &#x0d; (so it survives), in a member name as a line end (xmlrpc-c's names cannot hold one).
    void text(const std::string& s, bool memberName) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
        const std::size_t size = s.size();
        std::size_t copied = 0;
        for (std::size_t i = 0; i < size;) {
            const unsigned char c = bytes[i];
            if (c >= 0x20 && c < 0x80 && c != '<' && c != '>' && c != '&') {
                ++i;
                continue;
            }
            m_out.append(s, copied, i - copied);
            if (c >= 0x80) {
                const std::size_t length = xmlCharLength(bytes, size, i);
                if (length == 0) throw ConversionError({}, "a string that is not UTF-8 cannot be sent");
                // U+E000-U+EBFF: EE 80..AF xx.
                if (c == 0xEE && bytes[i + 1] <= 0xAF) m_rangeInUse = true;
                m_out.append(s, i, length);
                i += length;
            } else if (c == '<') {
                m_out += "&lt;";
                ++i;
            } else if (c == '>') {
                m_out += "&gt;";
                ++i;
            } else if (c == '&') {
                m_out += "&amp;";
                ++i;
            } else if (c == '\r') {
                if (!memberName) {
                    m_out += "&#x0d;";
                } else if (i + 1 == size || bytes[i + 1] != '\n') {
                    m_out += '\n';
                }  // else: the '\n' that follows is the line end
                ++i;
            } else if (c == '\t' || c == '\n') {
                m_out += static_cast<char>(c);
                ++i;
            } else {
                refuseControlCharacter(c);
            }
            copied = i;
        }
        m_out.append(s, copied, size - copied);
    }

private:
    void number(std::int64_t i) {
        char digits[24];
        const auto written = std::to_chars(digits, digits + sizeof digits, i);
        m_out.append(digits, written.ptr);
    }

    void dateTime(DateTime t) {
        const CivilTime c = civilFromMicroseconds(t.time_since_epoch().count());
        // Four-digit years only: xmlrpc-c reads no other.
        if (c.year < 1000 || c.year > 9999)
            throw ConversionError({}, "a date outside the years 1000-9999 cannot be sent");
        char text[64];
        int n = std::snprintf(text, sizeof text, "%04u%02u%02uT%02u:%02u:%02u", static_cast<unsigned>(c.year), c.month,
                              c.day, c.hour, c.minute, c.second);
        if (c.microsecond != 0)
            n += std::snprintf(text + n, sizeof text - static_cast<std::size_t>(n), ".%06u", c.microsecond);
        m_out += "<dateTime.iso8601>";
        m_out.append(text, static_cast<std::size_t>(n));
        m_out += "</dateTime.iso8601>";
    }

    // As xmlrpc-c writes it: a line break, then lines of 76 characters each ending in CRLF (one
    // empty line for no bytes).
    void base64(const Bytes& bytes) {
        m_out += "<base64>\r\n";
        if (bytes.empty()) m_out += "\r\n";
        for (std::size_t line = 0; line < bytes.size(); line += kBase64LineBytes) {
            appendBase64(m_out, bytes.data() + line, std::min(kBase64LineBytes, bytes.size() - line));
            m_out += "\r\n";
        }
        m_out += "</base64>";
    }

    std::string& m_out;
    bool m_rangeInUse = false;
};

constexpr const char* kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n";

}  // namespace

std::size_t xmlCharLength(const unsigned char* s, std::size_t size, std::size_t i) {
    char32_t cp = 0;
    const std::size_t length = utf8CharLength(std::string_view(reinterpret_cast<const char*>(s), size), i, &cp);
    // One byte is never enough here (callers handle ASCII), and XML 1.0 has no U+FFFE or U+FFFF.
    if (length < 2 || cp == 0xFFFE || cp == 0xFFFF) return 0;
    return length;
}

void throwTooDeep() {
    throw ConversionError(
        {}, "the value nests deeper than " + std::to_string(kMaxValueDepth) + " levels, which cannot be sent");
}

void refuseControlCharacter(unsigned char byte) {
    char code[8];
    std::snprintf(code, sizeof code, "U+%04X", byte);
    throw ConversionError(
        {}, std::string("the control character ") + code + " cannot be sent: XML 1.0 has no way to carry it");
}

bool writeResponse(const Value& result, std::string& out) {
    out.clear();
    out += kDeclaration;
    out += "<methodResponse>\r\n<params>\r\n<param>";
    Writer writer(out);
    writer.value(result);
    out += "</param>\r\n</params>\r\n</methodResponse>\r\n";
    return !writer.rangeInUse();
}

bool writeCall(const std::string& method, const Array& params, std::string& out) {
    bool plainName = true;
    for (const char c : method) plainName = plainName && c >= 0x20 && c < 0x7F;
    out.clear();
    out += kDeclaration;
    out += "<methodCall>\r\n<methodName>";
    Writer writer(out);
    // Another name is xmlrpc-c's to write; the parameters are still checked here first, so
    // xmlrpc-c never sees text that is not UTF-8 (it crashes on some).
    if (plainName) writer.text(method, false);
    out += "</methodName>\r\n<params>\r\n";
    for (std::size_t i = 0; i < params.size(); ++i) {
        out += "<param>";
        try {
            writer.value(params[i]);
        } catch (const ConversionError& e) {
            throw e.within("[" + std::to_string(i) + "]");
        }
        out += "</param>\r\n";
    }
    out += "</params>\r\n</methodCall>\r\n";
    return plainName && !writer.rangeInUse();
}

}  // namespace hostbridge::detail
