#include "ui_functions.hpp"

#include <QJSEngine>
#include <QtDebug>

#include <stdexcept>

#include <hostbridge/fault.hpp>

#include "value_variant.hpp"

namespace hostbridge::ui {

UiFunctions::UiFunctions(std::shared_ptr<MethodTable> table, GuiThreadBridge& bridge, QObject* parent)
    : QObject(parent), m_table(std::move(table)), m_bridge(bridge) {
    for (const std::string& name : m_table->methodNames()) m_builtIns.insert(name);
}

void UiFunctions::checkName(const std::string& name) const {
    if (name.empty()) throw std::invalid_argument("a UI function needs a name");
    if (m_builtIns.count(name) || name.rfind("system.", 0) == 0)
        throw std::invalid_argument("'" + name + "' is a built-in method of the UI and cannot be replaced");
}

bool UiFunctions::registerFunction(const QString& name, const QString& help, const QJSValue& function) {
    const std::string key = name.toStdString();
    try {
        checkName(key);
    } catch (const std::invalid_argument& e) {
        qWarning("UiFunctions: %s", e.what());
        return false;
    }
    if (!function.isCallable()) {
        qWarning("UiFunctions: '%s' is not given a function", qPrintable(name));
        return false;
    }
    m_jsFunctions.insert(name, function);
    // Introspection shows one "any" per declared JavaScript parameter.
    const int arity = function.property(QStringLiteral("length")).toInt();
    Signature signature{"any"};
    for (int i = 0; i < arity; ++i) signature.push_back("any");
    GuiThreadBridge* bridge = &m_bridge;
    QPointer<UiFunctions> self(this);
    Handler onGuiThread = [bridge, self, key](const Array& params) {
        return bridge->call([self, &key, &params] {
            if (!self) throw Fault(FaultCode::ShuttingDown, "the UI is shutting down");
            return self->callJs(key, params);
        });
    };
    m_table->bind(key, UntypedFunction{std::move(onGuiThread), {signature}}, help.toStdString());
    return true;
}

bool UiFunctions::unregisterFunction(const QString& name) {
    if (!m_jsFunctions.remove(name)) return false;
    m_table->unbind(name.toStdString());
    return true;
}

Value UiFunctions::callJs(const std::string& name, const Array& params) {
    const auto it = m_jsFunctions.constFind(QString::fromStdString(name));
    if (it == m_jsFunctions.constEnd()) throw Fault(FaultCode::MethodNotFound, "'" + name + "' was unregistered");
    QJSValue function = it.value();
    QJSEngine* engine = qjsEngine(this);
    if (!engine) throw Fault(FaultCode::InternalError, "no QML engine for '" + name + "'");
    QJSValueList arguments;
    for (const Value& param : params) arguments.push_back(toJsValue(*engine, param));
    const QJSValue result = function.call(arguments);
    if (result.isError())
        throw Fault(FaultCode::ApplicationError,
                    name + ": " + result.property(QStringLiteral("message")).toString().toStdString());
    try {
        return fromJsValue(result, "result");
    } catch (const ConversionError& e) {
        throw Fault(FaultCode::InternalError, name + " returned " + e.what());
    }
}

}  // namespace hostbridge::ui
