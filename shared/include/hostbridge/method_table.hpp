#pragma once
// MethodTable: the functions a server offers, bound in one line each, and the dispatcher that
// turns an XML-RPC request into a response. It needs no socket, so it is tested without one.

#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hostbridge/fault.hpp"
#include "hostbridge/shared_export.hpp"
#include "hostbridge/value_conversion.hpp"

namespace hostbridge {

// A bound function taking the call's parameters as they arrived (Values, not yet converted):
// the form every method takes once bound. It may throw Fault (sent as is), ConversionError (sent as InvalidParams) or
// any other exception (sent as ApplicationError with its message).
using Handler = std::function<Value(const Array& params)>;

// One signature: the result type first, then the parameter types (XML-RPC type names).
using Signature = std::vector<std::string>;

// A function that converts its own arguments: a Handler with the signatures introspection
// lists. bind() takes it as it is, so code with its own values (the Python bindings, the UI's
// QML functions) binds through the same bind() as typed C++ callables.
struct HOSTBRIDGE_SHARED_EXPORT UntypedFunction {
    Handler handler;
    std::vector<Signature> signatures;
};

namespace detail {
template <typename F>
struct CallableTraits : CallableTraits<decltype(&F::operator())> {};
template <typename R, typename... A>
struct CallableTraits<R (*)(A...)> {
    using Result = R;
    using Args = std::tuple<std::decay_t<A>...>;
};
template <typename R, typename... A>
struct CallableTraits<R (*)(A...) noexcept> : CallableTraits<R (*)(A...)> {};
template <typename R, typename... A>
struct CallableTraits<R(A...)> : CallableTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...)> : CallableTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...) const> : CallableTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...) noexcept> : CallableTraits<R (*)(A...)> {};
template <typename C, typename R, typename... A>
struct CallableTraits<R (C::*)(A...) const noexcept> : CallableTraits<R (*)(A...)> {};

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Parameters a call must pass: trailing std::optional parameters may be left out.
template <typename Tuple, std::size_t N = std::tuple_size_v<Tuple>>
constexpr std::size_t requiredArity() {
    if constexpr (N == 0) return 0;
    else if constexpr (IsOptional<std::tuple_element_t<N - 1, Tuple>>::value) return requiredArity<Tuple, N - 1>();
    else return N;
}

[[noreturn]] HOSTBRIDGE_SHARED_EXPORT void throwArity(std::size_t minimum, std::size_t maximum, std::size_t given);
// A result that does not convert is the server's fault, not the caller's: InternalError.
[[noreturn]] HOSTBRIDGE_SHARED_EXPORT void throwResultConversion(const ConversionError& e);

template <typename Tuple, std::size_t... I>
Tuple convertParams(const Array& params, std::index_sequence<I...>) {
    Tuple args;
    [[maybe_unused]] auto convertOne = [&](auto& arg, std::size_t i) {
        try {
            fromValue(i < params.size() ? params[i] : Value(), arg);
        } catch (const ConversionError& e) {
            throw e.within("params[" + std::to_string(i) + "]");
        }
    };
    (convertOne(std::get<I>(args), I), ...);
    return args;
}

template <typename Tuple, std::size_t... I>
Signature signatureOf(const char* result, std::index_sequence<I...>) {
    return {result, SignatureType<std::tuple_element_t<I, Tuple>>::name...};
}
}  // namespace detail

// Wraps any callable (lambda, function pointer, std::function) as a Handler that checks the
// arity, converts each parameter with fromValue and the result with toValue.
template <typename F>
Handler makeHandler(F function) {
    using Traits = detail::CallableTraits<std::decay_t<F>>;
    using Args = typename Traits::Args;
    using Result = typename Traits::Result;
    constexpr std::size_t maximum = std::tuple_size_v<Args>;
    constexpr std::size_t minimum = detail::requiredArity<Args>();
    // mutable: a callable with a non-const operator() (a mutable lambda) binds too.
    return [function = std::move(function)](const Array& params) mutable -> Value {
        if (params.size() < minimum || params.size() > maximum) detail::throwArity(minimum, maximum, params.size());
        Args args = detail::convertParams<Args>(params, std::make_index_sequence<maximum>());
        if constexpr (std::is_void_v<Result>) {
            std::apply(function, std::move(args));
            return Value();
        } else {
            Result result = std::apply(function, std::move(args));
            // A Value result is moved out whole: a deep copy of a large one (a 10,000-instance
            // context) costs tens of milliseconds.
            if constexpr (std::is_same_v<Result, Value>) {
                return result;
            } else {
                try {
                    return makeValue(result);
                } catch (const ConversionError& e) {
                    detail::throwResultConversion(e);
                }
            }
        }
    };
}

// The signatures of a callable for system.methodSignature: one per accepted arity.
template <typename F>
std::vector<Signature> signaturesOf() {
    using Traits = detail::CallableTraits<std::decay_t<F>>;
    using Args = typename Traits::Args;
    constexpr std::size_t maximum = std::tuple_size_v<Args>;
    const char* result = SignatureType<std::decay_t<typename Traits::Result>>::name;
    std::vector<Signature> all;
    Signature full = detail::signatureOf<Args>(result, std::make_index_sequence<maximum>());
    for (std::size_t n = detail::requiredArity<Args>(); n <= maximum; ++n)
        all.emplace_back(full.begin(), full.begin() + 1 + static_cast<std::ptrdiff_t>(n));
    return all;
}

namespace detail {
// What bind() stores: a typed callable wrapped (makeHandler, signaturesOf), an UntypedFunction as is.
template <typename F>
UntypedFunction untypedOf(F function) {
    if constexpr (std::is_same_v<std::decay_t<F>, UntypedFunction>) return function;
    else return UntypedFunction{makeHandler(std::move(function)), signaturesOf<F>()};
}
}  // namespace detail

// Thread-safe: methods may be bound and called from any thread at any time; calls run
// concurrently on the caller's thread.
class HOSTBRIDGE_SHARED_EXPORT MethodTable {
public:
    MethodTable();

    // Binds `function` under `name` in one line: table.bind("add", [](int a, int b) { return a + b; },
    // "Adds two integers."). `function` is any typed callable (arguments converted with
    // fromValue, the result with toValue) or an UntypedFunction. Calls run concurrently, so a
    // function with state must guard it. Rebinding a name replaces it. Throws
    // std::invalid_argument for a name that is empty, starts with "system." or holds characters
    // other than letters, digits and "_.:-", or for an UntypedFunction without a handler.
    template <typename F>
    void bind(const std::string& name, F function, std::string help = {}) {
        add(name, detail::untypedOf(std::move(function)), std::move(help));
    }

    // Removes a method; false when it was not bound.
    bool unbind(const std::string& name);

    // Turns system.listMethods / methodHelp / methodSignature on (the default) or off.
    // system.multicall stays available either way.
    void setIntrospection(bool enabled);

    // The names served, sorted, including the system.* methods that are on.
    std::vector<std::string> methodNames() const;

    // Calls a method in-process. Throws Fault (unknown method, bad params, handler faults).
    Value call(const std::string& name, const Array& params) const;

    // Parses an XML-RPC methodCall, dispatches it and returns the methodResponse XML (a fault
    // response for any error). Never throws; safe to call from any thread.
    std::string handle(std::string_view requestXml) const;

private:
    struct Method {
        Handler handler;
        std::string help;
        std::vector<Signature> signatures;
    };
    void add(const std::string& name, UntypedFunction function, std::string help);
    std::shared_ptr<const Method> find(const std::string& name) const;
    void bindSystemMethods();
    Array multicall(const Array& calls) const;

    mutable std::shared_mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<const Method>> m_methods;
    bool m_introspection = true;
};

}  // namespace hostbridge
