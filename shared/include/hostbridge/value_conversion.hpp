#pragma once
// The conversion seam between C++ types and Value.
//
// Two free functions per type, found by argument-dependent lookup:
//     void toValue(Value& out, const T& in);
//     void fromValue(const Value& in, T& out);     // throws ConversionError
// Overloads for the standard types are below. For a type of your own, declare both in your
// type's namespace; containers of it (vector, map, optional) then convert too:
//     namespace studio { struct Shot { std::string name; int frames; };
//       void toValue(hostbridge::Value& v, const Shot& s) {
//           v = hostbridge::Struct{{"name", s.name}, {"frames", s.frames}}; }
//       void fromValue(const hostbridge::Value& v, Shot& s) {
//           hostbridge::fromMember(v, "name", s.name); hostbridge::fromMember(v, "frames", s.frames); } }
// Specialise SignatureType<T> to name its XML-RPC type in system.methodSignature.

#include <limits>
#include <optional>
#include <ratio>
#include <string>
#include <type_traits>

#include "hostbridge/shared_export.hpp"
#include "hostbridge/value.hpp"

namespace hostbridge {

// ---- Value itself ("any") -------------------------------------------------------------
inline void toValue(Value& out, const Value& in) { out = in; }
inline void fromValue(const Value& in, Value& out) { out = in; }

// ---- scalars --------------------------------------------------------------------------
inline void toValue(Value& out, bool in) { out = Value(in); }
inline void fromValue(const Value& in, bool& out) { out = in.asBool(); }

template <typename I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
void toValue(Value& out, I in) {
    out = Value(in);
}

// Throws ConversionError when the value does not fit in I.
[[noreturn]] HOSTBRIDGE_SHARED_EXPORT void throwIntRange(std::int64_t value, const char* cppType);
template <typename I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
void fromValue(const Value& in, I& out) {
    const std::int64_t v = in.asInt();
    if constexpr (std::is_signed_v<I>) {
        if (v < std::numeric_limits<I>::min() || v > std::numeric_limits<I>::max())
            throwIntRange(v, sizeof(I) <= 4 ? "a 32-bit integer" : "a 64-bit integer");
    } else {
        if (v < 0 || static_cast<std::uint64_t>(v) > std::numeric_limits<I>::max())
            throwIntRange(v, "an unsigned integer");
    }
    out = static_cast<I>(v);
}

inline void toValue(Value& out, double in) { out = Value(in); }
inline void fromValue(const Value& in, double& out) { out = in.asDouble(); }
inline void toValue(Value& out, float in) { out = Value(static_cast<double>(in)); }
inline void fromValue(const Value& in, float& out) { out = static_cast<float>(in.asDouble()); }

inline void toValue(Value& out, const std::string& in) { out = Value(in); }
inline void toValue(Value& out, const char* in) { out = Value(in); }
inline void fromValue(const Value& in, std::string& out) { out = in.asString(); }

inline void toValue(Value& out, const Bytes& in) { out = Value(in); }
inline void fromValue(const Value& in, Bytes& out) { out = in.asBytes(); }

// Any system_clock time point; sent as UTC with microsecond precision.
template <typename Duration>
void toValue(Value& out, const std::chrono::time_point<std::chrono::system_clock, Duration>& in) {
    out = Value(std::chrono::time_point_cast<std::chrono::microseconds>(in));
}
// Throws ConversionError for a date the target type cannot hold: a Duration finer than a
// microsecond covers fewer years (system_clock::time_point in nanoseconds: 1677-2262), and a
// date outside them would otherwise overflow into a wrong one.
template <typename Duration>
void fromValue(const Value& in, std::chrono::time_point<std::chrono::system_clock, Duration>& out) {
    using Target = std::chrono::time_point<std::chrono::system_clock, Duration>;
    const DateTime t = in.asDateTime();
    if constexpr (std::ratio_less_v<typename Duration::period, std::micro>) {
        // Target's limits in microseconds: a division, so it cannot overflow.
        if (t < std::chrono::time_point_cast<std::chrono::microseconds>(Target::min()) ||
            t > std::chrono::time_point_cast<std::chrono::microseconds>(Target::max()))
            throw ConversionError({}, "the date is outside the range this time type can hold");
    }
    out = std::chrono::time_point_cast<Duration>(t);
}

// ---- containers -----------------------------------------------------------------------
// std::nullopt is nil; nil reads back as std::nullopt.
template <typename T>
void toValue(Value& out, const std::optional<T>& in) {
    if (in) toValue(out, *in);
    else out = Value();
}
template <typename T>
void fromValue(const Value& in, std::optional<T>& out) {
    if (in.isNil()) {
        out.reset();
        return;
    }
    T t{};
    fromValue(in, t);
    out = std::move(t);
}

template <typename T, typename A>
void toValue(Value& out, const std::vector<T, A>& in) {
    Array array(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) toValue(array[i], in[i]);
    out = Value(std::move(array));
}
template <typename T, typename A>
void fromValue(const Value& in, std::vector<T, A>& out) {
    const Array& array = in.asArray();
    out.clear();
    out.reserve(array.size());
    for (std::size_t i = 0; i < array.size(); ++i) {
        try {
            fromValue(array[i], out.emplace_back());
        } catch (const ConversionError& e) {
            throw e.within("[" + std::to_string(i) + "]");
        }
    }
}

template <typename T, typename C, typename A>
void toValue(Value& out, const std::map<std::string, T, C, A>& in) {
    Struct members;
    for (const auto& [key, value] : in) toValue(members[key], value);
    out = Value(std::move(members));
}
template <typename T, typename C, typename A>
void fromValue(const Value& in, std::map<std::string, T, C, A>& out) {
    out.clear();
    for (const auto& [key, value] : in.asStruct()) {
        try {
            fromValue(value, out[key]);
        } catch (const ConversionError& e) {
            throw e.within("." + key);
        }
    }
}

// ---- helpers --------------------------------------------------------------------------
// Converts any convertible C++ value to a Value.
template <typename T>
Value makeValue(const T& in) {
    Value out;
    toValue(out, in);
    return out;
}

// Converts a Value to T; throws ConversionError.
template <typename T>
T valueAs(const Value& in) {
    T out{};
    fromValue(in, out);
    return out;
}

// Reads struct member `key` of `in` into `out`, for user fromValue overloads. A missing
// member is an error unless T is a std::optional.
template <typename T>
void fromMember(const Value& in, const std::string& key, T& out) {
    in.asStruct();  // throws unless `in` is a struct
    const Value* member = in.find(key);
    try {
        if (member) fromValue(*member, out);
        else fromValue(Value(), out);  // only std::optional accepts nil
    } catch (const ConversionError& e) {
        if (!member) throw ConversionError("." + key, "missing member");
        throw e.within("." + key);
    }
}

// The XML-RPC type name of T for system.methodSignature.
template <typename T, typename = void>
struct SignatureType {
    static constexpr const char* name = "any";
};
template <>
struct SignatureType<bool> {
    static constexpr const char* name = "boolean";
};
template <typename T>
struct SignatureType<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
    static constexpr const char* name = "int";
};
template <typename T>
struct SignatureType<T, std::enable_if_t<std::is_floating_point_v<T>>> {
    static constexpr const char* name = "double";
};
template <>
struct SignatureType<std::string> {
    static constexpr const char* name = "string";
};
template <>
struct SignatureType<Bytes> {
    static constexpr const char* name = "base64";
};
template <typename D>
struct SignatureType<std::chrono::time_point<std::chrono::system_clock, D>> {
    static constexpr const char* name = "dateTime.iso8601";
};
template <typename T, typename A>
struct SignatureType<std::vector<T, A>> {
    static constexpr const char* name = "array";
};
template <typename T, typename C, typename A>
struct SignatureType<std::map<std::string, T, C, A>> {
    static constexpr const char* name = "struct";
};
template <typename T>
struct SignatureType<std::optional<T>> {
    static constexpr const char* name = SignatureType<T>::name;
};
template <>
struct SignatureType<void> {
    static constexpr const char* name = "nil";
};

}  // namespace hostbridge
