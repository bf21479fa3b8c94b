#include "xmlrpc_c_adapter.hpp"

#include "civil_date.hpp"
#include "stand_ins.hpp"
#include "xml_prescan.hpp"
#include "xml_writer.hpp"

#include <xmlrpc-c/base.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>

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
// Throws ConversionError for a date that does not exist: xmlrpc-c reads "20230231T10:00:00"
// field by field, and the arithmetic would roll it into March.
DateTime toDateTime(const xmlrpc_datetime& dt) {
    const CivilTime civil{dt.Y, dt.M, dt.D, dt.h, dt.m, dt.s, dt.u};
    const std::string problem = civilProblem(civil);
    if (!problem.empty()) throw ConversionError({}, "a dateTime.iso8601 that does not exist: " + problem);
    return DateTime(std::chrono::microseconds(microsecondsFromCivil(civil)));
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
Value decode(xmlrpc_value* v, bool restore, int depth = 1) {
    if (depth > kMaxValueDepth) throwTooDeep();
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
            array.push_back(decode(item, restore, depth + 1));
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
            members.insert_or_assign(std::move(name), decode(member, restore, depth + 1));
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

ValuePtr encode(const Value& v, StandInUse& standIns, int depth = 1) {
    if (depth > kMaxValueDepth) throwTooDeep();
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
                item = encode(elements[i], standIns, depth + 1);
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
                item = encode(member, standIns, depth + 1);
            } catch (const ConversionError& e) {
                throw e.within("." + key);
            }
            // The name's value is made first: when xmlrpc_struct_set_value_n fails to make it
            // (a character beyond U+FFFF, with stand-ins off), it frees a pointer it never set,
            // and so crashed (found by fuzz_call). On failure that pointer is not ours either.
            const std::string name = standIns.prepare(key);
            xmlrpc_value* const made = xmlrpc_string_new_lp(&env, name.size(), name.data());
            if (env.failed()) throw ConversionError("." + key, "member name: " + env.message());
            const ValuePtr nameValue(made);
            xmlrpc_struct_set_value_v(&env, out, nameValue.get(), item.get());
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
    return std::string(static_cast<const char*>(xmlrpc_mem_block_contents(block)), xmlrpc_mem_block_size(block));
}

xmlrpc_mem_block* newBlock() {
    Env env;
    xmlrpc_mem_block* block = xmlrpc_mem_block_new(&env, 0);
    if (env.failed()) throw std::bad_alloc();
    return block;
}

}  // namespace

ParsedCall parseCallWithXmlrpcC(std::string_view xml) {
    setLimitsOnce();
    const std::optional<std::string> protectedXml =
        prepareForParser(xml, requestLimits(xml.size()), FaultCode::ParseError, "invalid XML-RPC request: ");
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

std::string encodeFaultWithXmlrpcC(int code, const std::string& message) {
    setLimitsOnce();
    StandInUse standIns;
    const std::string clean = standIns.prepare(message);
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

std::variant<Value, Fault> parseResponseWithXmlrpcC(std::string_view xml) {
    setLimitsOnce();
    const std::optional<std::string> protectedXml =
        prepareForParser(xml, ShapeLimits{}, FaultCode::InvalidResponse, "invalid XML-RPC response: ");
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
