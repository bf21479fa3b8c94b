// UiFunctions: functions developers add to the UI's server, from C++ and from JavaScript (the
// way a QML component registers them), called through the method table from a server thread
// as the Server does; values converted both ways; faults for what goes wrong.

#include <QJSEngine>
#include <QThread>
#include <QtTest>

#include <future>
#include <thread>

#include <hostbridge/fault.hpp>

#include "ui_functions.hpp"
#include "value_variant.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

namespace {

// Calls `name` on a thread of its own (as a server connection thread would), keeping the GUI
// thread's event loop running until the answer comes.
Value callFromServerThread(MethodTable& table, const std::string& name, Array params) {
    auto answer = std::async(std::launch::async, [&] { return table.call(name, params); });
    // Bounded: the bridge's own deadline (10 s) answers Busy if the GUI thread never ran it.
    (void)QTest::qWaitFor([&] { return answer.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready; },
                          15000);
    return answer.get();
}

int faultOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Fault& fault) {
        return fault.code();
    }
    return 0;
}

struct Fixture {
    GuiThreadBridge bridge;
    std::shared_ptr<MethodTable> table = std::make_shared<MethodTable>();
    std::unique_ptr<UiFunctions> functions;
    QJSEngine engine;
    Fixture() {
        table->bind(
            "show", [](int) { return true; }, "a built-in");
        functions = std::make_unique<UiFunctions>(table, bridge);
        engine.globalObject().setProperty(QStringLiteral("uiFunctions"), engine.newQObject(functions.get()));
        QJSEngine::setObjectOwnership(functions.get(), QJSEngine::CppOwnership);
    }
    QJSValue js(const QString& code) { return engine.evaluate(code); }
};

}  // namespace

class TestUiFunctions : public QObject {
    Q_OBJECT

private slots:
    void cppFunctionRunsOnTheGuiThread() {
        Fixture f;
        QThread* ranOn = nullptr;
        f.functions->bind(
            "studio.add",
            [&](int a, int b) {
            ranOn = QThread::currentThread();
            return a + b;
            },
            "studio.add(a, b): the sum.");
        QCOMPARE(callFromServerThread(*f.table, "studio.add", {2, 40}), Value(42));
        QCOMPARE(ranOn, QThread::currentThread());
        // Introspection lists it like a built-in, with its signature and help.
        const auto names = f.table->methodNames();
        QVERIFY(std::find(names.begin(), names.end(), "studio.add") != names.end());
        QCOMPARE(f.table->call("system.methodHelp", {"studio.add"}), Value("studio.add(a, b): the sum."));
        QCOMPARE(f.table->call("system.methodSignature", {"studio.add"}),
                 Value(Array{Value(Array{"int", "int", "int"})}));
        QCOMPARE(faultOf([&] { f.table->call("studio.add", {1}); }), int(FaultCode::InvalidParams));
    }

    void builtInsCannotBeReplaced() {
        Fixture f;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f.functions->bind(
                                                            "show", [] { return 1; }, ""));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, f.functions->bind(
                                                            "system.listMethods", [] { return 1; }, ""));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("built-in"));
        QCOMPARE(f.js("uiFunctions.registerFunction('show', '', function() { return 1 })").toBool(), false);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("not given a function"));
        QCOMPARE(f.js("uiFunctions.registerFunction('studio.x', '', 42)").toBool(), false);
        QCOMPARE(f.table->call("show", {1}), Value(true));  // untouched
    }

    void jsFunctionConvertsBothWays() {
        Fixture f;
        QVERIFY(f.js(R"(uiFunctions.registerFunction("studio.echo", "studio.echo(v): v, as JavaScript sees it.",
                                                     function(v) { return v }))")
                    .toBool());
        QCOMPARE(f.table->call("system.methodSignature", {"studio.echo"}), Value(Array{Value(Array{"any", "any"})}));
        const DateTime when = DateTime(std::chrono::milliseconds(1700000000123));
        const Value nested = Struct{
            {"name", "sh010"}, {"frames", Array{1001, 1096}}, {"ratio", 1.5}, {"done", true}, {"camera", Value()},
            {"when", when},    {"bytes", Bytes{0, 1, 254}}};
        QCOMPARE(callFromServerThread(*f.table, "studio.echo", {nested}), nested);
        QCOMPARE(callFromServerThread(*f.table, "studio.echo", {Value(3)}), Value(3));  // JS number, whole
        QCOMPARE(callFromServerThread(*f.table, "studio.echo", {Value(2.5)}), Value(2.5));
        QCOMPARE(callFromServerThread(*f.table, "studio.echo", {Value(5e9)}), Value(5e9));  // beyond 32 bits: double
    }

    void jsErrorsBecomeFaults() {
        Fixture f;
        f.js(R"(uiFunctions.registerFunction("studio.fail", "", function() { throw new Error("no shot selected") }))");
        f.js(R"(uiFunctions.registerFunction("studio.fn", "", function() { return function() {} }))");
        try {
            callFromServerThread(*f.table, "studio.fail", {});
            QFAIL("no fault");
        } catch (const Fault& fault) {
            QCOMPARE(fault.code(), int(FaultCode::ApplicationError));
            QVERIFY2(QString::fromStdString(fault.message()).contains("no shot selected"), fault.what());
        }
        QCOMPARE(faultOf([&] { callFromServerThread(*f.table, "studio.fn", {}); }), int(FaultCode::InternalError));
        // A cyclic object would recurse until the GUI thread's stack ran out: a fault instead.
        f.js(R"(uiFunctions.registerFunction("studio.cycle", "", function() { var o = {}; o.self = o; return o }))");
        QCOMPARE(faultOf([&] { callFromServerThread(*f.table, "studio.cycle", {}); }), int(FaultCode::InternalError));
    }

    void reRegisterReplacesAndUnregisterRemoves() {
        Fixture f;
        f.js(R"(uiFunctions.registerFunction("studio.v", "", function() { return 1 }))");
        f.js(R"(uiFunctions.registerFunction("studio.v", "", function() { return 2 }))");
        QCOMPARE(callFromServerThread(*f.table, "studio.v", {}), Value(2));
        QVERIFY(f.js(R"(uiFunctions.unregisterFunction("studio.v"))").toBool());
        QCOMPARE(faultOf([&] { f.table->call("studio.v", {}); }), int(FaultCode::MethodNotFound));
        QVERIFY(!f.js(R"(uiFunctions.unregisterFunction("studio.v"))").toBool());
    }
};

QTEST_GUILESS_MAIN(TestUiFunctions)
#include "tst_ui_functions.moc"
