#pragma once
// Value: the dynamic XML-RPC value ("any"), holding any of the XML-RPC types.

#include <chrono>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "hostbridge/shared_export.hpp"

namespace hostbridge {

class Value;
using Array = std::vector<Value>;
using Struct = std::map<std::string, Value>;
using Bytes = std::vector<unsigned char>;  // XML-RPC base64
using DateTime = std::chrono::time_point<std::chrono::system_clock,
                                         std::chrono::microseconds>;  // dateTime.iso8601, UTC

// The XML-RPC types. Int covers <int>/<i4> and <i8>: the encoder picks <int> when the value
// fits in 32 bits and <i8> otherwise, so a big number is never truncated or sent as <int>.
enum class ValueType { Nil, Boolean, Int, Double, String, DateTime, Bytes, Array, Struct };

// How deep a value may nest where it is encoded or read (the outermost value is level 1; each
// array or struct adds one): writing XML, reading and writing JSON, decoding XML. Deeper
// values are refused there with an error (ConversionError; JsonRangeError from parseJson),
// never a stack overflow. XML-RPC peers such as xmlrpc-c read at most 64 levels anyway.
// Copying, comparing and destroying a Value take no stack per level, so any depth is safe.
constexpr int kMaxValueDepth = 256;

// The XML-RPC name of a type ("int", "boolean", "dateTime.iso8601", "base64", ...).
HOSTBRIDGE_SHARED_EXPORT const char* typeName(ValueType type);

// A conversion failed. what() is "<path>: <detail>", e.g. "params[1].name: expected string,
// got int"; the path grows as the error travels out of nested arrays and structs.
class HOSTBRIDGE_SHARED_EXPORT ConversionError : public std::runtime_error {
public:
    ConversionError(std::string path, std::string detail);
    const std::string& path() const noexcept { return m_path; }
    const std::string& detail() const noexcept { return m_detail; }
    // A copy with `outer` put in front of the path ("[3]", ".name" or "params[1]").
    ConversionError within(const std::string& outer) const;

private:
    std::string m_path;
    std::string m_detail;
};

class HOSTBRIDGE_SHARED_EXPORT Value {
public:
    Value() noexcept = default;  // nil
    Value(std::nullptr_t) noexcept {}
    Value(bool b) : m_data(b) {}
    // Any integer type. Throws ConversionError for unsigned values above INT64_MAX.
    template <typename I,
              std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool> && !std::is_same_v<I, char>, int> = 0>
    Value(I i) : m_data(checkedInt(i)) {}
    Value(double d) : m_data(d) {}
    Value(const char* s) : m_data(std::string(s)) {}
    Value(std::string s) : m_data(std::move(s)) {}
    Value(Bytes b) : m_data(std::move(b)) {}
    Value(DateTime t) : m_data(t) {}
    Value(Array a) : m_data(std::move(a)) {}
    Value(Struct s) : m_data(std::move(s)) {}
    // Copying, comparing and freeing walk nested arrays and structs with a list of their own,
    // not by recursion, so any depth is safe for them (kMaxValueDepth).
    Value(const Value& other);
    Value(Value&&) = default;
    Value& operator=(const Value& other);
    Value& operator=(Value&&) = default;
    ~Value();

    ValueType type() const noexcept { return static_cast<ValueType>(m_data.index()); }
    bool isNil() const noexcept { return type() == ValueType::Nil; }

    // Typed access. Each throws ConversionError("expected T, got U") on another type;
    // asDouble() also accepts an Int.
    bool asBool() const;
    std::int64_t asInt() const;
    double asDouble() const;
    const std::string& asString() const;
    const Bytes& asBytes() const;
    DateTime asDateTime() const;
    const Array& asArray() const;
    Array& asArray();
    const Struct& asStruct() const;
    Struct& asStruct();

    // Struct member lookup: nullptr when absent (or when this is not a struct).
    const Value* find(const std::string& key) const;
    // Struct member; throws ConversionError when this is not a struct or the key is absent.
    const Value& at(const std::string& key) const;
    // Array element; throws ConversionError when this is not an array or out of range.
    const Value& at(std::size_t index) const;

    // Equal types and contents.
    friend bool operator==(const Value& a, const Value& b);
    friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

private:
    template <typename I>
    static std::int64_t checkedInt(I i) {
        if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t)) {
            if (i > static_cast<std::uint64_t>(INT64_MAX)) throwUnsignedOverflow(i);
        }
        return static_cast<std::int64_t>(i);
    }
    [[noreturn]] static void throwUnsignedOverflow(std::uint64_t i);
    [[noreturn]] void throwMismatch(ValueType expected) const;
    // Moves the members and elements that hold a non-empty array or struct to `out`.
    void takeNestedContainers(std::vector<Value>& out);

    // Alternatives in ValueType order, so index() is the type.
    std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, DateTime, Bytes, Array, Struct> m_data;
};

}  // namespace hostbridge
