// Qt Quick Test of the publishing views (qml_ui/qml/*.qml, imported as a directory): clicking
// toggles, section headers and buttons (tst_publish_views.qml); a row's detail page, the log's
// filter and level toggles (tst_details_and_log.qml); the publish page at 430 x 600 with the demo
// host's scene (tst_layout.qml); the look: a running row's stripe, the question before closing
// during a run, the window alert, links, the theme (tst_look.qml). The C++ models, history,
// details, log and theme are real, filled with sample rows; the controller is a stand-in written
// in QML.

#include <QQmlContext>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickStyle>
#include <QtQuickTest>

#include <string>
#include <utility>
#include <vector>

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
        // The demo host's scene (examples/demo_host): 13 instances in 5 families, 5 collectors,
        // 3 validators, an extractor and an integrator; for the layout at 430 x 600.
        Array scene;
        for (const auto& [name, family] : std::vector<std::pair<std::string, std::string>>{{"hero_GEO", "model"},
                                                                                           {"prop_sword_GEO", "model"},
                                                                                           {"set_castle_GEO", "model"},
                                                                                           {"tree_geo", "model"},
                                                                                           {"hero_RIG", "rig"},
                                                                                           {"dragon_RIG", "rig"},
                                                                                           {"shot_CAM", "camera"},
                                                                                           {"witness_CAM", "camera"},
                                                                                           {"hero_LOOK", "look"},
                                                                                           {"castle_LOOK", "look"},
                                                                                           {"hero_ANIM", "animation"},
                                                                                           {"dragon_ANIM", "animation"},
                                                                                           {"crowd_ANIM", "animation"}})
            scene.push_back(instance(name, family));
        m_demoInstances.setItems(readContext(Struct{{"name", "Context"}, {"id", "ctx"}, {"children", scene}}));
        m_demoPlugins.setItems(readPlugins(Array{
            plugin("CollectModels", 0, {"*"}, false), plugin("CollectRigs", 0, {"*"}, false),
            plugin("CollectCameras", 0, {"*"}, false), plugin("CollectLooks", 0, {"*"}, false),
            plugin("CollectAnimation", 0, {"*"}, false), plugin("ValidateNaming", 1, {"*"}, false),
            plugin("ValidateFrameRange", 1.1, {"animation"}, true), plugin("ValidateLookShaders", 1.2, {"look"}, false),
            plugin("ExtractFiles", 2, {"*"}, false), plugin("IntegrateFiles", 3, {"*"}, false)}));
        engine->rootContext()->setContextProperty(QStringLiteral("demoInstances"), &m_demoInstances);
        engine->rootContext()->setContextProperty(QStringLiteral("demoPlugins"), &m_demoPlugins);
        engine->rootContext()->setContextProperty(QStringLiteral("demoDetails"), &m_demoDetails);
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
    InstanceModel m_demoInstances;
    PluginModel m_demoPlugins;
    ItemHistory m_demoHistory;
    ItemDetails m_demoDetails{m_demoInstances, m_demoPlugins, m_demoHistory};
};

QUICK_TEST_MAIN_WITH_SETUP(publish_views, Setup)
#include "tst_publish_views.moc"
