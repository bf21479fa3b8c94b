#pragma once
// UiFunctions: developers' own functions on the UI's XML-RPC server, next to the built-in ones
// (show, heartbeat, ...), listed and documented by introspection like them.
//
//   From C++, one line (the function runs on the GUI thread, so it may touch the window):
//     functions.bind("studio.shotName", [&] { return shotLabel.toStdString(); }, "studio.shotName(): ...");
//   From QML, with the object handed to the window as `uiFunctions`:
//     Component.onCompleted: uiFunctions.registerFunction("studio.greet", "studio.greet(name): ...",
//                                                         function(name) { return "Hello " + name })
//
// Threads: bind() and registerFunction() on the GUI thread. The functions are called on a
// server connection thread, which hands the work to the GUI thread (GuiThreadBridge: the same
// deadline and Busy fault as the built-ins) and waits; arguments and results are converted as
// value_variant.hpp says. A JavaScript exception becomes an ApplicationError fault with its
// message; a result with no XML-RPC type, an InternalError naming where.

#include <QtQml/qqmlregistration.h>
#include <QHash>
#include <QJSValue>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <set>
#include <string>

#include <hostbridge/method_table.hpp>

#include "gui_thread_bridge.hpp"

namespace hostbridge::ui {

class UiFunctions : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("made by hostbridge-ui's main()")
public:
    // The names bound in `table` so far are the built-ins: they cannot be replaced.
    UiFunctions(std::shared_ptr<MethodTable> table, GuiThreadBridge& bridge, QObject* parent = nullptr);

    // Binds a C++ callable (any parameters and result MethodTable::bind takes) to run on the
    // GUI thread. Throws std::invalid_argument for a built-in's name.
    template <typename F>
    void bind(const std::string& name, F function, std::string help) {
        checkName(name);
        Handler handler = makeHandler(std::move(function));
        GuiThreadBridge* bridge = &m_bridge;
        Handler onGuiThread = [bridge, handler](const Array& params) {
            return bridge->call([&handler, &params] { return handler(params); });
        };
        m_table->bind(name, UntypedFunction{std::move(onGuiThread), signaturesOf<F>()}, std::move(help));
    }

    // QML: registers `function` under `name` (a JavaScript function of any arity; each XML-RPC
    // parameter is one argument). Registering a name again replaces it. False, with a warning
    // on the console, for a built-in's name, an empty name or something not callable.
    Q_INVOKABLE bool registerFunction(const QString& name, const QString& help, const QJSValue& function);
    // QML: removes a function registered from QML (e.g. when its component goes away).
    Q_INVOKABLE bool unregisterFunction(const QString& name);

private:
    void checkName(const std::string& name) const;
    Value callJs(const std::string& name, const Array& params);

    std::shared_ptr<MethodTable> m_table;
    GuiThreadBridge& m_bridge;
    std::set<std::string> m_builtIns;
    QHash<QString, QJSValue> m_jsFunctions;  // GUI thread only
};

}  // namespace hostbridge::ui
