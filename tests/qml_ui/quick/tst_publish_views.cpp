// Qt Quick Test of the publishing views (qml_ui/qml/*.qml, imported as a directory): clicking
// toggles, section headers and buttons (tst_publish_views.qml); a row's detail page, the log's
// filter and level toggles (tst_details_and_log.qml); the look: a running row's stripe, the
// question before closing during a run, the window alert, links, the theme (tst_look.qml). The
// C++ models, history, details, log and theme are real, filled with sample rows; the controller
// is a stand-in written in QML.

#include <QQmlContext>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QtQuickTest>

#include "item_details.hpp"
#include "publish_models.hpp"
#include "run_log_filter.hpp"
#include "run_log_model.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

// The views import HostBridge.Core (their C++ types), a static plugin.
Q_IMPORT_QML_PLUGIN(HostBridge_CorePlugin)

namespace {

Value instance(const std::string& name, const std::string& family) {
    return Struct{{"name", name},
                  {"id", name},
                  {"data", Struct{{"family", family}, {"families", Array{family}}, {"publish", true}}}};
}

Value plugin(const std::string& name, double order, Array families, bool optional, Array actions = {}) {
    return Struct{{"name", name},
                  {"id", name},
                  {"order", order},
                  {"families", std::move(families)},
                  {"optional", optional},
                  {"active", true},
                  {"contextEnabled", false},
                  {"instanceEnabled", true},
                  {"doc", "Checks " + name},
                  {"path", "/plugins/" + name + ".py"},
                  {"actions", std::move(actions)}};
}

// A Result of `plugin` on `instance` with one record; failed with an error when `message` is set.
RunResult result(const std::string& plugin, const std::string& instance, const std::string& record, int level,
                 const std::string& message = {}) {
    Struct value{{"success", message.empty()},
                 {"duration", 2.0},
                 {"records", Array{Struct{{"levelno", level}, {"message", record}, {"name", "pyblish"}}}}};
    if (!message.empty())
        value["error"] =
            Struct{{"message", message}, {"fname", "normals.py"}, {"line_number", 42}, {"func", "process"}};
    RunResult r = readRunResult(value);
    r.pluginId = r.pluginLabel = plugin;
    r.instanceId = r.instanceLabel = instance;
    return r;
}

}  // namespace

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Fusion")); }

    void qmlEngineAvailable(QQmlEngine* engine) {
        engine->addImportPath(QStringLiteral("qrc:/"));  // HostBridge.Core's qmldir
        m_instances.setItems(
            readContext(Struct{{"name", "Context"},
                               {"id", "ctx"},
                               {"children", Array{instance("Bruce", "model"), instance("Chair", "model")}}}));
        m_plugins.setItems(readPlugins(Array{plugin("ValidateNaming", 1, {"model"}, false),
                                             plugin("ValidateNormals", 1, {"model"}, true,
                                                    Array{Struct{{"id", "SelectFaces"}, {"label", "Select faces"}}}),
                                             plugin("ValidateRig", 1, {"rig"}, true)}));
        m_plugins.updateWork(m_instances.items());
        const RunResult failed =
            result("ValidateNormals", "Chair", "12 faces with locked normals", 40, "Chair has locked normals");
        const RunResult passed = result("ValidateNaming", "Bruce", "Bruce is named well", 20);
        const RunResult debug = result("ValidateNaming", "Chair", "looked at Chair", 10);
        m_log.addSeparator(QStringLiteral("Reset from host 127.0.0.1:9001"));
        for (const RunResult& r : {failed, passed, debug}) {
            m_history.add(r);
            m_log.addResult(r);
        }
        m_logFilter.setSourceModel(&m_log);
        engine->rootContext()->setContextProperty(QStringLiteral("instanceModel"), &m_instances);
        engine->rootContext()->setContextProperty(QStringLiteral("pluginModel"), &m_plugins);
        engine->rootContext()->setContextProperty(QStringLiteral("itemDetails"), &m_details);
        engine->rootContext()->setContextProperty(QStringLiteral("runLog"), &m_logFilter);
    }

private:
    InstanceModel m_instances;
    PluginModel m_plugins;
    ItemHistory m_history;
    ItemDetails m_details{m_instances, m_plugins, m_history};
    RunLogModel m_log;
    RunLogFilter m_logFilter;
};

QUICK_TEST_MAIN_WITH_SETUP(publish_views, Setup)
#include "tst_publish_views.moc"
