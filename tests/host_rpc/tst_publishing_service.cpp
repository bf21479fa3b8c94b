// PublishingService through the Host's in-process call() (no socket): the exact shapes of
// protocol.md, ints within 32 bits, main-thread use (ping/stats answer while the main thread
// is blocked; the rest runs on it), faults for stale ids, emit reaching host callbacks, and
// the kept results.
#include <hostbridge/host_rpc/host.hpp>
#include <hostbridge/host_rpc/publishing_service.hpp>

#include <gtest/gtest.h>

#include <climits>
#include <thread>

#include "main_loop.hpp"

using namespace hostbridge;
using namespace hostbridge::publish;

namespace {

// Every Int anywhere in `value` fits in 32 bits (pyblish peers reject <i8>).
void expectSmallInts(const Value& value, const std::string& path = "result") {
    switch (value.type()) {
    case ValueType::Int: EXPECT_TRUE(value.asInt() >= INT_MIN && value.asInt() <= INT_MAX) << path; break;
    case ValueType::Array:
        for (std::size_t i = 0; i < value.asArray().size(); ++i)
            expectSmallInts(value.asArray()[i], path + "[" + std::to_string(i) + "]");
        break;
    case ValueType::Struct:
        for (const auto& [key, member] : value.asStruct()) expectSmallInts(member, path + "." + key);
        break;
    default: break;
    }
}

void expectKeys(const Value& value, std::initializer_list<const char*> keys) {
    ASSERT_EQ(value.type(), ValueType::Struct);
    for (const char* key : keys) EXPECT_NE(value.find(key), nullptr) << "missing " << key;
}

class PublishingServiceTest : public ::testing::Test {
protected:
    PublishingServiceTest() {
        registry->add(collect());
        registry->add(validate());
        registry->add(extract());
        HostOptions options;
        options.writeConnectionFile = false;
        options.mainThreadTimeout = std::chrono::milliseconds(300);
        host = std::make_unique<Host>(loop.executor(), options);
        publisher = std::make_shared<Publisher>(registry, PublisherOptions{"test", {}});
        service = std::make_unique<PublishingService>(*host, publisher);
    }

    Plugin collect() {
        return Plugin::forContext("Collect", 0, [this](Context& context, Logger& log) {
            ranOn = std::this_thread::get_id();
            Instance& hero = context.createInstance("hero", "model");
            hero.families = {"review"};
            hero.data["bytesOnDisk"] = std::int64_t(6) << 32;     // past 32 bits: a double
            hero.data["checksum"] = (std::int64_t(1) << 60) + 1;  // past 2^53: a string
            hero.data["nested"] = Array{Struct{{"big", std::int64_t(1) << 40}}};
            context.createInstance("bad", "model");
            log.info("two");
        });
    }
    Plugin validate() {
        Action action;
        action.id = "select";
        action.label = "Select";
        action.icon = "hand-o-up";
        action.on = "failed";
        action.process = [this](Context&, Logger&) { ++actions; };
        return Plugin::forInstance(
                   "Validate", 1.5,
                   [](Context&, Instance& instance, Logger&) {
            if (instance.name == "bad") throw PublishError("bad name");
                   })
            .withLabel("Validate names")
            .withFamilies({"model"})
            .withOptional()
            .withDoc("Checks names.")
            .withRepair([](Context&, Instance& instance, Logger&) { instance.name = "good"; })
            .withAction(action);
    }
    static Plugin extract() {
        return Plugin::forInstance("Extract", 2, [](Context&, Instance&, Logger&) {}).withTargets({"default", "farm"});
    }

    Value call(const std::string& name, const Array& params = {}) { return host->call(name, params, "/pyblish"); }
    Value pluginNamed(const std::string& name) {
        const Value plugins = call("discover");  // kept: a range-for over a temporary's member dangles
        for (const Value& plugin : plugins.asArray())
            if (plugin.at("name").asString() == name) return plugin;
        throw std::runtime_error("no plug-in " + name);
    }
    Value instanceNamed(const std::string& name) {
        const Value context = call("context");
        for (const Value& instance : context.at("children").asArray())
            if (instance.at("name").asString() == name) return instance;
        throw std::runtime_error("no instance " + name);
    }
    int faultOf(const std::string& name, const Array& params) {
        try {
            call(name, params);
        } catch (const Fault& fault) {
            return fault.code();
        }
        return 0;
    }

    test::MainLoop loop;
    std::shared_ptr<PluginRegistry> registry = std::make_shared<PluginRegistry>();
    std::unique_ptr<Host> host;
    std::shared_ptr<Publisher> publisher;
    std::unique_ptr<PublishingService> service;
    std::thread::id ranOn;
    int actions = 0;
};

}  // namespace

TEST_F(PublishingServiceTest, ServesThePyblishMethodsAtItsOwnPath) {
    const auto names = host->methodNames("/pyblish");
    for (const char* name :
         {"ping", "stats", "reset", "context", "discover", "process", "repair", "test", "emit", "results"})
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    // "/" keeps its own table: the service does not leak there.
    const auto root = host->methodNames();
    EXPECT_EQ(std::find(root.begin(), root.end(), "discover"), root.end());
    EXPECT_EQ(host->methodNames("/RPC2"), root);
    EXPECT_THROW(host->methodNames("pyblish"), std::invalid_argument);
}

TEST_F(PublishingServiceTest, ShapesOfContextPluginResultAndRecord) {
    EXPECT_TRUE(call("reset").isNil());
    const Value context = call("context");
    expectKeys(context, {"name", "id", "data", "children"});
    EXPECT_EQ(context.at("name"), Value("Context"));
    expectKeys(context.at("data"), {"host", "user", "connectTime"});

    const Value plugins = call("discover");
    ASSERT_EQ(plugins.asArray().size(), 3u);
    for (const Value& plugin : plugins.asArray()) {
        expectKeys(
            plugin,
            {"name",      "id",    "label",          "version",         "category", "requires", "order",  "optional",
             "active",    "hosts", "families",       "targets",         "doc",      "path",     "module", "type",
             "hasRepair", "pre11", "contextEnabled", "instanceEnabled", "process",  "repair",   "actions"});
        expectKeys(plugin.at("process"), {"args"});
        expectKeys(plugin.at("repair"), {"args"});
        expectSmallInts(plugin);
    }
    const Value& collect = plugins.at(0);
    EXPECT_EQ(collect.at("name"), Value("Collect"));
    EXPECT_EQ(collect.at("order").type(), ValueType::Int);  // whole: <int>
    EXPECT_EQ(collect.at("type"), Value("Collector"));
    EXPECT_TRUE(collect.at("label").isNil());
    EXPECT_TRUE(collect.at("doc").isNil());
    EXPECT_TRUE(collect.at("category").isNil());
    EXPECT_EQ(collect.at("instanceEnabled"), Value(false));
    EXPECT_EQ(collect.at("hasRepair"), Value(false));
    EXPECT_EQ(collect.at("families"), Value(Array{"*"}));
    const Value& validate = plugins.at(1);
    EXPECT_EQ(validate.at("order"), Value(1.5));  // not whole: <double>
    EXPECT_EQ(validate.at("type"), Value("Validator"));
    EXPECT_EQ(validate.at("label"), Value("Validate names"));
    EXPECT_EQ(validate.at("doc"), Value("Checks names."));
    EXPECT_EQ(validate.at("optional"), Value(true));
    EXPECT_EQ(validate.at("hasRepair"), Value(true));
    EXPECT_EQ(validate.at("instanceEnabled"), Value(true));
    EXPECT_EQ(validate.at("process").at("args"), Value(Array{"context", "instance"}));
    EXPECT_EQ(validate.at("version"), Value(Array{1, 0, 0}));
    ASSERT_EQ(validate.at("actions").asArray().size(), 1u);
    const Value& action = validate.at("actions").at(0);
    expectKeys(action, {"id", "label", "description", "active", "icon", "on", "__type__"});
    EXPECT_EQ(action.at("on"), Value("failed"));
    EXPECT_EQ(action.at("__type__"), Value("action"));

    // A collector on the context (nil instance, nil action, both left out too).
    const Value result = call("process", {collect, Value(), Value()});
    expectKeys(result, {"success", "plugin", "instance", "error", "records", "duration"});
    EXPECT_EQ(result.at("success"), Value(true));
    EXPECT_TRUE(result.at("instance").isNil());
    EXPECT_TRUE(result.at("error").isNil());
    EXPECT_EQ(result.at("duration").type(), ValueType::Double);
    EXPECT_EQ(result.at("plugin").at("id"), collect.at("id"));
    ASSERT_EQ(result.at("records").asArray().size(), 1u);
    const Value& record = result.at("records").at(0);
    expectKeys(record, {"name", "levelname", "levelno", "message", "created", "lineno"});
    EXPECT_EQ(record.at("levelno"), Value(20));
    EXPECT_EQ(record.at("created").type(), ValueType::Double);
    expectSmallInts(result);
    EXPECT_EQ(ranOn, loop.id());  // plug-ins run on the main thread

    // The instances the collector made, as the UI reads them.
    const Value hero = instanceNamed("hero");
    expectKeys(hero, {"name", "id", "data", "children"});
    expectKeys(hero.at("data"), {"name", "label", "family", "families", "publish"});
    EXPECT_EQ(hero.at("data").at("families"), Value(Array{"review"}));
    EXPECT_EQ(hero.at("data").at("publish"), Value(true));
    EXPECT_EQ(hero.at("data").at("bytesOnDisk"), Value(static_cast<double>(std::int64_t(6) << 32)));
    EXPECT_EQ(hero.at("data").at("checksum"), Value(std::to_string((std::int64_t(1) << 60) + 1)));
    expectSmallInts(call("context"));

    // A failing validator: Error shape, with file and line.
    const Value failed = call("process", {validate, instanceNamed("bad"), Value()});
    EXPECT_EQ(failed.at("success"), Value(false));
    expectKeys(failed.at("error"), {"message", "fname", "line_number", "func", "exc"});
    EXPECT_EQ(failed.at("error").at("message"), Value("bad name"));
    EXPECT_EQ(failed.at("error").at("line_number").type(), ValueType::Int);
    EXPECT_EQ(failed.at("instance").at("name"), Value("bad"));
    expectSmallInts(failed);
}

TEST_F(PublishingServiceTest, TestActionsRepairEmitAndKeptResults) {
    call("reset");
    call("process", {pluginNamed("Collect"), Value(), Value()});
    const Value validate = pluginNamed("Validate");
    EXPECT_EQ(call("process", {validate, instanceNamed("bad"), Value()}).at("success"), Value(false));

    // The stop rule, as the UI asks it (ints and doubles both accepted).
    EXPECT_TRUE(call("test", {Struct{{"nextOrder", 1}, {"ordersWithError", Array{}}}}).isNil());
    EXPECT_TRUE(call("test", {Struct{{"nextOrder", 1.4}, {"ordersWithError", Array{1.5}}}}).isNil());
    EXPECT_EQ(call("test", {Struct{{"nextOrder", 2}, {"ordersWithError", Array{1.5}}}}), Value("failed validation"));

    // An action by id.
    const Value acted = call("process", {validate, Value(), "select"});
    EXPECT_EQ(acted.at("success"), Value(true));
    EXPECT_EQ(acted.at("action"), Value("select"));
    EXPECT_EQ(actions, 1);

    // Repair, then the validator passes.
    const Value repaired = call("repair", {validate, instanceNamed("bad")});
    EXPECT_EQ(repaired.at("success"), Value(true));
    EXPECT_EQ(call("process", {validate, instanceNamed("good"), Value()}).at("success"), Value(true));

    // emit reaches the host's callback on the main thread; toggles are mirrored.
    std::vector<std::string> signals;
    std::thread::id emittedOn;
    service->onEmit([&](const std::string& signal, const Struct&) {
        signals.push_back(signal);
        emittedOn = std::this_thread::get_id();
    });
    const Value heroId = instanceNamed("hero").at("id");
    EXPECT_TRUE(
        call("emit", {"instanceToggled", Struct{{"instance", heroId}, {"new_value", false}, {"old_value", true}}})
            .isNil());
    call("emit", {"validated", Struct{}});
    EXPECT_EQ(signals, (std::vector<std::string>{"instanceToggled", "validated"}));
    EXPECT_EQ(emittedOn, loop.id());
    EXPECT_EQ(instanceNamed("hero").at("data").at("publish"), Value(false));

    // Kept results: everything since the reset, in order, in Result shape.
    const Value results = call("results");
    ASSERT_EQ(results.asArray().size(), 5u);  // collect, validate bad, action, repair, validate good
    EXPECT_EQ(results.at(0).at("plugin").at("name"), Value("Collect"));
    EXPECT_EQ(results.at(1).at("success"), Value(false));
    EXPECT_EQ(results.at(4).at("success"), Value(true));
    expectSmallInts(results);

    // After reset: no results, new ids, and the old ids are refused with InvalidParams.
    const Value oldInstance = instanceNamed("good");
    call("reset");
    EXPECT_TRUE(call("results").asArray().empty());
    EXPECT_NE(pluginNamed("Validate").at("id"), validate.at("id"));
    EXPECT_EQ(faultOf("process", {validate, Value(), Value()}), FaultCode::InvalidParams);
    EXPECT_EQ(faultOf("process", {pluginNamed("Validate"), oldInstance, Value()}), FaultCode::InvalidParams);
    EXPECT_EQ(faultOf("process", {Struct{{"name", "Validate"}}, Value(), Value()}), FaultCode::InvalidParams);
    EXPECT_EQ(faultOf("repair", {pluginNamed("Collect"), Value()}), FaultCode::InvalidParams);  // has no repair
    EXPECT_EQ(faultOf("process", {pluginNamed("Validate"), Value(), "nope"}), FaultCode::InvalidParams);
}

// The UI's comment box (pyblish-qml's "commented" event) lands in the context's data.
TEST_F(PublishingServiceTest, CommentedSetsTheContextComment) {
    std::vector<std::string> signals;
    service->onEmit([&](const std::string& signal, const Struct&) { signals.push_back(signal); });
    EXPECT_EQ(call("context").at("data").find("comment"), nullptr);
    EXPECT_TRUE(call("emit", {"commented", Struct{{"comment", "fixed the normals"}}}).isNil());
    EXPECT_EQ(call("context").at("data").at("comment"), Value("fixed the normals"));
    EXPECT_TRUE(call("emit", {"commented", Struct{{"comment", ""}}}).isNil());  // cleared
    EXPECT_EQ(call("context").at("data").at("comment"), Value(""));
    EXPECT_EQ(signals, (std::vector<std::string>{"commented", "commented"}));
    // Anything but a string is refused, and changes nothing.
    EXPECT_EQ(faultOf("emit", {"commented", Struct{{"comment", 42}}}), FaultCode::InvalidParams);
    EXPECT_EQ(faultOf("emit", {"commented", Struct{}}), FaultCode::InvalidParams);
    EXPECT_EQ(call("context").at("data").at("comment"), Value(""));
    EXPECT_EQ(signals.size(), 2u);
    // A reset starts a fresh context: no comment until the UI sends it again.
    call("reset");
    EXPECT_EQ(call("context").at("data").find("comment"), nullptr);
}

// pyblish-qml 1.x's comment of one instance ("instanceCommented") lands in that instance's data.
TEST_F(PublishingServiceTest, InstanceCommentedSetsThatInstancesComment) {
    call("reset");
    call("process", {pluginNamed("Collect"), Value(), Value()});
    std::vector<std::string> signals;
    service->onEmit([&](const std::string& signal, const Struct&) { signals.push_back(signal); });
    const std::string bad = instanceNamed("bad").at("id").asString();
    EXPECT_TRUE(
        call("emit", {"instanceCommented", Struct{{"instance", bad}, {"comment", "renamed\nby hand"}}}).isNil());
    EXPECT_EQ(instanceNamed("bad").at("data").at("comment"), Value("renamed\nby hand"));
    EXPECT_EQ(instanceNamed("hero").at("data").find("comment"), nullptr);  // only that instance
    EXPECT_EQ(call("context").at("data").find("comment"), nullptr);        // not the publish's
    // An id of no instance, or a comment not a string, is refused and changes nothing.
    EXPECT_EQ(faultOf("emit", {"instanceCommented", Struct{{"instance", "gone"}, {"comment", "x"}}}),
              FaultCode::InvalidParams);
    EXPECT_EQ(faultOf("emit", {"instanceCommented", Struct{{"instance", bad}, {"comment", 1}}}),
              FaultCode::InvalidParams);
    EXPECT_EQ(instanceNamed("bad").at("data").at("comment"), Value("renamed\nby hand"));
    EXPECT_EQ(signals, (std::vector<std::string>{"instanceCommented"}));
}

// A plug-in's targets (pyblish's): "default" unless set.
TEST_F(PublishingServiceTest, PluginsCarryTheirTargets) {
    EXPECT_EQ(pluginNamed("Collect").at("targets"), Value(Array{"default"}));
    EXPECT_EQ(pluginNamed("Extract").at("targets"), Value(Array{"default", "farm"}));
}

TEST_F(PublishingServiceTest, PingAndStatsNeverWaitForTheMainThread) {
    const int before = call("stats").at("totalRequestCount").asInt();
    loop.block();
    EXPECT_EQ(call("ping").at("message").type(), ValueType::String);
    EXPECT_EQ(call("stats").at("totalRequestCount").asInt(), before + 2);  // this one included
    EXPECT_EQ(faultOf("context", {}), FaultCode::Busy);                    // main-thread methods keep the deadline rule
    loop.release();
    loop.drain();
    EXPECT_EQ(call("context").at("name"), Value("Context"));
}

TEST_F(PublishingServiceTest, MethodsOutliveTheServiceObjectAndCallbackErrorsAreFaults) {
    service->onEmit([](const std::string& signal, const Struct&) {
        if (signal == "explode") throw std::runtime_error("callback failed");
    });
    EXPECT_EQ(faultOf("emit", {"explode", Struct{}}), FaultCode::ApplicationError);
    EXPECT_EQ(faultOf("emit", {"fine", Struct{}}), 0);
    service.reset();  // the methods stay in the Host's table and hold what they need
    EXPECT_EQ(call("context").at("name"), Value("Context"));
    EXPECT_EQ(call("process", {pluginNamed("Collect"), Value(), Value()}).at("success"), Value(true));
}
