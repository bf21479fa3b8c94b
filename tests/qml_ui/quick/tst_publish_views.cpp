// Qt Quick Test of the publishing views (qml_ui/qml/*.qml, imported as a directory): clicking
// toggles, section headers and buttons. The C++ models are real, filled with sample rows; the
// controller is a stand-in written in QML (tst_publish_views.qml).

#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQuickTest>

#include "publish_models.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

namespace {

Value instance(const std::string& name, const std::string& family) {
    return Struct{{"name", name}, {"id", name},
                  {"data", Struct{{"family", family}, {"families", Array{family}}, {"publish", true}}}};
}

Value plugin(const std::string& name, double order, Array families, bool optional) {
    return Struct{{"name", name}, {"id", name}, {"order", order}, {"families", std::move(families)},
                  {"optional", optional}, {"active", true}, {"contextEnabled", false}, {"instanceEnabled", true}};
}

}  // namespace

class Setup : public QObject {
    Q_OBJECT
public slots:
    void applicationAvailable() { QQuickStyle::setStyle(QStringLiteral("Fusion")); }

    void qmlEngineAvailable(QQmlEngine* engine) {
        m_instances.setItems(readContext(Struct{{"name", "Context"}, {"id", "ctx"},
                                                {"children", Array{instance("Bruce", "model"), instance("Chair", "model")}}}));
        m_plugins.setItems(readPlugins(Array{plugin("ValidateNaming", 1, {"model"}, false),
                                             plugin("ValidateNormals", 1, {"model"}, true),
                                             plugin("ValidateRig", 1, {"rig"}, true)}));
        m_plugins.updateWork(m_instances.items());
        engine->rootContext()->setContextProperty(QStringLiteral("instanceModel"), &m_instances);
        engine->rootContext()->setContextProperty(QStringLiteral("pluginModel"), &m_plugins);
    }

private:
    InstanceModel m_instances;
    PluginModel m_plugins;
};

QUICK_TEST_MAIN_WITH_SETUP(publish_views, Setup)
#include "tst_publish_views.moc"
