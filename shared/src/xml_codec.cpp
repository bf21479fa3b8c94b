#include "xml_codec.hpp"

#include "civil_date.hpp"
#include "stand_ins.hpp"
#include "xml_reader.hpp"
#include "xml_writer.hpp"

#include <xmlrpc-c/base.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace hostbridge::detail {
namespace {

// xmlrpc-c's limits are process-global and not safe to change while it parses, so they are set
// once, before the first use. The size limit is lifted because the HTTP layer enforces its own
// configurable body cap; the nesting limit stays at xmlrpc-c's 64.
void setLimitsOnce() {
    static std::once_flag once;
    std::call_once(once, [] { xmlrpc_limit_set(XMLRPC_XML_SIZE_LIMIT_ID, SIZE_MAX / 2); });
}

// RAII for xmlrpc_env; `failed()` tells whether the last call reported an error.
struct Env {
    xmlrpc_env env;
    Env() { xmlrpc_env_init(&env); }
    ~Env() { xmlrpc_env_clean(&env); }
    Env(const Env&) = delete;
    Env& operator=(const Env&) = delete;
    xmlrpc_env* operator&() { return &env; }
    bool failed() const { return env.fault_occurred != 0; }
    std::string message() const { return env.fault_string ? env.fault_string : "unknown error"; }
};

struct Decref {
    void operator()(xmlrpc_value* v) const { xmlrpc_DECREF(v); }
};
using ValuePtr = std::unique_ptr<xmlrpc_value, Decref>;

struct MemBlockFree {
    void operator()(xmlrpc_mem_block* b) const { xmlrpc_mem_block_free(b); }
};

void check(const Env& env, const char* what) {
    if (env.failed()) throw ConversionError({}, std::string(what) + ": " + env.message());
}

// ---- dates ---------------------------------------------------------------------------
DateTime toDateTime(const xmlrpc_datetime& dt) {
    return DateTime(std::chrono::microseconds(microsecondsFromCivil({dt.Y, dt.M, dt.D, dt.h, dt.m, dt.s, dt.u})));
}

xmlrpc_datetime fromDateTime(DateTime t) {
    const CivilTime c = civilFromMicroseconds(t.time_since_epoch().count());
    // xmlrpc-c writes the year without leading zeros, which no parser reads back as a date.
    if (c.year < 1000 || c.year > 9999) throw ConversionError({}, "a date outside the years 1000-9999 cannot be sent");
    xmlrpc_datetime dt;
    dt.Y = static_cast<unsigned>(c.year);
    dt.M = c.month;
    dt.D = c.day;
    dt.h = c.hour;
    dt.m = c.minute;
    dt.s = c.second;
    dt.u = c.microsecond;
    return dt;
}

// ---- xmlrpc_value -> Value ---------------------------------------------------------------
Value decode(xmlrpc_value* v, bool restore) {
    Env env;
    switch (xmlrpc_value_type(v)) {
    case XMLRPC_TYPE_INT: {
        int i = 0;
        xmlrpc_read_int(&env, v, &i);
        return Value(i);
    }
    case XMLRPC_TYPE_I8: {
        xmlrpc_int64 i = 0;
        xmlrpc_read_i8(&env, v, &i);
        return Value(static_cast<std::int64_t>(i));
    }
    case XMLRPC_TYPE_BOOL: {
        xmlrpc_bool b = 0;
        xmlrpc_read_bool(&env, v, &b);
        return Value(b != 0);
    }
    case XMLRPC_TYPE_DOUBLE: {
        double d = 0;
        xmlrpc_read_double(&env, v, &d);
        if (!std::isfinite(d)) throw ConversionError({}, "a double that is not a finite number");
        return Value(d);
    }
    case XMLRPC_TYPE_STRING: {
        size_t length = 0;
        const char* text = nullptr;
        xmlrpc_read_string_lp(&env, v, &length, &text);
        check(env, "string");
        std::string s(text, length);
        std::free(const_cast<char*>(text));
        if (restore) {
            if (const auto number = markedDouble(s)) return Value(*number);
            restoreStandIns(s);
        }
        return Value(std::move(s));
    }
    case XMLRPC_TYPE_DATETIME: {
        xmlrpc_datetime dt;
        xmlrpc_read_datetime(&env, v, &dt);
        check(env, "dateTime.iso8601");
        return Value(toDateTime(dt));
    }
    case XMLRPC_TYPE_BASE64: {
        size_t length = 0;
        const unsigned char* bytes = nullptr;
        xmlrpc_read_base64(&env, v, &length, &bytes);
        check(env, "base64");
        Bytes b(bytes, bytes + length);
        std::free(const_cast<unsigned char*>(bytes));
        return Value(std::move(b));
    }
    case XMLRPC_TYPE_ARRAY: {
        const int size = xmlrpc_array_size(&env, v);
        check(env, "array");
        Array array;
        array.reserve(static_cast<std::size_t>(size));
        for (int i = 0; i < size; ++i) {
            xmlrpc_value* item = nullptr;
            xmlrpc_array_read_item(&env, v, static_cast<unsigned>(i), &item);
            check(env, "array");
            ValuePtr owned(item);
            array.push_back(decode(item, restore));
        }
        return Value(std::move(array));
    }
    case XMLRPC_TYPE_STRUCT: {
        const int size = xmlrpc_struct_size(&env, v);
        check(env, "struct");
        Struct members;
        for (int i = 0; i < size; ++i) {
            xmlrpc_value* key = nullptr;
            xmlrpc_value* member = nullptr;
            xmlrpc_struct_read_member(&env, v, static_cast<unsigned>(i), &key, &member);
            check(env, "struct");
            ValuePtr ownedKey(key), ownedMember(member);
            size_t length = 0;
            const char* text = nullptr;
            xmlrpc_read_string_lp(&env, key, &length, &text);
            check(env, "struct member name");
            std::string name(text, length);
            std::free(const_cast<char*>(text));
            if (restore) restoreStandIns(name);
            members.insert_or_assign(std::move(name), decode(member, restore));
        }
        return Value(std::move(members));
    }
    case XMLRPC_TYPE_NIL: return Value();
    default: throw ConversionError({}, "unsupported XML-RPC value type");
    }
}

// ---- Value -> xmlrpc_value ---------------------------------------------------------------
// Stand-ins used while encoding one document (see stand_ins.hpp). Encoding first runs with
// them on; a document whose own text uses the stand-in range is encoded again with them off.
struct StandInUse {
    bool enabled = true;
    bool replaced = false;    // something went in as a stand-in
    bool rangeInUse = false;  // some text already holds stand-in-range characters

    std::string prepare(const std::string& text) {
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') refuseControlCharacter(byte);
        }
        if (!enabled) return text;
        if (hasStandInRange(text)) rangeInUse = true;
        if (!needsStandIns(text)) return text;
        replaced = true;
        return toStandIns(text);
    }
    // False when the document must be encoded again with stand-ins off.
    bool finish(std::string& xml) const {
        if (!enabled || !replaced) return true;
        if (rangeInUse) return false;
        restoreDoubles(xml);
        restoreStandIns(xml);
        return true;
    }
};

ValuePtr encode(const Value& v, StandInUse& standIns) {
    Env env;
    xmlrpc_value* out = nullptr;
    switch (v.type()) {
    case ValueType::Nil: out = xmlrpc_nil_new(&env); break;
    case ValueType::Boolean: out = xmlrpc_bool_new(&env, v.asBool()); break;
    case ValueType::Int: {
        const std::int64_t i = v.asInt();
        // <int> is 32 bits on the wire; a wider value goes as <i8>, never truncated.
        if (i >= INT32_MIN && i <= INT32_MAX) out = xmlrpc_int_new(&env, static_cast<int>(i));
        else out = xmlrpc_i8_new(&env, i);
        break;
    }
    case ValueType::Double: {
        const double d = v.asDouble();
        if (!std::isfinite(d)) throw ConversionError({}, "a non-finite double (NaN or infinity) cannot be sent");
        if (standIns.enabled) {
            const std::string marked = markDouble(d);
            standIns.replaced = true;
            out = xmlrpc_string_new_lp(&env, marked.size(), marked.data());
        } else {
            out = xmlrpc_double_new(&env, d);
        }
        break;
    }
    case ValueType::String: {
        const std::string s = standIns.prepare(v.asString());
        // The _cr variant keeps a carriage return a character of its own (sent as &#x0d;),
        // so strings come back byte for byte.
        out = xmlrpc_string_new_lp_cr(&env, s.size(), s.data());
        check(env, "string");
        break;
    }
    case ValueType::DateTime: {
        const xmlrpc_datetime dt = fromDateTime(v.asDateTime());
        out = xmlrpc_datetime_new(&env, dt);
        break;
    }
    case ValueType::Bytes: {
        const Bytes& b = v.asBytes();
        out = xmlrpc_base64_new(&env, b.size(), b.data());
        break;
    }
    case ValueType::Array: {
        out = xmlrpc_array_new(&env);
        check(env, "array");
        ValuePtr array(out);
        const Array& elements = v.asArray();
        for (std::size_t i = 0; i < elements.size(); ++i) {
            ValuePtr item;
            try {
                item = encode(elements[i], standIns);
            } catch (const ConversionError& e) {
                throw e.within("[" + std::to_string(i) + "]");
            }
            xmlrpc_array_append_item(&env, out, item.get());
            check(env, "array");
        }
        return array;
    }
    case ValueType::Struct: {
        out = xmlrpc_struct_new(&env);
        check(env, "struct");
        ValuePtr strct(out);
        for (const auto& [key, member] : v.asStruct()) {
            ValuePtr item;
            try {
                item = encode(member, standIns);
            } catch (const ConversionError& e) {
                throw e.within("." + key);
            }
            const std::string name = standIns.prepare(key);
            xmlrpc_struct_set_value_n(&env, out, name.data(), name.size(), item.get());
            if (env.failed()) throw ConversionError("." + key, "member name: " + env.message());
        }
        return strct;
    }
    }
    check(env, typeName(v.type()));
    return ValuePtr(out);
}

std::string takeBlock(xmlrpc_mem_block* block) {
    std::unique_ptr<xmlrpc_mem_block, MemBlockFree> owned(block);
    return std::string(static_cast<const char*>(xmlrpc_mem_block_contents(block)),
                       xmlrpc_mem_block_size(block));
}

xmlrpc_mem_block* newBlock() {
    Env env;
    xmlrpc_mem_block* block = xmlrpc_mem_block_new(&env, 0);
    if (env.failed()) throw std::bad_alloc();
    return block;
}

// Replaces bytes that are not UTF-8 (and, unless `beyondBmp`, characters beyond U+FFFF) with
// '?', so a fault message always encodes.
std::string sanitizeUtf8(const std::string& s, bool beyondBmp) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = n > 0 && i + n <= s.size() && (beyondBmp || n < 4);
        for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
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

bool hasDeclarations(std::string_view xml) {
    // Declarations are refused in any letter case: the markup is case-sensitive, but a parser
    // that is lenient about it must not be the one to find out.
    for (std::size_t at = xml.find("<!"); at != std::string_view::npos; at = xml.find("<!", at + 2)) {
        const std::string_view rest = xml.substr(at + 2, 7);
        auto startsWithNoCase = [&](std::string_view word) {
            if (rest.size() < word.size()) return false;
            for (std::size_t i = 0; i < word.size(); ++i)
                if (std::toupper(static_cast<unsigned char>(rest[i])) != word[i]) return false;
            return true;
        };
        if (startsWithNoCase("DOCTYPE") || startsWithNoCase("ENTITY")) return true;
    }
    return false;
}

namespace {

// The end (one past) of the markup starting at `at`, which is a '<': comments, processing
// instructions and CDATA up to their own terminators, a tag up to the '>' outside its quoted
// attribute values. npos when the text ends first.
std::size_t markupEnd(std::string_view xml, std::size_t at) {
    auto past = [&](std::string_view terminator, std::size_t from) {
        const std::size_t found = xml.find(terminator, from);
        return found == std::string_view::npos ? found : found + terminator.size();
    };
    if (xml.compare(at, 4, "<!--") == 0) return past("-->", at + 4);
    if (xml.compare(at, 9, "<![CDATA[") == 0) return past("]]>", at + 9);
    if (xml.compare(at, 2, "<?") == 0) return past("?>", at + 2);
    char quote = 0;
    for (std::size_t i = at + 1; i < xml.size(); ++i) {
        const char c = xml[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// True when `text`, the content of an <i8> (or <ex:i8>), is a 64-bit integer as xmlrpc-c reads
// it: an optional sign, then 1 to 19 digits within range, nothing before or after (not even a
// space). xmlrpc-c 1.33 crashes (a bad argument to its own error message) on trailing text such
// as "1 " or "x", so only this may reach it.
bool isI8Text(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
    if (text.empty() || text.size() > 19) return false;
    std::uint64_t magnitude = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        magnitude = magnitude * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return magnitude <= static_cast<std::uint64_t>(INT64_MAX) + (negative ? 1 : 0);
}

}  // namespace

const char* shapeProblem(std::string_view xml, const ShapeLimits& limits) {
    int depth = 0;
    std::vector<std::size_t> members;  // per open <struct>, innermost last
    for (std::size_t at = xml.find('<'); at != std::string_view::npos; at = xml.find('<', at)) {
        const std::size_t end = markupEnd(xml, at);
        if (end == std::string_view::npos) return nullptr;  // truncated: the parser reports it
        const char next = at + 1 < xml.size() ? xml[at + 1] : '\0';
        if (next != '!' && next != '?') {
            const bool closing = next == '/';
            const std::size_t nameStart = at + (closing ? 2 : 1);
            const std::size_t nameEnd = std::min(xml.find_first_of(" \t\r\n/>", nameStart), end);
            const std::string_view name = xml.substr(nameStart, nameEnd - nameStart);
            if (closing) {
                --depth;
                if (name == "struct" && !members.empty()) members.pop_back();
            } else {
                if (name == "member" && !members.empty() && ++members.back() > limits.maxStructMembers)
                    return "a struct has too many members";
                if (xml[end - 2] != '/') {  // not self-closing: one level deeper
                    if (++depth > limits.maxDepth) return "the XML nests too deeply";
                    if (name == "struct") members.push_back(0);
                    if (name == "i8" || name == "ex:i8") {  // (no '<' after it: truncated, the parser reports it)
                        const std::size_t textEnd = xml.find('<', end);
                        if (textEnd != std::string_view::npos &&
                            (xml.compare(textEnd, 2, "</") != 0 || xml.compare(textEnd + 2, name.size(), name) != 0))
                            return "an <i8> holding markup";
                        if (textEnd != std::string_view::npos && !isI8Text(xml.substr(end, textEnd - end)))
                            return "an <i8> that is not a 64-bit integer";
                    }
                }
            }
        }
        at = end;
    }
    return nullptr;
}

namespace {
// Everything that happens before xmlrpc-c sees a document: refuses what it must not parse
// (a Fault of `code`, the message starting with `prefix`) and returns the text with stand-ins,
// or nullopt when the text goes to xmlrpc-c as it is.
std::optional<std::string> prepareForParser(std::string_view xml, int code, const char* prefix) {
    setLimitsOnce();
    // Expat also reads UTF-16 (told by a byte order mark or by "<\0?\0"), and in UTF-16 a
    // declaration is not the bytes "<!DOCTYPE" that the checks below look for: an entity bomb
    // would pass them. Every UTF-16 document holds NUL bytes, and no XML 1.0 document may hold
    // U+0000, so refusing NUL refuses UTF-16 as a whole.
    if (xml.find('\0') != std::string_view::npos)
        throw Fault(code, std::string(prefix) + "the document is not UTF-8 (it holds a NUL byte)");
    if (hasDeclarations(xml)) throw Fault(code, std::string(prefix) + "DOCTYPE and ENTITY declarations are not accepted");
    if (const char* problem = shapeProblem(xml)) throw Fault(code, std::string(prefix) + problem);
    try {
        return replaceForParser(xml);
    } catch (const std::invalid_argument& e) {
        throw Fault(code, prefix + std::string(e.what()));
    }
}
}  // namespace

ParsedCall parseCall(std::string_view xml) {
    const std::optional<std::string> protectedXml = prepareForParser(xml, FaultCode::ParseError, "invalid XML-RPC request: ");
    if (protectedXml) xml = *protectedXml;
    Env env;
    const char* method = nullptr;
    xmlrpc_value* params = nullptr;
    xmlrpc_parse_call(&env, xml.data(), xml.size(), &method, &params);
    if (env.failed()) throw Fault(FaultCode::ParseError, "invalid XML-RPC request: " + env.message());
    ParsedCall call;
    call.method = method;
    std::free(const_cast<char*>(method));
    ValuePtr owned(params);
    try {
        call.params = decode(params, protectedXml.has_value()).asArray();
    } catch (const ConversionError& e) {
        throw Fault(FaultCode::ParseError, std::string("invalid XML-RPC request: ") + e.what());
    }
    return call;
}

// Serializes `value` with `serialize`, first with stand-ins, then, if the document's own text
// uses their range, without them.
template <typename Serialize>
std::string encodeDocument(const Value& value, Serialize serialize) {
    setLimitsOnce();
    for (const bool enabled : {true, false}) {
        StandInUse standIns;
        standIns.enabled = enabled;
        ValuePtr encoded = encode(value, standIns);
        Env env;
        xmlrpc_mem_block* block = newBlock();
        serialize(&env, block, encoded.get());
        std::string text = takeBlock(block);
        check(env, "document");
        if (standIns.finish(text)) return text;
    }
    throw std::logic_error("encodeDocument: encoding without stand-ins cannot need them");
}

std::string encodeCallWithXmlrpcC(const std::string& method, const Array& params) {
    try {
        return encodeDocument(Value(params), [&](xmlrpc_env* env, xmlrpc_mem_block* block, xmlrpc_value* encoded) {
            xmlrpc_serialize_call2(env, block, method.c_str(), encoded, xmlrpc_dialect_i8);
        });
    } catch (const ConversionError& e) {
        throw e.within("params");
    }
}

std::string encodeResponseWithXmlrpcC(const Value& result) {
    return encodeDocument(result, [](xmlrpc_env* env, xmlrpc_mem_block* block, xmlrpc_value* encoded) {
        xmlrpc_serialize_response2(env, block, encoded, xmlrpc_dialect_i8);
    });
}

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
    // A message may use stand-ins only if it holds none of their range itself; control
    // characters and bytes that are not UTF-8 become '?', so the fault always goes out.
    StandInUse standIns;
    const std::string clean = standIns.prepare(sanitizeUtf8(message, !hasStandInRange(message)));
    Env fault;
    xmlrpc_env_set_fault(&fault, code, clean.c_str());
    Env env;
    xmlrpc_mem_block* block = newBlock();
    xmlrpc_serialize_fault(&env, block, &fault);
    std::string text = takeBlock(block);
    check(env, "fault");
    standIns.finish(text);
    return text;
}

std::variant<Value, Fault> parseResponse(std::string_view xml) {
    if (std::optional<Value> value = readResponse(xml)) return std::move(*value);
    return parseResponseWithXmlrpcC(xml);
}

std::variant<Value, Fault> parseResponseWithXmlrpcC(std::string_view xml) {
    const std::optional<std::string> protectedXml = prepareForParser(xml, FaultCode::InvalidResponse, "invalid XML-RPC response: ");
    if (protectedXml) xml = *protectedXml;
    Env env;
    xmlrpc_value* result = nullptr;
    int faultCode = 0;
    const char* faultString = nullptr;
    xmlrpc_parse_response2(&env, xml.data(), xml.size(), &result, &faultCode, &faultString);
    if (env.failed()) throw Fault(FaultCode::InvalidResponse, "invalid XML-RPC response: " + env.message());
    if (faultString) {
        std::string message = faultString;
        if (protectedXml) restoreStandIns(message);
        Fault fault(faultCode, message);
        std::free(const_cast<char*>(faultString));
        return fault;
    }
    ValuePtr owned(result);
    try {
        return decode(result, protectedXml.has_value());
    } catch (const ConversionError& e) {
        throw Fault(FaultCode::InvalidResponse, std::string("invalid XML-RPC response: ") + e.what());
    }
}

}  // namespace hostbridge::detail
