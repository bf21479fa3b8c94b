// The run rules (publish_items.hpp) and InstanceModel / PluginModel under
// QAbstractItemModelTester: ordering, sections, family matching, toggles, states.

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "publish_models.hpp"

using namespace hostbridge;
using namespace hostbridge::ui;

namespace {

Value instance(const std::string& name, const std::string& family, bool publish = true) {
    return Struct{
        {"name", name},
        {"id", name + "-1"},
        {"data",
         Struct{
             {"name", name}, {"label", name}, {"family", family}, {"families", Array{family}}, {"publish", publish}}},
        {"children", Array{}}};
}

Value with(Value instance, const char* key, Value value) {
    instance.asStruct()["data"].asStruct()[key] = std::move(value);
    return instance;
}

Value mandatory(Value instance) {
    instance.asStruct()["data"].asStruct()["optional"] = false;
    return instance;
}

Value context(Array children) {
    return Struct{{"name", "Context"},
                  {"id", "Context-1"},
                  {"data", Struct{{"label", "Scene"}}},
                  {"children", std::move(children)}};
}

Value plugin(const std::string& name, double order, Array families, bool contextPlugin = false, bool optional = false) {
    Struct p{{"name", name},
             {"id", name + "-1"},
             {"label", Value()},
             {"families", std::move(families)},
             {"optional", optional},
             {"active", true},
             {"contextEnabled", contextPlugin},
             {"instanceEnabled", !contextPlugin},
             {"hasRepair", false},
             {"doc", "doc of " + name}};
    if (order == static_cast<int>(order)) p["order"] = static_cast<int>(order);  // <int> on the wire
    else p["order"] = order;
    return p;
}

std::vector<InstanceInfo> sampleInstances() {
    return readContext(context({instance("Chair", "model"), instance("Camera1", "camera"), instance("Bruce", "model"),
                                instance("Off", "model", false)}));
}

std::vector<PluginInfo> samplePlugins() {
    return readPlugins(Array{plugin("Extract", 2, {"model"}), plugin("Collect", 0, {"*"}, true),
                             plugin("ValidateModel", 1, {"model"}), plugin("ValidateRig", 1, {"rig"}),
                             plugin("Integrate", 3, {"*"}, true), plugin("Other", 7.5, {"*"}, true),
                             plugin("Optional", 1.1, {"camera"}, false, true)});
}

std::vector<std::string> names(const std::vector<PluginInfo>& plugins) {
    std::vector<std::string> out;
    for (const auto& p : plugins) out.push_back(p.name);
    return out;
}

}  // namespace

class TestPublishModels : public QObject {
    Q_OBJECT

private slots:
    void sectionsByOrder_data() {
        QTest::addColumn<double>("order");
        QTest::addColumn<QString>("section");
        QTest::newRow("collect") << 0.0 << "Collect";
        QTest::newRow("collect late") << 0.99 << "Collect";
        QTest::newRow("validate") << 1.0 << "Validate";
        QTest::newRow("extract") << 2.5 << "Extract";
        QTest::newRow("integrate") << 3.0 << "Integrate";
        QTest::newRow("after") << 4.0 << "Other";
        QTest::newRow("before") << -0.5 << "Other";
    }
    void sectionsByOrder() {
        QFETCH(double, order);
        QFETCH(QString, section);
        QCOMPARE(QString::fromLatin1(sectionOfOrder(order)), section);
    }

    void contextFirstThenByFamily() {
        const auto items = sampleInstances();
        QCOMPARE(items.size(), std::size_t(5));
        QVERIFY(items[0].isContext);
        QCOMPARE(items[0].label, std::string("Scene"));
        QCOMPARE(items[1].name, std::string("Camera1"));
        // Stable among one family: the host's order.
        QCOMPARE(items[2].name, std::string("Chair"));
        QCOMPARE(items[3].name, std::string("Bruce"));
        QVERIFY(!items[4].publish);
    }

    // pyblish-qml 1.x: an instance with a category sits in that section, the others in their
    // family's; sections sorted by name, the host's order within one.
    void sectionsByCategoryElseFamily() {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setItems(readContext(
            context({with(instance("Hero", "model"), "category", "Characters"), instance("Chair", "model"),
                     instance("Cam", "camera"), with(instance("Villain", "rig"), "category", "Characters")})));
        QStringList sections, names;
        QList<bool> starts;
        for (int row = 0; row < model.rowCount(); ++row) {
            sections << model.index(row).data(InstanceModel::SectionRole).toString();
            names << model.index(row).data(InstanceModel::NameRole).toString();
            starts << model.index(row).data(InstanceModel::SectionStartRole).toBool();
        }
        QCOMPARE(sections, (QStringList{"Context", "Characters", "Characters", "camera", "model"}));
        QCOMPARE(names, (QStringList{"Context", "Hero", "Villain", "Cam", "Chair"}));
        QCOMPARE(starts, (QList<bool>{true, true, false, true, true}));
        QCOMPARE(model.index(1).data(InstanceModel::FamilyRole).toString(), QStringLiteral("model"));  // kept
    }

    // Sections fold by name (Collect by default, as pyblish-qml's HiddenSections), across resets.
    void foldedSections() {
        PluginModel plugins;
        QAbstractItemModelTester pluginTester(&plugins, QAbstractItemModelTester::FailureReportingMode::QtTest);
        plugins.setItems(samplePlugins());
        QCOMPARE(plugins.foldedSections(), QStringList{"Collect"});
        const auto folded = [&plugins](int row) { return plugins.index(row).data(PluginModel::FoldedRole).toBool(); };
        QVERIFY(folded(0));   // Collect
        QVERIFY(!folded(1));  // Validate
        QSignalSpy changed(&plugins, &QAbstractItemModel::dataChanged);
        plugins.toggleFolded(QStringLiteral("Validate"));
        QVERIFY(folded(1) && folded(0));
        QCOMPARE(changed.count(), 1);
        plugins.toggleFolded(QStringLiteral("Collect"));
        QVERIFY(!folded(0));
        plugins.setItems(samplePlugins());  // a reset: new rows, the same folds
        QVERIFY(!folded(0) && folded(1));
        plugins.setFoldedSections({QStringLiteral("Extract")});
        QCOMPARE(plugins.foldedSections(), QStringList{"Extract"});
        QVERIFY(!folded(1));

        InstanceModel instances;
        QAbstractItemModelTester instanceTester(&instances, QAbstractItemModelTester::FailureReportingMode::QtTest);
        instances.setItems(sampleInstances());
        instances.toggleFolded(QStringLiteral("model"));
        QList<bool> rows;
        for (int row = 0; row < instances.rowCount(); ++row)
            rows << instances.index(row).data(InstanceModel::FoldedRole).toBool();
        QCOMPARE(rows, (QList<bool>{false, false, true, true, true}));
        instances.setFoldedSections({});
        QVERIFY(!instances.index(2).data(InstanceModel::FoldedRole).toBool());
    }

    // A click on an instance section's heading: its toggleable instances all on, else all off;
    // never the context's nor a mandatory one's.
    void instanceSectionToggles() {
        InstanceModel model;
        QSignalSpy toggled(&model, &InstanceModel::toggled);
        model.setItems(readContext(context({instance("A", "model"), instance("B", "model", false),
                                            mandatory(instance("C", "model", true)), instance("Cam", "camera")})));
        const auto publish = [&model](int row) { return model.index(row).data(InstanceModel::PublishRole).toBool(); };
        // Rows: Context, Cam, A, B (off), C (mandatory).
        model.toggleSection(QStringLiteral("model"));  // B was off: all on
        QVERIFY(publish(2) && publish(3) && publish(4));
        QCOMPARE(toggled.count(), 1);
        model.toggleSection(QStringLiteral("model"));  // all on: all off, but the mandatory C
        QVERIFY(!publish(2) && !publish(3) && publish(4));
        QVERIFY(publish(1));  // another section
        QCOMPARE(toggled.count(), 3);
        model.setEditable(false);
        model.toggleSection(QStringLiteral("model"));
        QCOMPARE(toggled.count(), 3);
    }

    // An instance's comment: the host's data "comment" until the artist writes one; the
    // artist's is kept by name across resets (new ids) and wins over the host's from then on.
    void instanceComments() {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy commented(&model, &InstanceModel::commented);
        model.setItems(
            readContext(context({with(instance("A", "model"), "comment", "from the host"), instance("B", "model")})));
        QCOMPARE(model.index(1).data(InstanceModel::CommentRole).toString(), QStringLiteral("from the host"));
        QVERIFY(model.artistComments().empty());
        QVERIFY(!model.setComment(0, QStringLiteral("the context's is the publish's")));
        QVERIFY(model.setComment(2, QStringLiteral("two\nlines")));
        QCOMPARE(commented.count(), 1);
        QCOMPARE(commented[0][0].toString(), QStringLiteral("B-1"));
        QCOMPARE(commented[0][1].toString(), QStringLiteral("two\nlines"));
        Value next = context({with(instance("A", "model"), "comment", "from the host"), instance("B", "model")});
        for (Value& child : next.asStruct()["children"].asArray()) child.asStruct()["id"] = Value("new-id");
        next.asStruct()["children"].asArray()[1].asStruct()["id"] = Value("B-2");
        model.setItems(readContext(next));
        QCOMPARE(model.index(2).data(InstanceModel::CommentRole).toString(), QStringLiteral("two\nlines"));
        QCOMPARE(model.artistComments(), (std::vector<std::pair<std::string, std::string>>{{"B-2", "two\nlines"}}));
        model.setEditable(false);
        QVERIFY(!model.setComment(1, QStringLiteral("during a run")));
        model.setEditable(true);
        model.clearComments();
        QVERIFY(model.artistComments().empty());
    }

    // pyblish's plugins_by_targets: "default" always, else one of the host's targets.
    void targetsMatching() {
        std::vector<PluginInfo> plugins =
            readPlugins(Array{plugin("NoTargets", 1, {"*"}), plugin("Farm", 1, {"*"}), plugin("Both", 1, {"*"})});
        plugins[1].targets = {"farm"};
        plugins[2].targets = {"default", "farm"};
        QCOMPARE(plugins[0].targets, std::vector<std::string>{"default"});  // pyblish's default
        QVERIFY(targetsMatch(plugins[0], {}));
        QVERIFY(!targetsMatch(plugins[1], {}));
        QVERIFY(!targetsMatch(plugins[1], {"studio"}));
        QVERIFY(targetsMatch(plugins[1], {"studio", "farm"}));
        QVERIFY(targetsMatch(plugins[2], {}));
        Value withTargets = plugin("Read", 1, {"*"});
        withTargets.asStruct()["targets"] = Array{"farm"};
        QCOMPARE(readPlugins(Array{withTargets})[0].targets, std::vector<std::string>{"farm"});
    }

    void pluginsSortedByOrderStable() {
        QCOMPARE(names(samplePlugins()), (std::vector<std::string>{"Collect", "ValidateModel", "ValidateRig",
                                                                   "Optional", "Extract", "Integrate", "Other"}));
    }

    void malformedPluginNamesTheField() {
        try {
            readPlugins(Array{plugin("A", 1, {"*"}), Struct{{"id", "x"}, {"order", "late"}}});
            QFAIL("no error");
        } catch (const ConversionError& e) {
            QCOMPARE(e.path(), std::string("plugins[1].order"));
        }
    }

    void familyMatching() {
        const auto instances = sampleInstances();
        const auto plugins = samplePlugins();
        auto pairsOf = [&](const std::string& name) {
            for (const auto& p : plugins)
                if (p.name == name) return pairsFor(p, instances);
            return std::vector<Pair>{};
        };
        // Instance plug-in: once per compatible, toggled-on instance (not "Off").
        const auto model = pairsOf("ValidateModel");
        QCOMPARE(model.size(), std::size_t(2));
        QCOMPARE(model[0].instanceId, std::string("Chair-1"));
        QCOMPARE(model[1].instanceId, std::string("Bruce-1"));
        QVERIFY(pairsOf("ValidateRig").empty());  // nothing to process
        // Context plug-in with "*": once, on the context.
        const auto integrate = pairsOf("Integrate");
        QCOMPARE(integrate.size(), std::size_t(1));
        QVERIFY(integrate[0].instanceId.empty());
        // Matching on `families` too, not only `family`.
        InstanceInfo extra;
        extra.id = "x";
        extra.family = "look";
        extra.families = {"look", "camera"};
        QVERIFY(familiesMatch(plugins[3], extra));  // Optional: ["camera"]
    }

    void contextPluginNeedsACompatibleInstance() {
        auto instances = sampleInstances();
        PluginInfo p = readPlugins(Array{plugin("Ctx", 2, {"rig"}, true)}).front();
        QVERIFY(pairsFor(p, instances).empty());
        p.families = {"camera"};
        QCOMPARE(pairsFor(p, instances).size(), std::size_t(1));
        for (auto& i : instances) i.publish = false;  // toggled off: no longer compatible
        QVERIFY(pairsFor(p, instances).empty());
        p.active = false;
        p.families = {"*"};
        QVERIFY(pairsFor(p, instances).empty());  // inactive plug-ins never run
    }

    void planByOrderRange() {
        const auto plan = planRun(samplePlugins(), sampleInstances(), 1.0, 2.0);
        // ValidateModel x2, Optional (camera) x1; ValidateRig skipped.
        QCOMPARE(plan.size(), std::size_t(3));
        QCOMPARE(plan[2].pluginId, std::string("Optional-1"));
        QCOMPARE(plan[2].order, 1.1);
        const auto all = planRun(samplePlugins(), sampleInstances(), 1.0, 1e9);
        QCOMPARE(all.size(), std::size_t(3 + 2 + 1 + 1));  // + Extract x2, Integrate, Other
    }

    // pyblish-qml's menu rule: `on` against the state, inactive hidden, headings and separators
    // only before an action.
    void actionMenus_data() {
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("menu");
        QTest::newRow("idle") << int(ItemState::Idle) << "all,|,preview";
        QTest::newRow("passed") << int(ItemState::Passed) << "all,[Done],succeeded,processed";
        QTest::newRow("warning") << int(ItemState::Warning)
                                 << "all,[Done],succeeded,processed,[Broken],warning,failedOrWarning";
        QTest::newRow("failed") << int(ItemState::Failed) << "all,[Done],processed,[Broken],failed,failedOrWarning";
        QTest::newRow("processing") << int(ItemState::Processing) << "all";
    }
    void actionMenus() {
        QFETCH(int, state);
        QFETCH(QString, menu);
        auto action =
            [](const std::string& id, const std::string& on, const std::string& kind = "action", bool active = true) {
            return Struct{{"id", id},         {"label", kind == "action" ? Value() : Value("[" + id + "]")},
                          {"on", on},         {"__type__", kind},
                          {"active", active}, {"icon", ""}};
        };
        Value p = plugin("P", 1, {"*"});
        p.asStruct()["actions"] = Array{action("all", "all"),
                                        action("sep", "all", "separator"),
                                        action("preview", "notProcessed"),
                                        action("Done", "all", "category"),
                                        action("succeeded", "succeeded"),
                                        action("processed", "processed"),
                                        action("Broken", "all", "category"),
                                        action("failed", "failed"),
                                        action("warning", "warning"),
                                        action("failedOrWarning", "failedOrWarning"),
                                        action("unknown", "sometimes"),  // not a rule of pyblish: never shown
                                        action("hidden", "all", "action", false),
                                        action("Empty", "all", "category"),
                                        action("sep2", "all", "separator")};
        const PluginInfo info = readPlugins(Array{p}).front();
        QStringList got;
        for (const ActionInfo& a : actionsFor(info, static_cast<ItemState>(state)))
            got << (a.kind == "separator" ? QStringLiteral("|") : QString::fromStdString(a.label));
        QCOMPARE(got.join(','), menu);
        QCOMPARE(info.actions.size(), std::size_t(14));
        QVERIFY(isActionRule("failedOrWarning") && !isActionRule("sometimes"));
        QCOMPARE(info.actions[0].label, std::string("all"));  // no label: the id
    }

    void resultStates() {
        QCOMPARE(stateOfResult(Struct{{"success", true}, {"error", Value()}, {"records", Array{}}}), ItemState::Passed);
        QCOMPARE(stateOfResult(Struct{{"success", true}, {"records", Array{Struct{{"levelno", 30}}}}}),
                 ItemState::Warning);
        QCOMPARE(stateOfResult(Struct{{"success", false}, {"error", Struct{{"message", "x"}}}}), ItemState::Failed);
    }

    void instanceModel() {
        InstanceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy toggled(&model, &InstanceModel::toggled);
        model.setItems(sampleInstances());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(0).data(InstanceModel::FamilyRole).toString(), QStringLiteral("Context"));
        QCOMPARE(model.index(1).data(InstanceModel::FamilyRole).toString(), QStringLiteral("camera"));
        QCOMPARE(model.index(0).data(InstanceModel::ToggleableRole).toBool(), false);
        // Headings: the first row of each family (Context, camera, model x3).
        QList<bool> starts;
        for (int row = 0; row < model.rowCount(); ++row)
            starts << model.index(row).data(InstanceModel::SectionStartRole).toBool();
        QCOMPARE(starts, (QList<bool>{true, true, true, false, false}));
        QVERIFY(!model.toggle(0));  // the context does not toggle
        QVERIFY(model.toggle(2));
        QCOMPARE(toggled.count(), 1);
        QCOMPARE(toggled[0][0].toString(), QStringLiteral("Chair-1"));
        QCOMPARE(toggled[0][1].toBool(), false);
        QCOMPARE(model.index(2).data(InstanceModel::PublishRole).toBool(), false);

        model.setState("Bruce-1", ItemState::Failed, "broken");
        QCOMPARE(model.index(3).data(InstanceModel::StateRole).toString(), QStringLiteral("failed"));
        QCOMPARE(model.index(3).data(InstanceModel::ErrorRole).toString(), QStringLiteral("broken"));

        // Re-reading the context (after a collector) keeps toggles and states of known ids.
        auto again =
            readContext(context({instance("Chair", "model"), instance("Bruce", "model"), instance("New", "anim")}));
        model.setItems(again);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.data(model.index(model.rowOfId("Chair-1")), InstanceModel::PublishRole).toBool(), false);
        QCOMPARE(model.stateOf("Bruce-1"), ItemState::Failed);
        QCOMPARE(model.stateOf("New-1"), ItemState::Idle);

        // A plug-in switched an instance off, relabelled another, made a third mandatory: the
        // host's new `publish` wins over the toggle shown, the artist's stays where the host's
        // did not change (Chair), and a mandatory instance does not toggle.
        Value bruce = mandatory(instance("Bruce", "model", false));
        bruce.asStruct()["data"].asStruct()["label"] = "Bruce (hero)";
        model.setItems(readContext(context({instance("Chair", "model"), bruce, instance("New", "anim")})));
        const int bruceRow = model.rowOfId("Bruce-1");
        QCOMPARE(model.index(bruceRow).data(InstanceModel::PublishRole).toBool(), false);
        QCOMPARE(model.index(bruceRow).data(InstanceModel::LabelRole).toString(), QStringLiteral("Bruce (hero)"));
        QCOMPARE(model.index(bruceRow).data(InstanceModel::OptionalRole).toBool(), false);
        QCOMPARE(model.index(bruceRow).data(InstanceModel::ToggleableRole).toBool(), false);
        QCOMPARE(model.stateOf("Bruce-1"), ItemState::Failed);
        QCOMPARE(model.data(model.index(model.rowOfId("Chair-1")), InstanceModel::PublishRole).toBool(), false);
        QVERIFY(!model.toggle(bruceRow));
        QCOMPARE(toggled.count(), 1);
        QVERIFY(model.index(model.rowOfId("New-1")).data(InstanceModel::OptionalRole).toBool());  // optional by default
        // The host switches it on again: shown on.
        model.setItems(readContext(
            context({instance("Chair", "model"), mandatory(instance("Bruce", "model")), instance("New", "anim")})));
        QCOMPARE(model.index(model.rowOfId("Bruce-1")).data(InstanceModel::PublishRole).toBool(), true);

        model.setEditable(false);  // a run in progress
        QVERIFY(!model.toggle(1));
        QCOMPARE(model.index(1).data(InstanceModel::ToggleableRole).toBool(), false);
        model.setEditable(true);
        model.resetStates();
        QCOMPARE(model.stateOf("Bruce-1"), ItemState::Idle);
        QVERIFY(!model.index(0).data(Qt::UserRole + 100).isValid());
        QVERIFY(!model.data(QModelIndex(), InstanceModel::LabelRole).isValid());
    }

    void pluginModel() {
        PluginModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy toggled(&model, &PluginModel::toggled);
        model.setItems(samplePlugins());
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.index(0).data(PluginModel::SectionRole).toString(), QStringLiteral("Collect"));
        QCOMPARE(model.index(6).data(PluginModel::SectionRole).toString(), QStringLiteral("Other"));
        QCOMPARE(model.index(0).data(PluginModel::LabelRole).toString(), QStringLiteral("Collect"));  // nil label
        QList<bool> starts;
        for (int row = 0; row < model.rowCount(); ++row)
            starts << model.index(row).data(PluginModel::SectionStartRole).toBool();
        QCOMPARE(starts, (QList<bool>{true, true, false, false, true, true, true}));

        QVERIFY(!model.toggle(1));  // not optional
        QVERIFY(model.toggle(3));   // Optional
        QCOMPARE(model.index(3).data(PluginModel::ActiveRole).toBool(), false);
        model.toggleSection(QStringLiteral("Validate"));  // one optional, off -> on
        QCOMPARE(model.index(3).data(PluginModel::ActiveRole).toBool(), true);
        model.toggleSection(QStringLiteral("Validate"));  // all on -> off
        QCOMPARE(model.index(3).data(PluginModel::ActiveRole).toBool(), false);
        QCOMPARE(toggled.count(), 3);

        model.updateWork(sampleInstances());
        QVERIFY(model.hasWork(0));   // collectors always
        QVERIFY(!model.hasWork(2));  // ValidateRig: no rig
        QVERIFY(model.hasWork(3));   // inactive but could work: not greyed
        model.setState("Extract-1", ItemState::Processing);
        QCOMPARE(model.stateOf("Extract-1"), ItemState::Processing);
        model.setEditable(false);
        QVERIFY(!model.toggle(3));
        model.setItems({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPublishModels)
#include "tst_publish_models.moc"
