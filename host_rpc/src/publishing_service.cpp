#include "hostbridge/host_rpc/publishing_service.hpp"
#include "host_internals.hpp"
#include "hostbridge/host_rpc/ui_link.hpp"

#include <climits>
#include <cmath>
#include <cstdint>
#include <optional>

namespace hostbridge {

namespace publish {

namespace {

Value stringOrNil(const std::string& text) { return text.empty() ? Value() : Value(text); }

// pyblish peers read a whole order as an int; both sides must agree on 32 bits.
Value orderValue(double order) {
    if (std::floor(order) == order && order >= INT_MIN && order <= INT_MAX) return Value(static_cast<int>(order));
    return Value(order);
}

// Host data may hold any Value, but pyblish peers reject <i8>: an Int beyond 32 bits goes as a
// double when that is exact (up to 2^53), as a decimal string otherwise.
Value wireSafe(Value value) {
    switch (value.type()) {
    case ValueType::Int: {
        const std::int64_t i = value.asInt();
        if (i >= INT_MIN && i <= INT_MAX) return value;
        constexpr std::int64_t exact = std::int64_t(1) << 53;
        if (i >= -exact && i <= exact) return Value(static_cast<double>(i));
        return Value(std::to_string(i));
    }
    case ValueType::Array:
        for (Value& item : value.asArray()) item = wireSafe(std::move(item));
        return value;
    case ValueType::Struct:
        for (auto& [key, member] : value.asStruct()) member = wireSafe(std::move(member));
        return value;
    default: return value;
    }
}

Value strings(const std::vector<std::string>& list) {
    Array array;
    for (const std::string& item : list) array.emplace_back(item);
    return Value(std::move(array));
}

Value actionToValue(const Action& action) {
    return Struct{{"id", action.id},
                  {"label", action.label.empty() ? action.id : action.label},
                  {"description", stringOrNil(action.description)},
                  {"active", true},
                  {"icon", action.icon},
                  {"on", action.on},
                  {"__type__", action.type}};
}

// The id member of a Plugin or Instance struct from the UI (the only member read).
std::string idOf(const Value& value, const char* what) {
    const Value* id = value.type() == ValueType::Struct ? value.find("id") : nullptr;
    if (!id || id->type() != ValueType::String)
        throw Fault(FaultCode::InvalidParams, std::string(what) + ": expected a struct with a string member 'id'");
    return id->asString();
}

}  // namespace

Value pluginToValue(const Plugin& plugin) {
    const bool instanceEnabled = plugin.processesInstances();
    // What the callable receives, named as pyblish names process() arguments.
    Array processArgs{Value("context")};
    if (instanceEnabled) processArgs.emplace_back("instance");
    Array repairArgs;
    if (plugin.hasRepair()) {
        repairArgs.emplace_back("context");
        if (instanceEnabled) repairArgs.emplace_back("instance");
    }
    Array actions;
    for (const Action& action : plugin.actions()) actions.push_back(actionToValue(action));
    return Struct{{"name", plugin.name()},
                  {"id", plugin.id()},
                  {"label", stringOrNil(plugin.label())},
                  {"version", Array{1, 0, 0}},
                  {"category", Value()},
                  {"requires", "pyblish>=1"},
                  {"order", orderValue(plugin.order())},
                  {"optional", plugin.isOptional()},
                  {"active", plugin.isActive()},
                  {"hosts", strings(plugin.hosts())},
                  {"families", strings(plugin.families())},
                  {"targets", strings(plugin.targets())},
                  {"doc", stringOrNil(plugin.doc())},
                  {"path", "hostbridge:" + plugin.name()},  // no Python file: where it comes from
                  {"module", "hostbridge"},
                  {"type", typeOfOrder(plugin.order())},
                  {"hasRepair", plugin.hasRepair()},
                  {"pre11", false},
                  {"contextEnabled", true},
                  {"instanceEnabled", instanceEnabled},
                  {"process", Struct{{"args", processArgs}}},
                  {"repair", Struct{{"args", repairArgs}}},
                  {"actions", std::move(actions)}};
}

// Built member by member: a braced Struct{{...}} copies every member out of its initializer
// list, which for a context of 10,000 instances is a second deep copy of the whole tree.
Value instanceToValue(const Instance& instance) {
    Struct data = instance.data;
    data["name"] = instance.name;
    data["label"] = instance.label.empty() ? instance.name : instance.label;
    data["family"] = instance.family;
    data["families"] = strings(instance.families);
    data["publish"] = instance.publish;
    Struct out;
    out.emplace("name", instance.name);
    out.emplace("id", instance.id);
    out.emplace("data", wireSafe(std::move(data)));
    out.emplace("children", Array());
    return Value(std::move(out));
}

Value contextToValue(const Context& context) {
    Array children;
    children.reserve(context.instances().size());
    for (const auto& instance : context.instances()) children.push_back(instanceToValue(*instance));
    Struct out;
    out.emplace("name", "Context");
    out.emplace("id", context.id());
    out.emplace("data", wireSafe(context.data()));
    out.emplace("children", std::move(children));
    return Value(std::move(out));
}

// The wire names are Python's: logging.LogRecord's for a record, pyblish's for an error.
Value recordToValue(const Record& record) {
    return Struct{{"name", record.name},
                  {"levelname", logLevelName(record.level)},
                  {"levelno", static_cast<int>(record.level)},
                  {"message", record.message},
                  {"msg", record.message},
                  {"created", record.created},
                  {"lineno", record.line}};
}

Value errorToValue(const Error& error) {
    return Struct{{"message", error.message},
                  {"fname", error.file},
                  {"line_number", error.line},
                  {"func", error.function},
                  {"exc", error.exception}};
}

Value resultToValue(const Result& result, Publisher& publisher) {
    const Plugin* plugin = publisher.findPlugin(result.pluginId);
    const Instance* instance = result.instanceId.empty() ? nullptr : publisher.context().find(result.instanceId);
    Array records;
    for (const Record& record : result.records) records.push_back(recordToValue(record));
    return Struct{{"success", result.success},
                  {"plugin", plugin ? pluginToValue(*plugin) : Value()},
                  {"instance", instance ? instanceToValue(*instance) : Value()},
                  {"action", stringOrNil(result.actionId)},
                  {"repair", result.repair},
                  {"call", static_cast<std::int64_t>(result.call)},
                  {"error", result.error ? errorToValue(*result.error) : Value()},
                  {"records", std::move(records)},
                  {"duration", result.durationMs}};
}

}  // namespace publish

template <typename F>
void PublishingService::bindCounted(const std::string& name, F function, std::string help, Thread thread) {
    UntypedFunction bound = detail::untypedOf(std::move(function));
    if (thread == Thread::Main)
        bound.handler = detail::HostInternals::mainThreadQueue(*m_state->host).wrap(name, std::move(bound.handler));
    // Counted on arrival, on the connection thread: stats() answers without the main thread,
    // and a call the main thread never started (Busy) still counts, as a request served.
    bound.handler = [state = m_state, handler = std::move(bound.handler)](const Array& params) {
        ++state->requests;
        return handler(params);
    };
    m_state->host->bind(name, std::move(bound), std::move(help), {Thread::Connection, m_path});
}

PublishingService::PublishingService(Host& host, std::shared_ptr<publish::Publisher> publisher, const std::string& path)
    : m_path(path), m_state(std::make_shared<State>()) {
    if (!publisher) throw std::invalid_argument("PublishingService needs a publisher");
    m_state->host = &host;
    m_state->publisher = std::move(publisher);
    // Live updates: each record and progress of a running plug-in goes to the host's UI link
    // when there is one, queued without waiting (ui_pusher.hpp); without a link, nowhere.
    m_state->publisher->setLiveListener(
        [uiLink = detail::HostInternals::uiLinkSource(host)](const publish::LiveUpdate& update) {
        if (const std::shared_ptr<UiLink> link = uiLink()) link->pushUpdate(update);
    });
    using namespace publish;
    const std::shared_ptr<State> state = m_state;  // held by every handler: no cycle, State holds no handler
    auto withPort = [state] {
        // The port is known once serving; the context tells the UI which host it shows.
        if (const std::uint16_t port = state->host->port())
            state->publisher->context().data()["port"] = static_cast<int>(port);
    };
    auto rethrowAsFault = [](const std::invalid_argument& e) { return Fault(FaultCode::InvalidParams, e.what()); };

    bindCounted(
        "ping",
        [] {
        return Struct{{"message", "HostBridge publishing service is alive"}};
        },
        "ping(): {message}. On a server thread; never waits for the main thread.", Thread::Connection);
    bindCounted(
        "stats",
        [state] {
        return Struct{{"totalRequestCount", state->requests.load()}};
        },
        "stats(): {totalRequestCount}: calls to this service so far, this one included.", Thread::Connection);
    bindCounted(
        "reset",
        [state, withPort] {
        state->publisher->reset();
        withPort();
        },
        "reset(): a fresh context and the plug-ins discovered again; every id changes; kept results are cleared.",
        Thread::Main);
    bindCounted(
        "context",
        [state, withPort] {
        withPort();
        return contextToValue(state->publisher->context());
        },
        "context(): the current Context {name, id, data, children: [Instance]}.", Thread::Main);
    bindCounted(
        "discover",
        [state] {
        Array plugins;
        for (const Plugin& plugin : state->publisher->plugins()) plugins.push_back(pluginToValue(plugin));
        return plugins;
        },
        "discover(): [Plugin] of the last reset, sorted by order.", Thread::Main);
    bindCounted(
        "process",
        [state, rethrowAsFault](Value plugin, std::optional<Value> instance, std::optional<std::string> action) {
        const std::string pluginId = idOf(plugin, "params[0]");
        const std::string instanceId = instance && !instance->isNil() ? idOf(*instance, "params[1]") : std::string();
        try {
            return resultToValue(state->publisher->process(pluginId, instanceId, action.value_or("")),
                                 *state->publisher);
        } catch (const std::invalid_argument& e) {
            throw rethrowAsFault(e);
        }
        },
        "process(plugin, instance|nil, action|nil): Result of one plug-in on the instance (the context when nil), or "
        "of one of its actions.",
        Thread::Main);
    bindCounted(
        "repair",
        [state, rethrowAsFault](Value plugin, std::optional<Value> instance) {
        const std::string pluginId = idOf(plugin, "params[0]");
        const std::string instanceId = instance && !instance->isNil() ? idOf(*instance, "params[1]") : std::string();
        try {
            return resultToValue(state->publisher->repair(pluginId, instanceId), *state->publisher);
        } catch (const std::invalid_argument& e) {
            throw rethrowAsFault(e);
        }
        },
        "repair(plugin, instance|nil): Result of the plug-in's repair.", Thread::Main);
    bindCounted(
        "test",
        [state](Struct vars) -> std::optional<std::string> {
            const Value* next = vars.count("nextOrder") ? &vars.at("nextOrder") : nullptr;
            if (!next) throw Fault(FaultCode::InvalidParams, "params[0].nextOrder: missing member");
            std::vector<double> orders;
            if (auto it = vars.find("ordersWithError"); it != vars.end() && !it->second.isNil())
                for (const Value& order : it->second.asArray()) orders.push_back(order.asDouble());
            return state->publisher->test(next->asDouble(), orders);
        },
        "test({nextOrder, ordersWithError}): nil to go on, or a message why to stop.", Thread::Main);
    bindCounted(
        "emit",
        [state](std::string signal, std::optional<Struct> kwargs) { state->emit(signal, kwargs.value_or(Struct())); },
        "emit(signal, kwargs): a UI event (instanceToggled, pluginToggled, commented, instanceCommented, reset, "
        "validated, published, ...) for the host's callbacks.",
        Thread::Main);
    bindCounted(
        "results",
        [state] {
        Array results;
        for (const Result& result : state->publisher->results())
            results.push_back(resultToValue(result, *state->publisher));
        return results;
        },
        "results(): [Result] of every process/repair since the last reset, in the order they ran (HostBridge: lets a "
        "restarted UI show them again).",
        Thread::Main);
}

void PublishingService::onEmit(EmitCallback callback) {
    std::lock_guard lock(m_state->callbacksMutex);
    m_state->callbacks.push_back(std::move(callback));
}

void PublishingService::State::emit(const std::string& signal, const Struct& kwargs) {
    auto text = [&](const char* key) {
        auto it = kwargs.find(key);
        return it != kwargs.end() && it->second.type() == ValueType::String ? it->second.asString() : std::string();
    };
    auto flag = [&](const char* key) -> std::optional<bool> {
        auto it = kwargs.find(key);
        if (it == kwargs.end() || it->second.type() != ValueType::Boolean) return std::nullopt;
        return it->second.asBool();
    };
    // The UI keeps the toggles; mirroring them keeps context()/discover() and results() true.
    if (signal == "instanceToggled" && flag("new_value"))
        publisher->setInstancePublish(text("instance"), *flag("new_value"));
    if (signal == "pluginToggled" && flag("new_value")) publisher->setPluginActive(text("plugin"), *flag("new_value"));
    // pyblish-qml's comment box: the artist's text becomes the context's "comment", where
    // plug-ins (an integrator writing a version note) read it.
    if (signal == "commented") {
        auto it = kwargs.find("comment");
        if (it == kwargs.end() || it->second.type() != ValueType::String)
            throw Fault(FaultCode::InvalidParams, "params[1].comment: expected a string");
        publisher->context().data()["comment"] = it->second;
    }
    // pyblish-qml 1.x's comment of one instance: its data "comment", for the plug-ins of that
    // instance. An id not in this session (a reset came between) is a fault, as for process().
    if (signal == "instanceCommented") {
        auto it = kwargs.find("comment");
        if (it == kwargs.end() || it->second.type() != ValueType::String)
            throw Fault(FaultCode::InvalidParams, "params[1].comment: expected a string");
        publish::Instance* instance = publisher->context().find(text("instance"));
        if (!instance)
            throw Fault(FaultCode::InvalidParams,
                        "params[1].instance: no instance with id '" + text("instance") + "' in this session");
        instance->data["comment"] = it->second;
    }
    std::vector<EmitCallback> copy;
    {
        std::lock_guard lock(callbacksMutex);
        copy = callbacks;  // a callback may call onEmit
    }
    for (const auto& callback : copy) callback(signal, kwargs);
}

}  // namespace hostbridge
