// UiAutomation: the ui.* functions called through the method table from a server thread, as
// the UI's server calls them, against a controller working for an in-process host: ui.state,
// ui.run (and its refusals), ui.log and its pages, ui.switchHost, ui.setComment, ui.timings /
// ui.markFrames before and after the window's figures exist.

#include <QtTest>

#include <future>

#include <hostbridge/fault.hpp>

#include "host_link.hpp"
#include "host_registry.hpp"
#include "hosts_controller.hpp"
#include "in_process_host.hpp"
#include "publish_controller.hpp"
#include "ui_automation.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;
using hostbridge::ui::testing::InProcessHost;

namespace {

constexpr int kWaitMs = 5000;

class FakeTimings : public FrameTimings {
public:
    Struct report() const override { return Struct{{"frames", 7}}; }
    void mark(bool continuous) override { marks.push_back(continuous); }
    std::vector<bool> marks;
};

struct Fixture {
    GuiThreadBridge bridge;
    std::shared_ptr<MethodTable> table = std::make_shared<MethodTable>();
    UiFunctions functions{table, bridge};
    InProcessHost host;
    HostLink idleLink;  // HostsController's own; the controller works for the in-process host
    InstanceModel instances;
    PluginModel plugins;
    PublishController publishController{host, instances, plugins};
    HostRegistry hosts;
    HostsController hostsController{hosts, idleLink, publishController};
    UiAutomation automation{functions, publishController, hosts, hostsController};

    // As a server connection thread calls it, keeping the GUI thread's event loop running.
    Value call(const std::string& name, Array params = {}) {
        auto answer = std::async(std::launch::async, [&] { return table->call(name, params); });
        (void)QTest::qWaitFor(
            [&] { return answer.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready; }, 15000);
        return answer.get();
    }
    int faultOf(const std::string& name, Array params = {}) {
        try {
            call(name, std::move(params));
        } catch (const Fault& fault) {
            return fault.code();
        }
        return 0;
    }
    bool waitIdle() {
        return QTest::qWaitFor([&] { return call("ui.state").find("phase")->asString() == "idle"; }, kWaitMs);
    }
};

}  // namespace

class TestUiAutomation : public QObject {
    Q_OBJECT

private slots:
    void stateWithoutAHost() {
        Fixture f;
        const Value state = f.call("ui.state");
        QCOMPARE(state.find("phase")->asString(), std::string("idle"));
        QCOMPARE(state.find("status")->asString(), std::string("No host yet"));
        QCOMPARE(state.find("hostPort")->asInt(), 0);
        QCOMPARE(state.find("hasError")->asBool(), false);
        QCOMPARE(state.find("liveFraction")->asDouble(), -1.0);
        // Every button is disabled: nothing starts.
        for (const char* step : {"reset", "validate", "publish", "stop"})
            QCOMPARE(f.call("ui.run", {step}).asBool(), false);
        QCOMPARE(f.faultOf("ui.run", {"explode"}), int(FaultCode::InvalidParams));
    }

    void runsAndTheLog() {
        Fixture f;
        f.publishController.connectToHost(InProcessHost::kPort, "");
        QCOMPARE(f.call("ui.state").find("phase")->asString(), std::string("resetting"));
        QVERIFY(f.waitIdle());
        QCOMPARE(f.call("ui.state").find("status")->asString(), std::string("Ready: 2 instance(s), 5 plug-in(s)"));
        QCOMPARE(f.call("ui.run", {"validate"}).asBool(), true);
        QCOMPARE(f.call("ui.run", {"validate"}).asBool(), false);  // no double-firing
        QVERIFY(f.waitIdle());
        const Value state = f.call("ui.state");
        QCOMPARE(state.find("hasError")->asBool(), true);
        QCOMPARE(state.find("done")->asInt(), 4);
        QCOMPARE(state.find("total")->asInt(), 4);

        const Array lines = f.call("ui.log", {0}).asArray();
        QCOMPARE(static_cast<int>(lines.size()), state.find("logLines")->asInt());
        QCOMPARE(lines.front().find("kind")->asString(), std::string("separator"));
        QCOMPARE(lines.front().find("message")->asString(),
                 "Reset from host 127.0.0.1:" + std::to_string(InProcessHost::kPort));
        const auto failed = std::find_if(lines.begin(), lines.end(),
                                         [](const Value& line) { return line.find("kind")->asString() == "error"; });
        QVERIFY(failed != lines.end());
        QCOMPARE(failed->find("level")->asInt(), static_cast<int>(LogLevel::Error));
        QCOMPARE(failed->find("plugin")->asString(), std::string("ValidateNormals"));
        QCOMPARE(failed->find("instance")->asString(), std::string("Chair"));
        // Pages: from a row on, and nothing past the end.
        QCOMPARE(f.call("ui.log", {2}).asArray().size(), lines.size() - 2);
        QVERIFY(f.call("ui.log", {100000}).asArray().empty());
        QCOMPARE(f.call("ui.log", {-5}).asArray().size(), lines.size());
    }

    // ui.setComment: the publish's comment, or an instance's by name or label; both reach the host.
    void setComment() {
        Fixture f;
        f.publishController.connectToHost(InProcessHost::kPort, "");
        QVERIFY(f.waitIdle());
        QCOMPARE(f.call("ui.state").find("comment")->asString(), std::string());
        QVERIFY(f.call("ui.state").find("targets")->asArray().empty());
        QCOMPARE(f.call("ui.setComment", {"for the lead"}).asBool(), true);
        QCOMPARE(f.call("ui.state").find("comment")->asString(), std::string("for the lead"));
        QCOMPARE(f.call("ui.setComment", {"about the chair", "Chair"}).asBool(), true);
        QCOMPARE(f.call("ui.setComment", {"x", "Nobody"}).asBool(), false);
        QCOMPARE(f.call("ui.setComment", {"x", "Context"}).asBool(), false);  // the context's is the publish's
        QVERIFY(QTest::qWaitFor([&] { return f.host.scene()[1].comment == "about the chair"; }, kWaitMs));
        QCOMPARE(f.host.contextComment, std::string("for the lead"));
        // While a run goes on, refused as the disabled box would.
        QCOMPARE(f.call("ui.run", {"validate"}).asBool(), true);
        QCOMPARE(f.call("ui.setComment", {"late"}).asBool(), false);
        QVERIFY(f.waitIdle());
    }

    void switchHostRefusesAnUnknownHost() {
        Fixture f;
        QCOMPARE(f.call("ui.switchHost", {1234}).asBool(), false);
    }

    void timingsOnceTheWindowHasThem() {
        Fixture f;
        QCOMPARE(f.faultOf("ui.timings"), int(FaultCode::Busy));
        QCOMPARE(f.faultOf("ui.markFrames", {true}), int(FaultCode::Busy));
        FakeTimings timings;
        f.automation.setFrameTimings(&timings);
        QCOMPARE(f.call("ui.timings").find("frames")->asInt(), 7);
        QCOMPARE(f.call("ui.markFrames", {true}).asBool(), true);
        QCOMPARE(timings.marks, std::vector<bool>{true});
    }

    void eachFunctionIsDocumented() {
        Fixture f;
        for (const char* name :
             {"ui.state", "ui.run", "ui.log", "ui.switchHost", "ui.setComment", "ui.timings", "ui.markFrames"})
            QVERIFY2(f.table->call("system.methodHelp", {name}).asString().rfind(std::string(name) + "(", 0) == 0,
                     name);
    }
};

QTEST_GUILESS_MAIN(TestUiAutomation)
#include "tst_ui_automation.moc"
