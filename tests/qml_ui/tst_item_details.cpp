// ItemDetails: the detail page's data of a plug-in and of an instance (the context included),
// from the models and the history; it follows new results and closes when a reset removes its
// item, and shows an error's line of source. Also readRunResult and describeError, which the page and the log share.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "item_details.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

namespace {

Value instance(const std::string& name, const std::string& family) {
    return Struct{{"name", name},
                  {"id", name + "-1"},
                  {"data", Struct{{"label", name}, {"family", family}, {"families", Array{family, "review"}}}}};
}

Value plugin(const std::string& name, double order, bool contextPlugin) {
    return Struct{{"name", name},
                  {"id", name + "-1"},
                  {"label", name + " label"},
                  {"order", order},
                  {"families", Array{"model"}},
                  {"contextEnabled", contextPlugin},
                  {"instanceEnabled", !contextPlugin},
                  {"doc", "  Checks " + name + ".\n"},
                  {"path", "/plugins/" + name + ".py"}};
}

Value resultValue(bool failed, double ms, Array records) {
    Struct r{{"success", !failed}, {"records", std::move(records)}, {"duration", ms}};
    r["error"] = failed ? Value(Struct{{"message", "locked normals"},
                                       {"fname", "normals.py"},
                                       {"line_number", 42},
                                       {"func", "process"},
                                       {"exc", "AssertionError"}})
                        : Value();
    return r;
}

Value record(const std::string& message, int level) {
    return Struct{{"name", "pyblish.plugin"},
                  {"levelname", level >= 30 ? "WARNING" : "INFO"},
                  {"levelno", level},
                  {"message", message},
                  {"lineno", 12}};
}

RunResult kept(const Value& value, const std::string& pluginName, const std::string& instanceName) {
    RunResult r = readRunResult(value);
    r.pluginId = pluginName + "-1";
    r.pluginLabel = pluginName + " label";
    r.instanceId = instanceName.empty() ? "" : instanceName + "-1";
    r.instanceLabel = instanceName;
    return r;
}

struct Fixture {
    InstanceModel instances;
    PluginModel plugins;
    ItemHistory history;
    ItemDetails details{instances, plugins, history};
    Fixture() {
        instances.setItems(
            readContext(Struct{{"name", "Context"},
                               {"id", "ctx-1"},
                               {"children", Array{instance("Chair", "model"), instance("Bruce", "model")}}}));
        plugins.setItems(readPlugins(Array{plugin("ValidateNormals", 1.5, false), plugin("IntegrateAsset", 3, true)}));
    }
};

}  // namespace

class TestItemDetails : public QObject {
    Q_OBJECT

private slots:
    void readsResults() {
        const RunResult r =
            readRunResult(resultValue(true, 3, {record("a", 30), Struct{{"msg", "b"}, {"levelno", 10}}}));
        QVERIFY(!r.success);
        QVERIFY(r.error);
        QCOMPARE(describeError(*r.error), std::string("locked normals (normals.py, line 42, in process)"));
        QCOMPARE(r.records.size(), std::size_t(2));
        QCOMPARE(r.records[1].message, std::string("b"));        // "msg" when there is no "message"
        QCOMPARE(r.records[1].levelName, std::string("debug"));  // derived when missing
        QCOMPARE(r.durationMs, 3.0);
        QCOMPARE(describeError(ResultError{}), std::string("failed without a message"));
        QCOMPARE(describeError(ResultError{"x", "", 0, "f"}), std::string("x (in f)"));
        QVERIFY(readRunResult(Value()).success);  // not a struct: nothing known, nothing made up
        QCOMPARE(std::string(levelBand(50)), std::string("critical"));
        QCOMPARE(std::string(levelBand(9)), std::string("debug"));
    }

    void pluginPage() {
        Fixture f;
        QVERIFY(!f.details.open());
        QVERIFY(!f.details.showPlugin(7));
        QVERIFY(f.details.showPlugin(0));
        QVERIFY(f.details.open());
        QCOMPARE(f.details.kind(), QStringLiteral("plugin"));
        QCOMPARE(f.details.title(), QStringLiteral("ValidateNormals label"));
        QCOMPARE(f.details.name(), QStringLiteral("ValidateNormals"));
        QCOMPARE(f.details.documentation(), QStringLiteral("Checks ValidateNormals."));
        QCOMPARE(f.details.path(), QStringLiteral("/plugins/ValidateNormals.py"));
        QCOMPARE(f.details.families(), QStringList{"model"});
        QCOMPARE(f.details.orderText(), QStringLiteral("1.5 (Validate)"));
        QCOMPARE(f.details.itemState(), QStringLiteral("idle"));
        QCOMPARE(f.details.runs(), 0);
        QCOMPARE(f.details.durationText(), QStringLiteral("Not run since the reset"));

        QSignalSpy changed(&f.details, &ItemDetails::changed);
        f.history.add(kept(resultValue(false, 1.5, {record("Bruce ok", 20)}), "ValidateNormals", "Bruce"));
        f.history.add(kept(resultValue(true, 2.0, {record("12 faces", 30)}), "ValidateNormals", "Chair"));
        f.history.add(kept(resultValue(false, 9.0, {}), "IntegrateAsset", ""));  // another plug-in
        f.plugins.setState("ValidateNormals-1", ItemState::Failed, "locked normals");
        QVERIFY(changed.count() >= 3);
        QCOMPARE(f.details.itemState(), QStringLiteral("failed"));
        QCOMPARE(f.details.runs(), 2);
        QCOMPARE(f.details.totalMs(), 3.5);
        QCOMPARE(f.details.lastMs(), 2.0);
        QCOMPARE(f.details.durationText(), QStringLiteral("Ran 2 times: 3.5 ms in all, last 2.0 ms"));
        QCOMPARE(f.details.errors().size(), 1);
        const QVariantMap error = f.details.errors().first().toMap();
        QCOMPARE(error.value("message").toString(), QStringLiteral("locked normals"));
        QCOMPARE(error.value("file").toString(), QStringLiteral("normals.py"));
        QCOMPARE(error.value("line").toInt(), 42);
        QCOMPARE(error.value("function").toString(), QStringLiteral("process"));
        QCOMPARE(error.value("source").toString(), QStringLiteral("Chair"));  // a plug-in's page names the instance
        QCOMPARE(f.details.records().size(), 2);
        const QVariantMap warning = f.details.records().last().toMap();
        QCOMPARE(warning.value("message").toString(), QStringLiteral("12 faces"));
        QCOMPARE(warning.value("levelName").toString(), QStringLiteral("WARNING"));
        QCOMPARE(warning.value("band").toString(), QStringLiteral("warning"));
        QCOMPARE(warning.value("lineno").toInt(), 12);
        QCOMPARE(warning.value("name").toString(), QStringLiteral("pyblish.plugin"));

        f.details.close();
        QVERIFY(!f.details.open());
    }

    void instanceAndContextPages() {
        Fixture f;
        f.history.add(kept(resultValue(true, 2.0, {}), "ValidateNormals", "Chair"));
        f.history.add(kept(resultValue(false, 4.0, {record("integrated", 20)}), "IntegrateAsset", ""));
        QVERIFY(f.details.showInstance(f.instances.rowOfId("Chair-1")));
        QCOMPARE(f.details.kind(), QStringLiteral("instance"));
        QCOMPARE(f.details.families(), (QStringList{"model", "review"}));
        QCOMPARE(f.details.orderText(), QString());
        QCOMPARE(f.details.errors().size(), 1);
        QCOMPARE(f.details.errors().first().toMap().value("source").toString(),
                 QStringLiteral("ValidateNormals label"));
        QCOMPARE(f.details.durationText(), QStringLiteral("Ran once: 2.0 ms"));
        // The context's page shows the context plug-ins' results (process(plugin, nil)).
        QVERIFY(f.details.showInstance(0));
        QCOMPARE(f.details.title(), QStringLiteral("Context"));
        QCOMPARE(f.details.records().size(), 1);
        QCOMPARE(f.details.records().first().toMap().value("source").toString(),
                 QStringLiteral("IntegrateAsset label"));
    }

    // The line an error points at is read off the GUI thread; the page shows it once it is in.
    void anErrorShowsItsSourceLine() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("normals.py"));
        QFile source(file);
        QVERIFY(source.open(QIODevice::WriteOnly));
        source.write("class ValidateNormals:\n    def process(self, instance):\n        assert not instance.locked\n");
        source.close();
        Fixture f;
        const Value failed = Struct{{"success", false},
                                    {"duration", 2.0},
                                    {"error", Struct{{"message", "locked normals"},
                                                     {"fname", file.toStdString()},
                                                     {"line_number", 3},
                                                     {"func", "process"}}}};
        f.history.add(kept(failed, "ValidateNormals", "Chair"));
        f.history.add(kept(resultValue(true, 1.0, {}), "ValidateNormals", "Bruce"));  // fname relative: none
        QVERIFY(f.details.showPlugin(0));
        QCOMPARE(f.details.errors().size(), 2);
        QTRY_COMPARE(f.details.errors()[0].toMap()[QStringLiteral("sourceLine")].toString(),
                     QStringLiteral("assert not instance.locked"));
        QCOMPARE(f.details.errors()[1].toMap()[QStringLiteral("sourceLine")].toString(), QString());
    }

    void aResetClosesThePage() {
        Fixture f;
        QVERIFY(f.details.showPlugin(1));
        f.history.clear();
        QVERIFY(f.details.open());  // the same ids: still there
        // A reset: discover() gives new ids.
        Value renamed = plugin("IntegrateAsset", 3, true);
        renamed.asStruct()["id"] = "IntegrateAsset-2";
        f.plugins.setItems(readPlugins(Array{renamed}));
        QVERIFY(!f.details.open());
    }
};

QTEST_GUILESS_MAIN(TestItemDetails)
#include "tst_item_details.moc"
