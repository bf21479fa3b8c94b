#pragma once
// Publisher: the engine that runs plug-ins on a context, as pyblish does, with no socket; the
// Results and Reports of its runs and the stop rule. Not thread-safe: one thread (the host's
// main thread) uses it; plug-in callables run on the thread that calls process().

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/host_rpc/publish/context.hpp"
#include "hostbridge/host_rpc/publish/error.hpp"
#include "hostbridge/host_rpc/publish/logger.hpp"
#include "hostbridge/host_rpc/publish/plugin.hpp"
#include "hostbridge/host_rpc/publish/plugin_registry.hpp"

namespace hostbridge::publish {

// The default stop rule: "failed validation" once nextOrder >= 1.5 and an order in [1, 2)
// has an error; nullopt (go on) otherwise.
HOSTBRIDGE_HOST_RPC_EXPORT std::optional<std::string> defaultTest(double nextOrder,
                                                                  const std::vector<double>& ordersWithError);
using TestRule =
    std::function<std::optional<std::string>(double nextOrder, const std::vector<double>& ordersWithError)>;

// One run of a plug-in: its process, one of its actions, or its repair.
struct HOSTBRIDGE_HOST_RPC_EXPORT Result {
    bool success = true;
    std::string pluginId;
    std::string pluginName;
    std::string instanceId;  // empty: the context
    std::string instanceName;
    std::string actionId;  // empty: process (or repair) itself
    bool repair = false;
    std::uint64_t call = 0;  // this run's number (LiveUpdate::call)
    std::optional<Error> error;
    std::vector<Record> records;
    double durationMs = 0;
    double order = 0;  // the plug-in's, for the stop rule
};

// What publish() did.
struct HOSTBRIDGE_HOST_RPC_EXPORT Report {
    bool success = false;         // every process() succeeded and nothing stopped the run
    std::string stoppedBy;        // the stop rule's message, empty when the run was not stopped
    std::vector<Result> results;  // in the order they ran
    std::size_t failed = 0;       // results with an error
    std::size_t skipped = 0;      // plug-ins not run: toggled off, or no compatible instance
};

// What a Publisher serves: the host it runs in and data for every context.
struct HOSTBRIDGE_HOST_RPC_EXPORT PublisherOptions {
    std::string host = "hostbridge";  // plug-ins whose hosts hold neither this nor "*" are left out
    Struct contextData;               // merged into every new context's data (e.g. port)
};

// Thrown by process()/repair() for an id that is not in this session.
class HOSTBRIDGE_HOST_RPC_EXPORT UnknownId : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

class HOSTBRIDGE_HOST_RPC_EXPORT Publisher {
public:
    explicit Publisher(std::shared_ptr<const PluginRegistry> registry, PublisherOptions options = {});

    // A fresh context (data: host, user, connectTime in ISO-8601 UTC, plus the options'
    // contextData), the registry's plug-ins for this host sorted by order (stable), new ids
    // for the context and every plug-in (instances get theirs when created), results cleared.
    void reset();

    Context& context();
    const std::vector<Plugin>& plugins() const { return m_plugins; }
    const Plugin* findPlugin(const std::string& pluginId) const;

    // Runs one plug-in: on the instance, or on the context when instanceId is empty; with an
    // actionId, that action of the plug-in instead. A throwing plug-in gives a Result with
    // success false and the Error; the Result is kept (results()). Throws UnknownId.
    Result process(const std::string& pluginId, const std::string& instanceId = {}, const std::string& actionId = {});
    // The plug-in's legacy repair, same rules. Throws UnknownId, or std::invalid_argument
    // when it has no repair.
    Result repair(const std::string& pluginId, const std::string& instanceId = {});

    // The stop rule; a message means stop.
    std::optional<std::string> test(double nextOrder, const std::vector<double>& ordersWithError) const;
    void setTest(TestRule rule);

    // Every Result since the last reset, in the order they ran (also those of publish()).
    const std::vector<Result>& results() const { return m_results; }
    // The distinct orders whose results have an error, ascending.
    std::vector<double> ordersWithError() const;

    // The live listener: every record and progress of a running plug-in (process, actions,
    // repairs, publish()) reaches it on the plug-in's thread as it happens; records still go
    // into the Result. One listener; {} removes it. PublishingService installs one that
    // forwards to the host's UI link.
    void setLiveListener(LiveListener listener) { m_liveListener = std::move(listener); }
    const LiveListener& liveListener() const { return m_liveListener; }

    // UI toggles: false when the id is unknown.
    bool setInstancePublish(const std::string& instanceId, bool publish);
    bool setPluginActive(const std::string& pluginId, bool active);

    // Headless: reset(), then every active plug-in in order, each on the context or on every
    // compatible, toggled-on instance (collectors may add instances for later plug-ins),
    // asking test(order, ordersWithError()) before each plug-in; stops when it answers a
    // message.
    Report publish();
    // The session since the last reset, however it was driven (a UI, publish()): every kept
    // Result in order; `failed` counts plug-in/instance pairs whose latest process() failed;
    // success when none did and an integrator (order >= 3) ran. For a report after a UI's
    // "published" event.
    Report sessionReport() const;

private:
    // `instance` is nullptr for the context.
    Result run(const Plugin& plugin, Instance* instance, const Action* action, bool repair);
    std::string nextId(const char* kind);

    std::shared_ptr<const PluginRegistry> m_registry;
    PublisherOptions m_options;
    TestRule m_test;
    LiveListener m_liveListener;
    unsigned long m_generation = 0;  // bumps on reset: every id holds it
    unsigned long m_counter = 0;
    std::uint64_t m_runs = 0;  // runs so far, never reset: Result::call
    std::unique_ptr<Context> m_context;
    std::vector<Plugin> m_plugins;
    std::vector<Result> m_results;
};

// A readable multi-line report, one line per result (for --publish and logs).
HOSTBRIDGE_HOST_RPC_EXPORT std::string formatReport(const Report& report);

}  // namespace hostbridge::publish
