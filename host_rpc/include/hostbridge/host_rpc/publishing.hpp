#pragma once
// Publishing: plug-ins, instances and the engine that runs them, as pyblish does, with no
// socket. PublishingService (publishing_service.hpp) serves it on "/pyblish"; publish() runs
// it headless (batch, farm).
//
//   auto registry = std::make_shared<hostbridge::publish::PluginRegistry>();
//   hostbridge::publish::Plugin collect;
//   collect.name = "CollectModels";
//   collect.order = hostbridge::publish::order::kCollector;
//   collect.processContext = [&](Context& context, Logger& log) {
//       for (auto& node : scene.models()) context.createInstance(node.name, "model");
//       log.info("collected models");
//   };
//   registry->add(collect);
//   hostbridge::publish::Publisher publisher(registry, {"demo"});
//   publisher.reset();
//   Report report = publisher.publish();
//
// Threads: PluginRegistry is thread-safe. Publisher, Context and Instance are not: use them
// from one thread (a DCC's main thread; PublishingService binds every call that touches them
// with Host::bindOnMainThreadAt). Plug-in callables run on the thread that calls process().
//
// Errors: a plug-in reports failure by throwing. PublishError (or HOSTBRIDGE_PUBLISH_ERROR)
// carries the file, line and function of the throw; any other exception becomes an Error
// whose fname/func are empty and line_number 0, since C++17 cannot know where it came from.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "hostbridge/host_rpc/host_rpc_export.hpp"
#include "hostbridge/value.hpp"

// The caller's file/line/function as default arguments: GCC, Clang and MSVC (19.27+) have
// these builtins (what std::source_location is made of in C++20). Elsewhere: unknown.
#if defined(__GNUC__) || defined(__clang__) || (defined(_MSC_VER) && _MSC_VER >= 1927)
#define HOSTBRIDGE_CALLER_FILE __builtin_FILE()
#define HOSTBRIDGE_CALLER_LINE __builtin_LINE()
#define HOSTBRIDGE_CALLER_FUNCTION __builtin_FUNCTION()
#else
#define HOSTBRIDGE_CALLER_FILE ""
#define HOSTBRIDGE_CALLER_LINE 0
#define HOSTBRIDGE_CALLER_FUNCTION ""
#endif

namespace hostbridge::publish {

// The pyblish order ranges. type() of a plug-in is read from its order.
namespace order {
constexpr double kCollector = 0.0;   // [0, 1)
constexpr double kValidator = 1.0;   // [1, 2)
constexpr double kExtractor = 2.0;   // [2, 3)
constexpr double kIntegrator = 3.0;  // [3, 4)
}  // namespace order

// "Collector", "Validator", "Extractor", "Integrator" or "Other" (outside [0, 4)).
HOSTBRIDGE_HOST_RPC_EXPORT const char* typeOfOrder(double order);

// One log line of a plug-in, as Python's logging.LogRecord on the wire.
struct HOSTBRIDGE_HOST_RPC_EXPORT Record {
    std::string name;       // the plug-in's name
    std::string levelname;  // DEBUG, INFO, WARNING, ERROR, CRITICAL
    int levelno = 20;       // 10, 20, 30, 40, 50
    std::string message;
    double created = 0;     // seconds since the Unix epoch
    int lineno = 0;         // the caller's line (0 where the compiler cannot tell)
};

// A record or a progress report of a running plug-in, handed to the live listener as it
// happens (Publisher::setLiveListener); the UI link pushes it to the UI (publish_update).
struct HOSTBRIDGE_HOST_RPC_EXPORT LiveUpdate {
    enum class Kind { Record, Progress };
    Kind kind = Kind::Record;
    std::string pluginId;
    std::string instanceId;  // empty: the context
    // The run (process, action or repair) it belongs to: rises with every run of a Publisher,
    // and the Result carries it too, so a UI tells a late update of a finished run from one of
    // the next run of the same pair.
    std::uint64_t call = 0;
    int index = 0;           // Record: its index in this call's records, the same as in the Result
    Record record;           // Record only
    int done = 0;            // Progress only: done of total, and what is being done
    int total = 0;
    std::string message;
};
// Called on the plug-in's thread, synchronously, for every LiveUpdate: it must be cheap and
// must not throw (an exception is ignored, so live reporting never fails a plug-in).
using LiveListener = std::function<void(const LiveUpdate& update)>;

// What a plug-in logs with; one per process() call, its records go into the Result.
class HOSTBRIDGE_HOST_RPC_EXPORT Logger {
public:
    explicit Logger(std::string name) : m_name(std::move(name)) {}
    // Also hands every record and progress to `listener` at once, tagged with these ids
    // (what Publisher does when it has a live listener).
    Logger(std::string name, LiveListener listener, std::string pluginId, std::string instanceId, std::uint64_t call)
        : m_name(std::move(name)), m_listener(std::move(listener)), m_pluginId(std::move(pluginId)),
          m_instanceId(std::move(instanceId)), m_call(call) {}
    void debug(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) { log(10, message, line); }
    void info(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) { log(20, message, line); }
    void warning(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) { log(30, message, line); }
    void error(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) { log(40, message, line); }
    void critical(const std::string& message, int line = HOSTBRIDGE_CALLER_LINE) { log(50, message, line); }
    void log(int levelno, const std::string& message, int line = 0);
    // How far the plug-in is: `done` of `total` steps, and what it does now. Live only (to the
    // listener; not a record, not in the Result); without a listener it does nothing.
    void progress(int done, int total, const std::string& message = {});
    const std::vector<Record>& records() const { return m_records; }

private:
    void tell(LiveUpdate update) const;

    std::string m_name;
    std::vector<Record> m_records;
    LiveListener m_listener;
    std::string m_pluginId;
    std::string m_instanceId;
    std::uint64_t m_call = 0;
};

// Throw from a plug-in to fail with a known location (the throw site by default).
class HOSTBRIDGE_HOST_RPC_EXPORT PublishError : public std::runtime_error {
public:
    explicit PublishError(const std::string& message, std::string file = HOSTBRIDGE_CALLER_FILE,
                          int line = HOSTBRIDGE_CALLER_LINE, std::string function = HOSTBRIDGE_CALLER_FUNCTION)
        : std::runtime_error(message), m_file(std::move(file)), m_line(line), m_function(std::move(function)) {}
    const std::string& file() const noexcept { return m_file; }
    int line() const noexcept { return m_line; }
    const std::string& function() const noexcept { return m_function; }

private:
    std::string m_file;
    int m_line;
    std::string m_function;
};
// For compilers without the builtins: the location spelled out by the preprocessor.
#define HOSTBRIDGE_PUBLISH_ERROR(message) ::hostbridge::publish::PublishError((message), __FILE__, __LINE__, __func__)

// A failed process(), as pyblish's error struct.
struct HOSTBRIDGE_HOST_RPC_EXPORT Error {
    std::string message;
    std::string fname;    // source file; empty when unknown
    int lineNumber = 0;   // 0 when unknown
    std::string func;     // function; empty when unknown
    std::string exc;      // the exception's type and message, e.g. "std::runtime_error: disk full"
};

// Something to publish, made by a collector with Context::createInstance.
struct HOSTBRIDGE_HOST_RPC_EXPORT Instance {
    std::string id;        // set by createInstance; changes on every reset
    std::string name;
    std::string label;     // defaults to name
    std::string family;
    std::vector<std::string> families;  // further families, besides `family`
    Struct data;           // anything the plug-ins share; sent inside Instance.data
    bool publish = true;   // toggled off: not processed (UI toggles reach it through emit)
};

// Made by Publisher::reset(). One made by hand (to unit-test a plug-in) works too; its
// instances then take their names as ids.
class HOSTBRIDGE_HOST_RPC_EXPORT Context {
public:
    Context(std::string id, Struct data) : m_id(std::move(id)), m_data(std::move(data)) {}
    const std::string& id() const { return m_id; }
    Struct& data() { return m_data; }
    const Struct& data() const { return m_data; }

    // Adds an instance with a fresh id and returns it (the reference stays valid until reset).
    Instance& createInstance(const std::string& name, const std::string& family);
    const std::vector<std::unique_ptr<Instance>>& instances() const { return m_instances; }
    Instance* find(const std::string& instanceId) const;  // nullptr when not in this context

private:
    friend class Publisher;
    std::string m_id;
    Struct m_data;
    std::vector<std::unique_ptr<Instance>> m_instances;
    std::function<std::string()> m_nextInstanceId;
};

using ContextProcess = std::function<void(Context& context, Logger& log)>;
using InstanceProcess = std::function<void(Context& context, Instance& instance, Logger& log)>;
// Repair: `instance` is nullptr for a plug-in that processes the context.
using RepairProcess = std::function<void(Context& context, Instance* instance, Logger& log)>;

struct HOSTBRIDGE_HOST_RPC_EXPORT Action {
    std::string id;      // unique within its plug-in
    std::string label;   // defaults to id
    std::string on = "all";  // all, failed, succeeded, processed, notProcessed: when the UI offers it
    std::string icon;
    std::string description;
    std::string type = "action";  // action, category (a heading) or separator
    ContextProcess process;       // what it does; empty for category and separator
};

struct HOSTBRIDGE_HOST_RPC_EXPORT Plugin {
    std::string name;   // required, unique in a registry
    std::string label;  // empty: nil on the wire
    double order = 0;
    std::vector<std::string> families{"*"};  // "*": every instance
    std::vector<std::string> hosts{"*"};     // "*": every host
    bool optional = false;
    bool active = true;  // toggled off: not run (optional plug-ins start active unless set)
    std::string doc;     // empty: nil on the wire
    std::vector<Action> actions;
    // Exactly one of these: a context plug-in runs once on the context, an instance plug-in
    // once per compatible instance that is toggled on.
    ContextProcess processContext;
    InstanceProcess processInstance;
    RepairProcess repair;  // optional legacy repair

    // Filled by Publisher::reset(); changes on every reset.
    std::string id;

    bool isInstancePlugin() const { return static_cast<bool>(processInstance); }
};

// pyblish's family match: "*" in the plug-in's families matches all; otherwise the instance's
// family or one of its families is in the list.
HOSTBRIDGE_HOST_RPC_EXPORT bool familiesMatch(const Plugin& plugin, const Instance& instance);

// The default stop rule: "failed validation" once nextOrder >= 1.5 and an order in [1, 2)
// has an error; nullopt (go on) otherwise.
HOSTBRIDGE_HOST_RPC_EXPORT std::optional<std::string> defaultTest(double nextOrder, const std::vector<double>& ordersWithError);
using TestRule = std::function<std::optional<std::string>(double nextOrder, const std::vector<double>& ordersWithError)>;

struct HOSTBRIDGE_HOST_RPC_EXPORT Result {
    bool success = true;
    std::string pluginId;
    std::string pluginName;
    std::string instanceId;      // empty: the context
    std::string instanceName;
    std::string actionId;        // empty: process (or repair) itself
    bool repair = false;
    std::uint64_t call = 0;      // this run's number (LiveUpdate::call)
    std::optional<Error> error;
    std::vector<Record> records;
    double durationMs = 0;
    double order = 0;            // the plug-in's, for the stop rule
};

// What publish() did.
struct HOSTBRIDGE_HOST_RPC_EXPORT Report {
    bool success = false;        // every process() succeeded and nothing stopped the run
    std::string stoppedBy;       // the stop rule's message, empty when the run was not stopped
    std::vector<Result> results; // in the order they ran
    std::size_t failed = 0;      // results with an error
    std::size_t skipped = 0;     // plug-ins not run: toggled off, or no compatible instance
};

// The plug-ins a host offers. Publisher::reset() takes a fresh copy of them.
class HOSTBRIDGE_HOST_RPC_EXPORT PluginRegistry {
public:
    // Throws std::invalid_argument for an empty or duplicate name, or unless exactly one of
    // processContext/processInstance is set. Any thread.
    void add(Plugin plugin);
    std::vector<Plugin> plugins() const;  // in the order added

private:
    mutable std::mutex m_mutex;
    std::vector<Plugin> m_plugins;
};

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
    Result process(const std::string& pluginId, const std::string& instanceId = {},
                   const std::string& actionId = {});
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
