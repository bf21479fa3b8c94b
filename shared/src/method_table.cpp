#include "hostbridge/method_table.hpp"

#include <algorithm>
#include <mutex>

#include "handle_request.hpp"
#include "xml_codec.hpp"

namespace hostbridge {
namespace detail {

void throwArity(std::size_t minimum, std::size_t maximum, std::size_t given) {
    const std::string expected =
        minimum == maximum ? std::to_string(minimum) : std::to_string(minimum) + " to " + std::to_string(maximum);
    throw Fault(FaultCode::InvalidParams, "expected " + expected + (maximum == 1 ? " parameter" : " parameters") +
                                              ", got " + std::to_string(given));
}

void throwResultConversion(const ConversionError& e) {
    throw Fault(FaultCode::InternalError, ConversionError("result" + e.path(), e.detail()).what());
}

}  // namespace detail

namespace {

bool validName(const std::string& name) {
    if (name.empty() || name.size() > 256) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
               c == ':' || c == '-';
    });
}

const char* const kListMethods = "system.listMethods";
const char* const kMethodHelp = "system.methodHelp";
const char* const kMethodSignature = "system.methodSignature";
const char* const kMulticall = "system.multicall";

}  // namespace

MethodTable::MethodTable() { bindSystemMethods(); }

void MethodTable::add(const std::string& name, UntypedFunction function, std::string help) {
    if (!validName(name) || name.rfind("system.", 0) == 0)
        throw std::invalid_argument("invalid method name '" + name +
                                    "': use letters, digits and _.:- and no 'system.' prefix");
    if (!function.handler) throw std::invalid_argument("method '" + name + "' has no handler");
    auto method = std::make_shared<const Method>(
        Method{std::move(function.handler), std::move(help), std::move(function.signatures)});
    std::unique_lock lock(m_mutex);
    m_methods.insert_or_assign(name, std::move(method));
}

bool MethodTable::unbind(const std::string& name) {
    if (name.rfind("system.", 0) == 0) return false;
    std::unique_lock lock(m_mutex);
    return m_methods.erase(name) > 0;
}

void MethodTable::setIntrospection(bool enabled) {
    std::unique_lock lock(m_mutex);
    m_introspection = enabled;
}

std::shared_ptr<const MethodTable::Method> MethodTable::find(const std::string& name) const {
    std::shared_lock lock(m_mutex);
    const bool isIntrospection = name == kListMethods || name == kMethodHelp || name == kMethodSignature;
    if (isIntrospection && !m_introspection) return nullptr;
    auto it = m_methods.find(name);
    return it == m_methods.end() ? nullptr : it->second;
}

std::vector<std::string> MethodTable::methodNames() const {
    std::vector<std::string> names;
    {
        std::shared_lock lock(m_mutex);
        for (const auto& entry : m_methods) {
            const std::string& name = entry.first;
            if (!m_introspection && (name == kListMethods || name == kMethodHelp || name == kMethodSignature)) continue;
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

Value MethodTable::call(const std::string& name, const Array& params) const {
    auto method = find(name);
    if (!method) throw Fault(FaultCode::MethodNotFound, "no method '" + name + "' is served here");
    try {
        return method->handler(params);
    } catch (const Fault&) {
        throw;
    } catch (const ConversionError& e) {
        throw Fault(FaultCode::InvalidParams, e.what());
    } catch (const std::exception& e) {
        throw Fault(FaultCode::ApplicationError, name + " failed: " + e.what());
    } catch (...) {
        throw Fault(FaultCode::ApplicationError, name + " failed with an unknown exception");
    }
}

std::string MethodTable::handle(std::string_view requestXml) const {
    Value result;
    return detail::handleRequest(*this, requestXml, result);
}

std::string detail::handleRequest(const MethodTable& table, std::string_view requestXml, Value& result) {
    try {
        const ParsedCall call = parseCall(requestXml);
        result = table.call(call.method, call.params);
        try {
            return encodeResponse(result);
        } catch (const ConversionError& e) {
            throw Fault(FaultCode::InternalError, std::string("the result cannot be sent: ") +
                                                      ConversionError("result" + e.path(), e.detail()).what());
        }
    } catch (const Fault& fault) {
        return encodeFault(fault.code(), fault.what());
    } catch (const std::exception& e) {
        return encodeFault(FaultCode::InternalError, e.what());
    } catch (...) {
        return encodeFault(FaultCode::InternalError, "unknown error");
    }
}

Array MethodTable::multicall(const Array& calls) const {
    Array results;
    results.reserve(calls.size());
    for (std::size_t i = 0; i < calls.size(); ++i) {
        try {
            const Value& entry = calls[i];
            const std::string& name = entry.at("methodName").asString();
            if (name == kMulticall) throw Fault(FaultCode::InvalidRequest, "system.multicall cannot be nested");
            const Value* params = entry.find("params");
            results.push_back(Array{call(name, params ? params->asArray() : Array())});
        } catch (const ConversionError& e) {
            results.push_back(Struct{{"faultCode", static_cast<int>(FaultCode::InvalidParams)},
                                     {"faultString", e.within("params[0][" + std::to_string(i) + "]").what()}});
        } catch (const Fault& fault) {
            results.push_back(Struct{{"faultCode", fault.code()}, {"faultString", fault.what()}});
        }
    }
    return results;
}

void MethodTable::bindSystemMethods() {
    // Straight into the map: add() refuses "system." names, which only these may have.
    auto addSystem = [this](const char* name, UntypedFunction function, std::string help) {
        m_methods[name] = std::make_shared<const Method>(
            Method{std::move(function.handler), std::move(help), std::move(function.signatures)});
    };
    auto listMethods = [this]() { return methodNames(); };
    addSystem(kListMethods, detail::untypedOf(listMethods), "Lists the names of the methods this server offers.");

    auto methodHelp = [this](const std::string& name) {
        auto method = find(name);
        if (!method) throw Fault(FaultCode::MethodNotFound, "no method '" + name + "' is served here");
        return method->help;
    };
    addSystem(kMethodHelp, detail::untypedOf(methodHelp), "Returns the help text of a method.");

    auto methodSignature = [this](const std::string& name) {
        auto method = find(name);
        if (!method) throw Fault(FaultCode::MethodNotFound, "no method '" + name + "' is served here");
        return method->signatures;
    };
    addSystem(kMethodSignature, detail::untypedOf(methodSignature),
              "Returns the signatures of a method: arrays of type names, the result type first.");

    auto multicallMethod = [this](const Array& calls) { return multicall(calls); };
    addSystem(kMulticall, detail::untypedOf(multicallMethod),
              "Runs several calls in one request: takes [{methodName, params}], returns one entry per "
              "call, [result] or {faultCode, faultString}.");
}

}  // namespace hostbridge
