// The publishing engine without sockets: ordering, family matching, context and instance
// plug-ins, collectors adding instances, the stop rule, actions, repair, errors with their
// location, records and durations kept, ids that change on reset, the headless publish.
#include <hostbridge/host_rpc/publishing.hpp>

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <string>
#include <vector>

using namespace hostbridge;
using namespace hostbridge::publish;

namespace {

Plugin contextPlugin(const std::string& name, double order, ContextProcess process) {
    Plugin plugin;
    plugin.name = name;
    plugin.order = order;
    plugin.processContext = std::move(process);
    return plugin;
}

Plugin instancePlugin(const std::string& name, double order, std::vector<std::string> families, InstanceProcess process) {
    Plugin plugin;
    plugin.name = name;
    plugin.order = order;
    plugin.families = std::move(families);
    plugin.processInstance = std::move(process);
    return plugin;
}

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
        if (plugin.name == name) return plugin;
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
    Plugin all = instancePlugin("all", 1, {"*"}, {});
    Plugin models = instancePlugin("models", 1, {"model", "rig"}, {});
    EXPECT_TRUE(familiesMatch(all, instanceOf("anything")));
    EXPECT_TRUE(familiesMatch(models, instanceOf("model")));
    EXPECT_TRUE(familiesMatch(models, instanceOf("rig")));
    EXPECT_TRUE(familiesMatch(models, instanceOf("camera", {"review", "rig"})));  // any of families
    EXPECT_FALSE(familiesMatch(models, instanceOf("camera", {"review"})));
    EXPECT_FALSE(familiesMatch(instancePlugin("none", 1, {}, {}), instanceOf("model")));
}

TEST(Publishing, DefaultStopRule) {
    EXPECT_EQ(defaultTest(1.5, {}), std::nullopt);
    EXPECT_EQ(defaultTest(1.4, {1.0}), std::nullopt);        // validation not over yet
    EXPECT_EQ(defaultTest(1.5, {1.0}), "failed validation");
    EXPECT_EQ(defaultTest(2.0, {1.9}), "failed validation");
    EXPECT_EQ(defaultTest(3.0, {0.0, 2.0}), std::nullopt);   // collector and extractor errors never stop
}

TEST(Publishing, RegistryRefusesBadPlugins) {
    PluginRegistry registry;
    EXPECT_THROW(registry.add(contextPlugin("", 0, [](Context&, Logger&) {})), std::invalid_argument);
    Plugin neither;
    neither.name = "neither";
    EXPECT_THROW(registry.add(neither), std::invalid_argument);
    Plugin both = contextPlugin("both", 0, [](Context&, Logger&) {});
    both.processInstance = [](Context&, Instance&, Logger&) {};
    EXPECT_THROW(registry.add(both), std::invalid_argument);
    registry.add(contextPlugin("one", 0, [](Context&, Logger&) {}));
    EXPECT_THROW(registry.add(contextPlugin("one", 0, [](Context&, Logger&) {})), std::invalid_argument);
    EXPECT_EQ(registry.plugins().size(), 1u);
}

TEST(Publishing, ResetSortsByOrderStablyFiltersHostsAndChangesEveryId) {
    auto registry = std::make_shared<PluginRegistry>();
    Trace trace;
    registry->add(contextPlugin("integrate", 3, trace.context("integrate")));
    registry->add(contextPlugin("validateB", 1, trace.context("validateB")));
    registry->add(contextPlugin("collect", 0, trace.context("collect")));
    registry->add(contextPlugin("validateA", 1, trace.context("validateA")));  // same order: after validateB
    Plugin elsewhere = contextPlugin("mayaOnly", 1, trace.context("mayaOnly"));
    elsewhere.hosts = {"maya"};
    registry->add(elsewhere);
    Plugin here = contextPlugin("demoOnly", 2, trace.context("demoOnly"));
    here.hosts = {"maya", "demo"};
    registry->add(here);
    registry->add(contextPlugin("makeInstance", 0.5, [](Context& context, Logger&) { context.createInstance("a", "model"); }));

    Publisher publisher(registry, {"demo", {}});
    std::vector<std::string> names;
    for (const Plugin& plugin : publisher.plugins()) names.push_back(plugin.name);
    EXPECT_EQ(names, (std::vector<std::string>{"collect", "makeInstance", "validateB", "validateA", "demoOnly", "integrate"}));
    EXPECT_EQ(publisher.context().data().at("host"), Value("demo"));
    EXPECT_EQ(publisher.context().data().count("connectTime"), 1u);
    EXPECT_EQ(publisher.context().data().count("user"), 1u);

    publisher.process(byName(publisher, "makeInstance").id);
    ASSERT_EQ(publisher.context().instances().size(), 1u);
    std::set<std::string> before{publisher.context().id(), publisher.context().instances()[0]->id};
    for (const Plugin& plugin : publisher.plugins()) before.insert(plugin.id);
    EXPECT_EQ(before.size(), 2u + publisher.plugins().size());  // all distinct

    publisher.reset();
    EXPECT_TRUE(publisher.context().instances().empty());
    EXPECT_TRUE(publisher.results().empty());
    publisher.process(byName(publisher, "makeInstance").id);
    EXPECT_EQ(before.count(publisher.context().id()), 0u);
    EXPECT_EQ(before.count(publisher.context().instances()[0]->id), 0u);
    for (const Plugin& plugin : publisher.plugins()) EXPECT_EQ(before.count(plugin.id), 0u) << plugin.name;
}

TEST(Publishing, ProcessRunsOnTheContextOrAnInstanceAndKeepsRecordsAndDuration) {
    auto registry = std::make_shared<PluginRegistry>();
    registry->add(contextPlugin("collect", 0, [](Context& context, Logger& log) {
        Instance& instance = context.createInstance("hero", "model");
        instance.data["frames"] = 100;
        log.info("collected hero");
        log.warning("and nothing else");
    }));
    registry->add(instancePlugin("validate", 1, {"model"}, [](Context&, Instance& instance, Logger& log) {
        log.debug("checking " + instance.name);
    }));
    Publisher publisher(registry);
    const Result collected = publisher.process(byName(publisher, "collect").id);
    EXPECT_TRUE(collected.success);
    EXPECT_TRUE(collected.instanceId.empty());
    EXPECT_FALSE(collected.error);
    ASSERT_EQ(collected.records.size(), 2u);
    EXPECT_EQ(collected.records[0].name, "collect");
    EXPECT_EQ(collected.records[0].levelname, "INFO");
    EXPECT_EQ(collected.records[0].levelno, 20);
    EXPECT_EQ(collected.records[0].message, "collected hero");
    EXPECT_GT(collected.records[0].created, 1.7e9);  // seconds since the epoch, not ms
    EXPECT_EQ(collected.records[1].levelname, "WARNING");
    EXPECT_EQ(collected.records[1].levelno, 30);
#if defined(__GNUC__) || defined(__clang__)
    EXPECT_GT(collected.records[0].lineno, 0);  // the caller's line
#endif
    EXPECT_GE(collected.durationMs, 0.0);

    const std::string heroId = publisher.context().instances().at(0)->id;
    const Result validated = publisher.process(byName(publisher, "validate").id, heroId);
    EXPECT_TRUE(validated.success);
    EXPECT_EQ(validated.instanceId, heroId);
    EXPECT_EQ(validated.instanceName, "hero");
    ASSERT_EQ(validated.records.size(), 1u);
    EXPECT_EQ(validated.records[0].levelname, "DEBUG");

    // Kept for the session, in the order they ran.
    ASSERT_EQ(publisher.results().size(), 2u);
    EXPECT_EQ(publisher.results()[0].pluginName, "collect");
    EXPECT_EQ(publisher.results()[1].instanceId, heroId);
    EXPECT_EQ(publisher.results()[0].records.size(), 2u);

    // Unknown ids are the caller's mistake, not a result.
    EXPECT_THROW(publisher.process("plugin-0-0"), UnknownId);
    EXPECT_THROW(publisher.process(byName(publisher, "validate").id, "instance-0-0"), UnknownId);
    EXPECT_EQ(publisher.results().size(), 2u);
}

TEST(Publishing, ErrorsCarryMessageLocationAndType) {
    auto registry = std::make_shared<PluginRegistry>();
    int throwLine = 0;
    registry->add(contextPlugin("located", 1, [&](Context&, Logger&) {
        throwLine = __LINE__ + 1;
        throw HOSTBRIDGE_PUBLISH_ERROR("bad geometry");
    }));
    registry->add(contextPlugin("plain", 1, [](Context&, Logger&) { throw std::runtime_error("disk full"); }));
    registry->add(contextPlugin("odd", 1, [](Context&, Logger&) { throw 42; }));
    Publisher publisher(registry);

    const Result located = publisher.process(byName(publisher, "located").id);
    EXPECT_FALSE(located.success);
    ASSERT_TRUE(located.error);
    EXPECT_EQ(located.error->message, "bad geometry");
    EXPECT_NE(located.error->fname.find("tst_publishing.cpp"), std::string::npos);
    EXPECT_EQ(located.error->lineNumber, throwLine);
    EXPECT_FALSE(located.error->func.empty());
    EXPECT_NE(located.error->exc.find("PublishError"), std::string::npos);
    ASSERT_FALSE(located.records.empty());
    EXPECT_EQ(located.records.back().levelname, "ERROR");  // the failure is logged too
    EXPECT_EQ(located.records.back().message, "bad geometry");

    const Result plain = publisher.process(byName(publisher, "plain").id);
    ASSERT_TRUE(plain.error);
    EXPECT_EQ(plain.error->message, "disk full");
    EXPECT_EQ(plain.error->fname, "");  // unknowable for a plain exception: said so, not made up
    EXPECT_EQ(plain.error->lineNumber, 0);
    EXPECT_NE(plain.error->exc.find("runtime_error"), std::string::npos);

    const Result odd = publisher.process(byName(publisher, "odd").id);
    ASSERT_TRUE(odd.error);
    EXPECT_FALSE(odd.success);
    EXPECT_EQ(publisher.ordersWithError(), (std::vector<double>{1.0}));
}

TEST(Publishing, ActionsRunInsteadOfProcess) {
    auto registry = std::make_shared<PluginRegistry>();
    int processed = 0, acted = 0;
    Plugin plugin = contextPlugin("withAction", 1, [&](Context&, Logger&) { ++processed; });
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
    plugin.actions = {action, broken};
    registry->add(plugin);
    Publisher publisher(registry);
    const std::string id = byName(publisher, "withAction").id;

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
    registry->add(contextPlugin("collect", 0, [](Context& context, Logger&) {
        context.createInstance("good", "model");
        context.createInstance("bad", "model").data["broken"] = true;
    }));
    Plugin validate = instancePlugin("validate", 1, {"model"}, [](Context&, Instance& instance, Logger&) {
        if (instance.data.count("broken")) throw PublishError(instance.name + " is broken");
    });
    validate.repair = [](Context&, Instance* instance, Logger& log) {
        instance->data.erase("broken");
        log.info("repaired " + instance->name);
    };
    registry->add(validate);
    registry->add(contextPlugin("noRepair", 1.1, [](Context&, Logger&) {}));
    Publisher publisher(registry);
    publisher.process(byName(publisher, "collect").id);
    const std::string validateId = byName(publisher, "validate").id;
    const std::string badId = publisher.context().instances().at(1)->id;

    EXPECT_FALSE(publisher.process(validateId, badId).success);
    EXPECT_EQ(publisher.test(1.5, publisher.ordersWithError()), "failed validation");
    const Result repaired = publisher.repair(validateId, badId);
    EXPECT_TRUE(repaired.success);
    EXPECT_TRUE(repaired.repair);
    EXPECT_EQ(repaired.records.at(0).message, "repaired bad");
    EXPECT_TRUE(publisher.process(validateId, badId).success);
    EXPECT_THROW(publisher.repair(byName(publisher, "noRepair").id), std::invalid_argument);
}

// A session driven pair by pair (as a UI does): the report judges each pair by its latest run,
// so a repaired and re-validated instance counts as passed, and nothing counts as published
// before an integrator ran.
TEST(Publishing, SessionReportJudgesEachPairByItsLatestRun) {
    auto registry = std::make_shared<PluginRegistry>();
    registry->add(contextPlugin("collect", 0, [](Context& context, Logger&) {
        context.createInstance("bad", "model").data["broken"] = true;
    }));
    Plugin validate = instancePlugin("validate", 1, {"model"}, [](Context&, Instance& instance, Logger&) {
        if (instance.data.count("broken")) throw PublishError(instance.name + " is broken");
    });
    validate.repair = [](Context&, Instance* instance, Logger&) { instance->data.erase("broken"); };
    registry->add(validate);
    registry->add(contextPlugin("integrate", 3, [](Context&, Logger&) {}));
    Publisher publisher(registry);
    publisher.process(byName(publisher, "collect").id);
    const std::string validateId = byName(publisher, "validate").id;
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

    publisher.process(byName(publisher, "integrate").id);
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
    registry->add(contextPlugin("collectModels", 0, [&](Context& context, Logger&) {
        trace.runs.push_back("collectModels:");
        context.createInstance("hero", "model");
        context.createInstance("off", "model").publish = false;  // toggled off: never processed
    }));
    registry->add(contextPlugin("collectCameras", 0.1, [&](Context& context, Logger&) {
        trace.runs.push_back("collectCameras:");
        Instance& camera = context.createInstance("cam", "camera");
        camera.families = {"review"};
    }));
    registry->add(instancePlugin("validateModels", 1, {"model"}, trace.instance("validateModels")));
    registry->add(instancePlugin("validateReview", 1, {"review"}, trace.instance("validateReview")));
    registry->add(instancePlugin("validateRigs", 1, {"rig"}, trace.instance("validateRigs")));  // nothing to do
    Plugin inactive = instancePlugin("inactive", 1.2, {"*"}, trace.instance("inactive"));
    inactive.optional = true;
    inactive.active = false;
    registry->add(inactive);
    registry->add(contextPlugin("validateContext", 1.5, trace.context("validateContext")));
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
    registry->add(contextPlugin("collect", 0, [](Context& context, Logger&) { context.createInstance("a", "model"); }));
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
    collectorFails->add(contextPlugin("collect", 0, [](Context&, Logger&) { throw std::runtime_error("x"); }));
    collectorFails->add(contextPlugin("extract", 2, [](Context&, Logger&) {}));
    Publisher other(collectorFails);
    const Report partial = other.publish();
    EXPECT_TRUE(partial.stoppedBy.empty());
    EXPECT_EQ(partial.results.size(), 2u);
    EXPECT_FALSE(partial.success);
}

TEST(Publishing, TogglesReachInstancesAndPlugins) {
    auto registry = std::make_shared<PluginRegistry>();
    registry->add(contextPlugin("collect", 0, [](Context& context, Logger&) { context.createInstance("a", "model"); }));
    Publisher publisher(registry);
    publisher.process(byName(publisher, "collect").id);
    const std::string id = publisher.context().instances().at(0)->id;
    EXPECT_TRUE(publisher.setInstancePublish(id, false));
    EXPECT_FALSE(publisher.context().instances().at(0)->publish);
    EXPECT_FALSE(publisher.setInstancePublish("nope", false));
    EXPECT_TRUE(publisher.setPluginActive(byName(publisher, "collect").id, false));
    EXPECT_FALSE(byName(publisher, "collect").active);
}

// The live listener: every record and progress of a running plug-in, in order, on the plug-in's
// thread while it runs, tagged with plug-in and instance; record indices are those of the
// Result's records (also the ERROR record of a failure), for process, actions and repairs.
TEST(Publishing, LiveListenerSeesRecordsAndProgressInOrderWhileThePluginRuns) {
    auto registry = std::make_shared<PluginRegistry>();
    std::vector<LiveUpdate> seen;
    std::size_t seenBeforeReturn = 0;
    Plugin collect = contextPlugin("Collect", order::kCollector, [](Context& context, Logger& log) {
        context.createInstance("a", "model");
        log.info("collected");
    });
    registry->add(collect);
    Plugin extract = instancePlugin("Extract", order::kExtractor, {"model"}, [&](Context&, Instance& instance, Logger& log) {
        for (int step = 1; step <= 3; ++step) {
            log.info("step " + std::to_string(step) + " of " + instance.name);
            log.progress(step, 3, "writing part " + std::to_string(step));
        }
        seenBeforeReturn = seen.size();  // the listener ran synchronously, before process() returns
        throw PublishError("disk full");
    });
    extract.repair = [](Context&, Instance*, Logger& log) {
        log.warning("repairing");
        log.progress(1, 1);
    };
    extract.actions = {Action{"open", "Open", "all", "", "", "action", [](Context&, Logger& log) { log.debug("opened"); }}};
    registry->add(extract);

    Publisher publisher(registry, {"test", {}});
    const std::thread::id pluginThread = std::this_thread::get_id();
    bool sameThread = true;
    publisher.setLiveListener([&](const LiveUpdate& update) {
        sameThread = sameThread && std::this_thread::get_id() == pluginThread;
        seen.push_back(update);
    });
    const std::string collectId = byName(publisher, "Collect").id;
    const std::string extractId = byName(publisher, "Extract").id;
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
            EXPECT_EQ(update.record.levelno, result.records.at(nextIndex).levelno);
            EXPECT_EQ(update.record.created, result.records.at(nextIndex).created);
            ++nextIndex;
        } else {
            EXPECT_EQ(update.done, static_cast<int>(i / 2) + 1);
            EXPECT_EQ(update.total, 3);
            EXPECT_EQ(update.message, "writing part " + std::to_string(update.done));
        }
    }
    EXPECT_EQ(seen.back().record.levelname, "ERROR");
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
    EXPECT_EQ(seen[0].record.levelname, "DEBUG");

    // A throwing listener never fails the plug-in; without a listener progress does nothing.
    publisher.setLiveListener([](const LiveUpdate&) { throw std::runtime_error("listener broke"); });
    EXPECT_TRUE(publisher.process(collectId).success);
    publisher.setLiveListener({});
    seen.clear();
    EXPECT_TRUE(publisher.repair(extractId, instanceId).success);
    EXPECT_TRUE(seen.empty());
}
