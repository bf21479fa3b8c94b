// The publishing engine without sockets: ordering, family matching, context and instance
// plug-ins, collectors adding instances, the stop rule, actions, repair, errors with their
// location, records and durations kept, ids that change on reset, the headless publish.
#include <hostbridge/host_rpc/publishing.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

using namespace hostbridge;
using namespace hostbridge::publish;

namespace {

Plugin instancePlugin(const std::string& name, double order, std::vector<std::string> families,
                      InstanceProcess process) {
    return Plugin::forInstance(name, order, std::move(process)).withFamilies(std::move(families));
}

const InstanceProcess noOp = [](Context&, Instance&, Logger&) {};

Instance instanceOf(const std::string& family, std::vector<std::string> families = {}) {
    Instance instance;
    instance.family = family;
    instance.families = std::move(families);
    return instance;
}

// Runs of the recording plug-ins below, as "plugin:instance" (":" alone for the context).
struct Trace {
    std::vector<std::string> runs;
    ContextProcess context(const std::string& name) {
        return [this, name](Context&, Logger&) { runs.push_back(name + ":"); };
    }
    InstanceProcess instance(const std::string& name) {
        return [this, name](Context&, Instance& instance, Logger&) { runs.push_back(name + ":" + instance.name); };
    }
};

const Plugin& byName(const Publisher& publisher, const std::string& name) {
    for (const Plugin& plugin : publisher.plugins())
        if (plugin.name() == name) return plugin;
    throw std::runtime_error("no plug-in " + name);
}

}  // namespace

TEST(Publishing, TypeFollowsTheOrderRanges) {
    EXPECT_STREQ(typeOfOrder(0), "Collector");
    EXPECT_STREQ(typeOfOrder(0.5), "Collector");
    EXPECT_STREQ(typeOfOrder(1), "Validator");
    EXPECT_STREQ(typeOfOrder(1.99), "Validator");
    EXPECT_STREQ(typeOfOrder(2), "Extractor");
    EXPECT_STREQ(typeOfOrder(3.5), "Integrator");
    EXPECT_STREQ(typeOfOrder(4), "Other");
    EXPECT_STREQ(typeOfOrder(-0.5), "Other");
}

TEST(Publishing, FamilyMatching) {
    Plugin all = instancePlugin("all", 1, {"*"}, noOp);
    Plugin models = instancePlugin("models", 1, {"model", "rig"}, noOp);
    EXPECT_TRUE(familiesMatch(all, instanceOf("anything")));
    EXPECT_TRUE(familiesMatch(models, instanceOf("model")));
    EXPECT_TRUE(familiesMatch(models, instanceOf("rig")));
    EXPECT_TRUE(familiesMatch(models, instanceOf("camera", {"review", "rig"})));  // any of families
    EXPECT_FALSE(familiesMatch(models, instanceOf("camera", {"review"})));
    EXPECT_FALSE(familiesMatch(instancePlugin("none", 1, {}, noOp), instanceOf("model")));
}

TEST(Publishing, DefaultStopRule) {
    EXPECT_EQ(defaultTest(1.5, {}), std::nullopt);
    EXPECT_EQ(defaultTest(1.4, {1.0}), std::nullopt);  // validation not over yet
    EXPECT_EQ(defaultTest(1.5, {1.0}), "failed validation");
    EXPECT_EQ(defaultTest(2.0, {1.9}), "failed validation");
    EXPECT_EQ(defaultTest(3.0, {0.0, 2.0}), std::nullopt);  // collector and extractor errors never stop
}

TEST(Publishing, RegistryRefusesBadPlugins) {
    PluginRegistry registry;
    EXPECT_THROW(registry.add(Plugin::forContext("", 0, [](Context&, Logger&) {})), std::invalid_argument);
    EXPECT_THROW(registry.add(Plugin::forContext("neither", 0, ContextProcess())), std::invalid_argument);
    EXPECT_THROW(registry.add(Plugin::forInstance("neither", 0, InstanceProcess())), std::invalid_argument);
    registry.add(Plugin::forContext("one", 0, [](Context&, Logger&) {}));
    EXPECT_THROW(registry.add(Plugin::forContext("one", 0, [](Context&, Logger&) {})), std::invalid_argument);
    EXPECT_EQ(registry.plugins().size(), 1u);
}

TEST(Publishing, FactoriesDeclareAPluginInOneStatement) {
    const Plugin collect = Plugin::forContext("CollectScene", order::kCollector, [](Context&, Logger&) {});
    EXPECT_EQ(collect.name(), "CollectScene");
    EXPECT_EQ(collect.order(), order::kCollector);
    EXPECT_FALSE(collect.processesInstances());
    EXPECT_FALSE(collect.hasRepair());
    // The pyblish defaults: every family, every host, not optional, active, no label or doc.
    EXPECT_EQ(collect.families(), (std::vector<std::string>{"*"}));
    EXPECT_EQ(collect.hosts(), (std::vector<std::string>{"*"}));
    EXPECT_FALSE(collect.isOptional());
    EXPECT_TRUE(collect.isActive());
    EXPECT_EQ(collect.label(), "");
    EXPECT_EQ(collect.doc(), "");
    EXPECT_TRUE(collect.actions().empty());
    EXPECT_EQ(collect.id(), "");

    const Plugin validate = Plugin::forInstance("ValidateNames", order::kValidator, noOp)
                                .withLabel("Names")
                                .withFamilies({"model", "rig"})
                                .withHosts({"maya"})
                                .withOptional()
                                .withActive(false)
                                .withDoc("Checks names.")
                                .withAction(Action{"select", "Select", "failed", "", "", "action", {}})
                                .withRepair(noOp);
    EXPECT_TRUE(validate.processesInstances());
    EXPECT_TRUE(validate.hasRepair());
    EXPECT_EQ(validate.label(), "Names");
    EXPECT_EQ(validate.families(), (std::vector<std::string>{"model", "rig"}));
    EXPECT_EQ(validate.hosts(), (std::vector<std::string>{"maya"}));
    EXPECT_TRUE(validate.isOptional());
    EXPECT_FALSE(validate.isActive());
    EXPECT_EQ(validate.doc(), "Checks names.");
    ASSERT_EQ(validate.actions().size(), 1u);
    EXPECT_EQ(validate.actions()[0].id, "select");
}

// Its kind is fixed by the factory that made it: no default Plugin, no setter for the process,
// and a repair of the other kind is refused.
TEST(Publishing, APluginCannotBeBothKinds) {
    static_assert(!std::is_default_constructible_v<Plugin>, "a Plugin comes from forContext or forInstance");
    const ContextProcess onContext = [](Context&, Logger&) {};

    Plugin context = Plugin::forContext("context", 0, onContext);
    EXPECT_THROW(context.withRepair(noOp), std::invalid_argument);
    EXPECT_FALSE(context.processesInstances());
    EXPECT_FALSE(context.hasRepair());

    Plugin instance = Plugin::forInstance("instance", 1, noOp);
    EXPECT_THROW(instance.withRepair(onContext), std::invalid_argument);
    EXPECT_TRUE(instance.processesInstances());
    EXPECT_FALSE(instance.hasRepair());
    EXPECT_THROW(instance.withRepair(InstanceProcess()), std::invalid_argument);

    // An instance plug-in and its repair given no instance fail with a Result, as before.
    auto registry = std::make_shared<PluginRegistry>();
    registry->add(instance.withRepair(noOp));
    Publisher publisher(registry);
    const std::string id = byName(publisher, "instance").id();
    EXPECT_FALSE(publisher.process(id).success);
    EXPECT_FALSE(publisher.repair(id).success);
}

TEST(Publishing, ResetSortsByOrderStablyFiltersHostsAndChangesEveryId) {
    auto registry = std::make_shared<PluginRegistry>();
    Trace trace;
    registry->add(Plugin::forContext("integrate", 3, trace.context("integrate")));
    registry->add(Plugin::forContext("validateB", 1, trace.context("validateB")));
    registry->add(Plugin::forContext("collect", 0, trace.context("collect")));
    registry->add(Plugin::forContext("validateA", 1, trace.context("validateA")));  // same order: after validateB
    registry->add(Plugin::forContext("mayaOnly", 1, trace.context("mayaOnly")).withHosts({"maya"}));
    registry->add(Plugin::forContext("demoOnly", 2, trace.context("demoOnly")).withHosts({"maya", "demo"}));
    registry->add(Plugin::forContext("makeInstance", 0.5,
                                     [](Context& context, Logger&) { context.createInstance("a", "model"); }));

    Publisher publisher(registry, {"demo", {}});
    std::vector<std::string> names;
    for (const Plugin& plugin : publisher.plugins()) names.push_back(plugin.name());
    EXPECT_EQ(names,
              (std::vector<std::string>{"collect", "makeInstance", "validateB", "validateA", "demoOnly", "integrate"}));
    EXPECT_EQ(publisher.context().data().at("host"), Value("demo"));
    EXPECT_EQ(publisher.context().data().count("connectTime"), 1u);
    EXPECT_EQ(publisher.context().data().count("user"), 1u);

    publisher.process(byName(publisher, "makeInstance").id());
    ASSERT_EQ(publisher.context().instances().size(), 1u);
    std::set<std::string> before{publisher.context().id(), publisher.context().instances()[0]->id};
    for (const Plugin& plugin : publisher.plugins()) before.insert(plugin.id());
    EXPECT_EQ(before.size(), 2u + publisher.plugins().size());  // all distinct

    publisher.reset();
    EXPECT_TRUE(publisher.context().instances().empty());
    EXPECT_TRUE(publisher.results().empty());
    publisher.process(byName(publisher, "makeInstance").id());
    EXPECT_EQ(before.count(publisher.context().id()), 0u);
    EXPECT_EQ(before.count(publisher.context().instances()[0]->id), 0u);
    for (const Plugin& plugin : publisher.plugins()) EXPECT_EQ(before.count(plugin.id()), 0u) << plugin.name();
}

TEST(Publishing, ProcessRunsOnTheContextOrAnInstanceAndKeepsRecordsAndDuration) {
    auto registry = std::make_shared<PluginRegistry>();
    registry->add(Plugin::forContext("collect", 0, [](Context& context, Logger& log) {
        Instance& instance = context.createInstance("hero", "model");
        instance.data["frames"] = 100;
        log.info("collected hero");
        log.warning("and nothing else");
    }));
    registry->add(instancePlugin("validate", 1, {"model"}, [](Context&, Instance& instance, Logger& log) {
        log.debug("checking " + instance.name);
    }));
    Publisher publisher(registry);
    const Result collected = publisher.process(byName(publisher, "collect").id());
    EXPECT_TRUE(collected.success);
    EXPECT_TRUE(collected.instanceId.empty());
    EXPECT_FALSE(collected.error);
    ASSERT_EQ(collected.records.size(), 2u);
    EXPECT_EQ(collected.records[0].name, "collect");
    EXPECT_STREQ(logLevelName(collected.records[0].level), "INFO");
    EXPECT_EQ(static_cast<int>(collected.records[0].level), 20);
    EXPECT_EQ(collected.records[0].message, "collected hero");
    EXPECT_GT(collected.records[0].created, 1.7e9);  // seconds since the epoch, not ms
    EXPECT_STREQ(logLevelName(collected.records[1].level), "WARNING");
    EXPECT_EQ(static_cast<int>(collected.records[1].level), 30);
#if defined(__GNUC__) || defined(__clang__)
    EXPECT_GT(collected.records[0].line, 0);  // the caller's line
#endif
    EXPECT_GE(collected.durationMs, 0.0);

    const std::string heroId = publisher.context().instances().at(0)->id;
    const Result validated = publisher.process(byName(publisher, "validate").id(), heroId);
    EXPECT_TRUE(validated.success);
    EXPECT_EQ(validated.instanceId, heroId);
    EXPECT_EQ(validated.instanceName, "hero");
    ASSERT_EQ(validated.records.size(), 1u);
    EXPECT_STREQ(logLevelName(validated.records[0].level), "DEBUG");

    // Kept for the session, in the order they ran.
    ASSERT_EQ(publisher.results().size(), 2u);
    EXPECT_EQ(publisher.results()[0].pluginName, "collect");
    EXPECT_EQ(publisher.results()[1].instanceId, heroId);
    EXPECT_EQ(publisher.results()[0].records.size(), 2u);

    // Unknown ids are the caller's mistake, not a result.
    EXPECT_THROW(publisher.process("plugin-0-0"), UnknownId);
    EXPECT_THROW(publisher.process(byName(publisher, "validate").id(), "instance-0-0"), UnknownId);
    EXPECT_EQ(publisher.results().size(), 2u);
}

TEST(Publishing, ErrorsCarryMessageLocationAndType) {
    auto registry = std::make_shared<PluginRegistry>();
    int throwLine = 0;
    registry->add(Plugin::forContext("located", 1, [&](Context&, Logger&) {
        throwLine = __LINE__ + 1;
        throw HOSTBRIDGE_PUBLISH_ERROR("bad geometry");
    }));
    registry->add(Plugin::forContext("plain", 1, [](Context&, Logger&) { throw std::runtime_error("disk full"); }));
    registry->add(Plugin::forContext("odd", 1, [](Context&, Logger&) { throw 42; }));
    Publisher publisher(registry);

    const Result located = publisher.process(byName(publisher, "located").id());
    EXPECT_FALSE(located.success);
    ASSERT_TRUE(located.error);
    EXPECT_EQ(located.error->message, "bad geometry");
    EXPECT_NE(located.error->file.find("tst_publishing.cpp"), std::string::npos);
    EXPECT_EQ(located.error->line, throwLine);
    EXPECT_FALSE(located.error->function.empty());
    EXPECT_NE(located.error->exception.find("PublishError"), std::string::npos);
    ASSERT_FALSE(located.records.empty());
    EXPECT_STREQ(logLevelName(located.records.back().level), "ERROR");  // the failure is logged too
    EXPECT_EQ(located.records.back().message, "bad geometry");

    const Result plain = publisher.process(byName(publisher, "plain").id());
    ASSERT_TRUE(plain.error);
    EXPECT_EQ(plain.error->message, "disk full");
    EXPECT_EQ(plain.error->file, "");  // unknowable for a plain exception: said so, not made up
    EXPECT_EQ(plain.error->line, 0);
    EXPECT_NE(plain.error->exception.find("runtime_error"), std::string::npos);

    const Result odd = publisher.process(byName(publisher, "odd").id());
    ASSERT_TRUE(odd.error);
    EXPECT_FALSE(odd.success);
    EXPECT_EQ(publisher.ordersWithError(), (std::vector<double>{1.0}));
}

TEST(Publishing, ActionsRunInsteadOfProcess) {
    auto registry = std::make_shared<PluginRegistry>();
    int processed = 0, acted = 0;
    Plugin plugin = Plugin::forContext("withAction", 1, [&](Context&, Logger&) { ++processed; });
    Action action;
    action.id = "fix";
    action.on = "failed";
    action.process = [&](Context&, Logger& log) {
        ++acted;
        log.info("fixed");
    };
    Action broken;
    broken.id = "broken";
    broken.process = [](Context&, Logger&) { throw std::runtime_error("no"); };
    plugin.withAction(action).withAction(broken);
    registry->add(plugin);
    Publisher publisher(registry);
    const std::string id = byName(publisher, "withAction").id();

    const Result result = publisher.process(id, {}, "fix");
    EXPECT_TRUE(result.success);
    EXPECT_EQ(result.actionId, "fix");
    EXPECT_EQ(acted, 1);
    EXPECT_EQ(processed, 0);
    ASSERT_EQ(result.records.size(), 1u);
    EXPECT_EQ(result.records[0].message, "fixed");

    EXPECT_FALSE(publisher.process(id, {}, "broken").success);
    EXPECT_TRUE(publisher.ordersWithError().empty());  // a failed action is no failed validation
    EXPECT_THROW(publisher.process(id, {}, "nope"), UnknownId);
}

TEST(Publishing, RepairFixesWhatTheValidatorFound) {
    auto registry = std::make_shared<PluginRegistry>();
    registry->add(Plugin::forContext("collect", 0, [](Context& context, Logger&) {
        context.createInstance("good", "model");
        context.createInstance("bad", "model").data["broken"] = true;
    }));
    Plugin validate = instancePlugin("validate", 1, {"model"}, [](Context&, Instance& instance, Logger&) {
        if (instance.data.count("broken")) throw PublishError(instance.name + " is broken");
    });
    validate.withRepair([](Context&, Instance& instance, Logger& log) {
        instance.data.erase("broken");
        log.info("repaired " + instance.name);
    });
    registry->add(validate);
    registry->add(Plugin::forContext("noRepair", 1.1, [](Context&, Logger&) {}));
    Publisher publisher(registry);
    publisher.process(byName(publisher, "collect").id());
    const std::string validateId = byName(publisher, "validate").id();
    const std::string badId = publisher.context().instances().at(1)->id;

    EXPECT_FALSE(publisher.process(validateId, badId).success);
    EXPECT_EQ(publisher.test(1.5, publisher.ordersWithError()), "failed validation");
    const Result repaired = publisher.repair(validateId, badId);
    EXPECT_TRUE(repaired.success);
    EXPECT_TRUE(repaired.repair);
    EXPECT_EQ(repaired.records.at(0).message, "repaired bad");
    EXPECT_TRUE(publisher.process(validateId, badId).success);
    EXPECT_THROW(publisher.repair(byName(publisher, "noRepair").id()), std::invalid_argument);
}

// A session driven pair by pair (as a UI does): the report judges each pair by its latest run,
// so a repaired and re-validated instance counts as passed, and nothing counts as published
// before an integrator ran.
TEST(Publishing, SessionReportJudgesEachPairByItsLatestRun) {
    auto registry = std::make_shared<PluginRegistry>();
    registry->add(Plugin::forContext(
        "collect", 0, [](Context& context, Logger&) { context.createInstance("bad", "model").data["broken"] = true; }));
    Plugin validate = instancePlugin("validate", 1, {"model"}, [](Context&, Instance& instance, Logger&) {
        if (instance.data.count("broken")) throw PublishError(instance.name + " is broken");
    });
    validate.withRepair([](Context&, Instance& instance, Logger&) { instance.data.erase("broken"); });
    registry->add(validate);
    registry->add(Plugin::forContext("integrate", 3, [](Context&, Logger&) {}));
    Publisher publisher(registry);
    publisher.process(byName(publisher, "collect").id());
    const std::string validateId = byName(publisher, "validate").id();
    const std::string badId = publisher.context().instances().at(0)->id;

    publisher.process(validateId, badId);
    Report report = publisher.sessionReport();
    EXPECT_FALSE(report.success);
    EXPECT_EQ(report.failed, 1u);

    publisher.repair(validateId, badId);
    publisher.process(validateId, badId);
    report = publisher.sessionReport();
    EXPECT_EQ(report.failed, 0u);
    EXPECT_FALSE(report.success);  // validated, not yet integrated

    publisher.process(byName(publisher, "integrate").id());
    report = publisher.sessionReport();
    EXPECT_TRUE(report.success);
    EXPECT_EQ(report.results.size(), 5u);  // collect, validate, repair, validate, integrate
    const std::string text = formatReport(report);
    EXPECT_NE(text.find("FAIL  validate on bad"), std::string::npos) << text;
    EXPECT_NE(text.find("ok    repair of validate on bad"), std::string::npos) << text;
    EXPECT_NE(text.find("PUBLISHED: 5 results, 0 failed"), std::string::npos) << text;
}

TEST(Publishing, HeadlessPublishMatchesFamiliesAndRunsCollectedInstances) {
    auto registry = std::make_shared<PluginRegistry>();
    Trace trace;
    registry->add(Plugin::forContext("collectModels", 0, [&](Context& context, Logger&) {
        trace.runs.push_back("collectModels:");
        context.createInstance("hero", "model");
        context.createInstance("off", "model").publish = false;  // toggled off: never processed
    }));
    registry->add(Plugin::forContext("collectCameras", 0.1, [&](Context& context, Logger&) {
        trace.runs.push_back("collectCameras:");
        Instance& camera = context.createInstance("cam", "camera");
        camera.families = {"review"};
    }));
    registry->add(instancePlugin("validateModels", 1, {"model"}, trace.instance("validateModels")));
    registry->add(instancePlugin("validateReview", 1, {"review"}, trace.instance("validateReview")));
    registry->add(instancePlugin("validateRigs", 1, {"rig"}, trace.instance("validateRigs")));  // nothing to do
    Plugin inactive = instancePlugin("inactive", 1.2, {"*"}, trace.instance("inactive"));
    inactive.withOptional().withActive(false);
    registry->add(inactive);
    registry->add(Plugin::forContext("validateContext", 1.5, trace.context("validateContext")));
    registry->add(instancePlugin("extractAll", 2, {"*"}, trace.instance("extractAll")));

    Publisher publisher(registry);
    const Report report = publisher.publish();
    EXPECT_TRUE(report.success);
    EXPECT_TRUE(report.stoppedBy.empty());
    EXPECT_EQ(report.failed, 0u);
    EXPECT_EQ(report.skipped, 2u);  // validateRigs (no instance), inactive
    EXPECT_EQ(trace.runs, (std::vector<std::string>{"collectModels:", "collectCameras:", "validateModels:hero",
                                                    "validateReview:cam", "validateContext:", "extractAll:hero",
                                                    "extractAll:cam"}));
    EXPECT_EQ(report.results.size(), trace.runs.size());
    EXPECT_EQ(publisher.results().size(), report.results.size());  // kept like any other run
    EXPECT_FALSE(formatReport(report).empty());
}

TEST(Publishing, HeadlessPublishStopsAfterFailedValidation) {
    auto registry = std::make_shared<PluginRegistry>();
    Trace trace;
    registry->add(
        Plugin::forContext("collect", 0, [](Context& context, Logger&) { context.createInstance("a", "model"); }));
    registry->add(instancePlugin("fails", 1, {"*"}, [](Context&, Instance&, Logger&) { throw PublishError("no"); }));
    registry->add(instancePlugin("sameGroup", 1.2, {"*"}, trace.instance("sameGroup")));  // before 1.5: still runs
    registry->add(instancePlugin("late", 1.5, {"*"}, trace.instance("late")));
    registry->add(instancePlugin("extract", 2, {"*"}, trace.instance("extract")));
    Publisher publisher(registry);
    const Report report = publisher.publish();
    EXPECT_FALSE(report.success);
    EXPECT_EQ(report.stoppedBy, "failed validation");
    EXPECT_EQ(report.failed, 1u);
    EXPECT_EQ(trace.runs, (std::vector<std::string>{"sameGroup:a"}));

    // A custom rule: never stop.
    trace.runs.clear();
    publisher.setTest([](double, const std::vector<double>&) { return std::optional<std::string>(); });
    const Report goOn = publisher.publish();
    EXPECT_FALSE(goOn.success);  // still a failure, but everything ran
    EXPECT_TRUE(goOn.stoppedBy.empty());
    EXPECT_EQ(trace.runs, (std::vector<std::string>{"sameGroup:a", "late:a", "extract:a"}));

    // A collector failing does not stop the run.
    auto collectorFails = std::make_shared<PluginRegistry>();
    collectorFails->add(Plugin::forContext("collect", 0, [](Context&, Logger&) { throw std::runtime_error("x"); }));
    collectorFails->add(Plugin::forContext("extract", 2, [](Context&, Logger&) {}));
    Publisher other(collectorFails);
    const Report partial = other.publish();
    EXPECT_TRUE(partial.stoppedBy.empty());
    EXPECT_EQ(partial.results.size(), 2u);
    EXPECT_FALSE(partial.success);
}

TEST(Publishing, TogglesReachInstancesAndPlugins) {
    auto registry = std::make_shared<PluginRegistry>();
    registry->add(
        Plugin::forContext("collect", 0, [](Context& context, Logger&) { context.createInstance("a", "model"); }));
    Publisher publisher(registry);
    publisher.process(byName(publisher, "collect").id());
    const std::string id = publisher.context().instances().at(0)->id;
    EXPECT_TRUE(publisher.setInstancePublish(id, false));
    EXPECT_FALSE(publisher.context().instances().at(0)->publish);
    EXPECT_FALSE(publisher.setInstancePublish("nope", false));
    EXPECT_TRUE(publisher.setPluginActive(byName(publisher, "collect").id(), false));
    EXPECT_FALSE(byName(publisher, "collect").isActive());
}

// The live listener: every record and progress of a running plug-in, in order, on the plug-in's
// thread while it runs, tagged with plug-in and instance; record indices are those of the
// Result's records (also the ERROR record of a failure), for process, actions and repairs.
TEST(Publishing, LiveListenerSeesRecordsAndProgressInOrderWhileThePluginRuns) {
    auto registry = std::make_shared<PluginRegistry>();
    std::vector<LiveUpdate> seen;
    std::size_t seenBeforeReturn = 0;
    Plugin collect = Plugin::forContext("Collect", order::kCollector, [](Context& context, Logger& log) {
        context.createInstance("a", "model");
        log.info("collected");
    });
    registry->add(collect);
    Plugin extract =
        instancePlugin("Extract", order::kExtractor, {"model"}, [&](Context&, Instance& instance, Logger& log) {
            for (int step = 1; step <= 3; ++step) {
                log.info("step " + std::to_string(step) + " of " + instance.name);
                log.progress(step, 3, "writing part " + std::to_string(step));
            }
            seenBeforeReturn = seen.size();  // the listener ran synchronously, before process() returns
            throw PublishError("disk full");
        });
    extract.withRepair([](Context&, Instance&, Logger& log) {
        log.warning("repairing");
        log.progress(1, 1);
    });
    extract.withAction(
        Action{"open", "Open", "all", "", "", "action", [](Context&, Logger& log) { log.debug("opened"); }});
    registry->add(extract);

    Publisher publisher(registry, {"test", {}});
    const std::thread::id pluginThread = std::this_thread::get_id();
    bool sameThread = true;
    publisher.setLiveListener([&](const LiveUpdate& update) {
        sameThread = sameThread && std::this_thread::get_id() == pluginThread;
        seen.push_back(update);
    });
    const std::string collectId = byName(publisher, "Collect").id();
    const std::string extractId = byName(publisher, "Extract").id();
    publisher.process(collectId);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].kind, LiveUpdate::Kind::Record);
    EXPECT_EQ(seen[0].pluginId, collectId);
    EXPECT_EQ(seen[0].instanceId, "");
    EXPECT_EQ(seen[0].index, 0);
    EXPECT_EQ(seen[0].record.message, "collected");

    const std::string instanceId = publisher.context().instances().at(0)->id;
    seen.clear();
    const Result result = publisher.process(extractId, instanceId);
    EXPECT_TRUE(sameThread);
    EXPECT_EQ(seenBeforeReturn, 6u);
    ASSERT_EQ(seen.size(), 7u);  // 3 records, 3 progress, the failure's ERROR record
    ASSERT_EQ(result.records.size(), 4u);
    int nextIndex = 0;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        const LiveUpdate& update = seen[i];
        EXPECT_EQ(update.pluginId, extractId);
        EXPECT_EQ(update.instanceId, instanceId);
        const bool record = i % 2 == 0;  // record, progress, record, progress, ..., error record
        ASSERT_EQ(update.kind, record ? LiveUpdate::Kind::Record : LiveUpdate::Kind::Progress) << i;
        if (record) {
            EXPECT_EQ(update.index, nextIndex);
            EXPECT_EQ(update.record.message, result.records.at(nextIndex).message);
            EXPECT_EQ(update.record.level, result.records.at(nextIndex).level);
            EXPECT_EQ(update.record.created, result.records.at(nextIndex).created);
            ++nextIndex;
        } else {
            EXPECT_EQ(update.done, static_cast<int>(i / 2) + 1);
            EXPECT_EQ(update.total, 3);
            EXPECT_EQ(update.message, "writing part " + std::to_string(update.done));
        }
    }
    EXPECT_STREQ(logLevelName(seen.back().record.level), "ERROR");
    EXPECT_EQ(seen.back().record.message, "disk full");

    seen.clear();
    const Result repaired = publisher.repair(extractId, instanceId);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].record.message, "repairing");
    EXPECT_EQ(seen[0].index, 0);
    EXPECT_EQ(seen[1].kind, LiveUpdate::Kind::Progress);
    EXPECT_EQ(seen[1].done, 1);
    EXPECT_EQ(repaired.records.size(), 1u);

    seen.clear();
    publisher.process(extractId, "", "open");
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].pluginId, extractId);
    EXPECT_EQ(seen[0].record.message, "opened");
    EXPECT_STREQ(logLevelName(seen[0].record.level), "DEBUG");

    // A throwing listener never fails the plug-in; without a listener progress does nothing.
    publisher.setLiveListener([](const LiveUpdate&) { throw std::runtime_error("listener broke"); });
    EXPECT_TRUE(publisher.process(collectId).success);
    publisher.setLiveListener({});
    seen.clear();
    EXPECT_TRUE(publisher.repair(extractId, instanceId).success);
    EXPECT_TRUE(seen.empty());
}
