#pragma once
// Client: calls an XML-RPC server over one kept-alive HTTP connection, TCP or a Unix socket.
//
// Every call has a timeout. The outcome of a call is a CallResult: the value, or the fault the
// peer answered with, or a client-side fault (TransportError, Timeout, HttpError,
// InvalidResponse; see fault.hpp). Calls on one Client are serialised; use one Client per
// thread for parallel calls. Blocking: never call it from a GUI or host main thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "hostbridge/fault.hpp"
#include "hostbridge/shared_export.hpp"
#include "hostbridge/value_conversion.hpp"

namespace hostbridge {

// The outcome of a call: a Value or a Fault. Test it like a pointer: `if (result) use(result.value());`
class HOSTBRIDGE_SHARED_EXPORT CallResult {
public:
    CallResult(Value value) : m_outcome(std::move(value)) {}
    CallResult(Fault fault) : m_outcome(std::move(fault)) {}

    explicit operator bool() const noexcept { return m_outcome.index() == 0; }
    bool isFault() const noexcept { return m_outcome.index() == 1; }
    // The value; throws the Fault when the call failed.
    const Value& value() const;
    // The fault; throws std::logic_error when the call succeeded.
    const Fault& fault() const;
    // The value converted to T; throws the Fault, or ConversionError on a type mismatch.
    template <typename T>
    T as() const {
        return valueAs<T>(value());
    }

private:
    std::variant<Value, Fault> m_outcome;
};

class HOSTBRIDGE_SHARED_EXPORT Client {
public:
    // `url`: "http://[user:TOKEN@]host:port/path", or over a Unix socket "unix:/path/to.sock"
    // or "http+unix://%2Fpath%2Fto.sock/path" (url.hpp); a token in the URL is used unless
    // `token` is given. Only plain http. Throws std::invalid_argument for an unusable URL.
    explicit Client(const std::string& url, std::string token = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(30));
    ~Client();
    Client(Client&&) noexcept;
    Client& operator=(Client&&) noexcept;

    // Calls `method` with each argument converted by toValue: client.call("add", 1, 2).
    template <typename... Args>
    CallResult call(const std::string& method, const Args&... args) {
        return callWithParams(method, Array{makeValue(args)...});
    }

    // Calls `method` with ready-made parameters; `timeout` replaces the client's default.
    CallResult callWithParams(const std::string& method, const Array& params);
    CallResult callWithParams(const std::string& method, const Array& params, std::chrono::milliseconds timeout);

    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const;
    // Upper bound on a response body; larger answers fail with InvalidResponse. Default 64 MiB.
    void setMaxResponseBytes(std::size_t bytes);
    const std::string& url() const;  // without the token

    // Closes the connection; the next call opens a new one.
    void disconnect();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace hostbridge
