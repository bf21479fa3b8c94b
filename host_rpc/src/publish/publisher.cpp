#include "hostbridge/host_rpc/publish/publisher.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <map>
#include <sstream>
#include <typeinfo>

#if defined(__GNUC__) || defined(__clang__)
#include <cxxabi.h>
#endif

namespace hostbridge::publish {

namespace {

std::string isoUtcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
#if defined(_WIN32)
    gmtime_s(&utc, &now);
#else
    gmtime_r(&now, &utc);
#endif
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string userName() {
    for (const char* name : {"USER", "USERNAME", "LOGNAME"})
        if (const char* value = std::getenv(name); value && *value) return value;
    return "unknown";
}

std::string typeName(const std::type_info& type) {
#if defined(__GNUC__) || defined(__clang__)
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> demangled(abi::__cxa_demangle(type.name(), nullptr, nullptr, &status),
                                                     std::free);
    if (status == 0 && demangled) return demangled.get();
#endif
    return type.name();
}

// The exception in flight as an Error; call from a catch block only.
Error currentError() {
    Error error;
    try {
        throw;
    } catch (const PublishError& e) {
        error.message = e.what();
        error.file = e.file();
        error.line = e.line();
        error.function = e.function();
        error.exception = typeName(typeid(e)) + ": " + e.what();
    } catch (const std::exception& e) {
        error.message = e.what();
        error.exception = typeName(typeid(e)) + ": " + e.what();
    } catch (...) {
        error.message = "unknown exception";
        error.exception = "unknown exception (not derived from std::exception)";
    }
    return error;
}

}  // namespace

std::optional<std::string> defaultTest(double nextOrder, const std::vector<double>& ordersWithError) {
    const bool validatorFailed = std::any_of(ordersWithError.begin(), ordersWithError.end(),
                                             [](double order) { return order >= 1 && order < 2; });
    if (nextOrder >= 1.5 && validatorFailed) return std::string("failed validation");
    return std::nullopt;
}

Publisher::Publisher(std::shared_ptr<const PluginRegistry> registry, PublisherOptions options)
    : m_registry(std::move(registry)), m_options(std::move(options)), m_test(defaultTest) {
    if (!m_registry) throw std::invalid_argument("Publisher needs a plug-in registry");
    reset();
}

std::string Publisher::nextId(const char* kind) {
    // Opaque to peers; the generation makes every id of a session differ from the last one's.
    return std::string(kind) + "-" + std::to_string(m_generation) + "-" + std::to_string(++m_counter);
}

void Publisher::reset() {
    ++m_generation;
    m_counter = 0;
    Struct data{{"host", m_options.host}, {"user", userName()}, {"connectTime", isoUtcNow()}};
    for (const auto& [key, value] : m_options.contextData) data[key] = value;
    m_context = std::make_unique<Context>(nextId("context"), std::move(data));
    m_context->m_nextInstanceId = [this] { return nextId("instance"); };

    m_plugins.clear();
    for (Plugin& plugin : m_registry->plugins()) {
        const auto& hosts = plugin.hosts();
        if (std::find(hosts.begin(), hosts.end(), "*") == hosts.end() &&
            std::find(hosts.begin(), hosts.end(), m_options.host) == hosts.end())
            continue;
        plugin.m_id = nextId("plugin");
        m_plugins.push_back(std::move(plugin));
    }
    std::stable_sort(m_plugins.begin(), m_plugins.end(),
                     [](const Plugin& a, const Plugin& b) { return a.order() < b.order(); });
    m_results.clear();
}

Context& Publisher::context() { return *m_context; }

const Plugin* Publisher::findPlugin(const std::string& pluginId) const {
    for (const Plugin& plugin : m_plugins)
        if (plugin.id() == pluginId) return &plugin;
    return nullptr;
}

Result Publisher::run(const Plugin& plugin, Instance* instance, const Action* action, bool repair) {
    Result result;
    result.pluginId = plugin.id();
    result.pluginName = plugin.name();
    result.order = plugin.order();
    result.repair = repair;
    if (instance) {
        result.instanceId = instance->id;
        result.instanceName = instance->name;
    }
    if (action) result.actionId = action->id;
    result.call = ++m_runs;
    Logger log(plugin.name(), m_liveListener, plugin.id(), instance ? instance->id : std::string(), result.call);
    const Plugin::Process& callable = repair ? plugin.m_repair : plugin.m_process;
    const auto start = std::chrono::steady_clock::now();
    try {
        if (action) {
            if (action->process) action->process(*m_context, log);
        } else if (const auto* onContext = std::get_if<ContextProcess>(&callable)) {
            (*onContext)(*m_context, log);
        } else if (!instance) {
            throw std::invalid_argument("'" + plugin.name() + "' processes instances, and none was given");
        } else {
            std::get<InstanceProcess>(callable)(*m_context, *instance, log);
        }
    } catch (...) {
        result.success = false;
        result.error = currentError();
        log.error(result.error->message, 0);  // as pyblish logs a failure into the result's records
    }
    result.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    result.records = log.records();
    m_results.push_back(result);
    return result;
}

Result Publisher::process(const std::string& pluginId, const std::string& instanceId, const std::string& actionId) {
    const Plugin* plugin = findPlugin(pluginId);
    if (!plugin) throw UnknownId("no plug-in '" + pluginId + "' in this session (ids change on reset)");
    Instance* instance = nullptr;
    if (!instanceId.empty() && !(instance = m_context->find(instanceId)))
        throw UnknownId("no instance '" + instanceId + "' in this session (ids change on reset)");
    const Action* action = nullptr;
    if (!actionId.empty()) {
        for (const Action& candidate : plugin->actions())
            if (candidate.id == actionId) action = &candidate;
        if (!action) throw UnknownId("plug-in '" + plugin->name() + "' has no action '" + actionId + "'");
    }
    // Copy: a plug-in may not reach m_plugins, but a later reset() from a callback would free it.
    const Plugin copy = *plugin;
    return run(copy, instance, action, false);
}

Result Publisher::repair(const std::string& pluginId, const std::string& instanceId) {
    const Plugin* plugin = findPlugin(pluginId);
    if (!plugin) throw UnknownId("no plug-in '" + pluginId + "' in this session (ids change on reset)");
    if (!plugin->hasRepair()) throw std::invalid_argument("plug-in '" + plugin->name() + "' has no repair");
    Instance* instance = nullptr;
    if (!instanceId.empty() && !(instance = m_context->find(instanceId)))
        throw UnknownId("no instance '" + instanceId + "' in this session (ids change on reset)");
    const Plugin copy = *plugin;
    return run(copy, instance, nullptr, true);
}

std::optional<std::string> Publisher::test(double nextOrder, const std::vector<double>& ordersWithError) const {
    return m_test(nextOrder, ordersWithError);
}

void Publisher::setTest(TestRule rule) { m_test = rule ? std::move(rule) : TestRule(defaultTest); }

std::vector<double> Publisher::ordersWithError() const {
    std::vector<double> orders;
    for (const Result& result : m_results)
        if (!result.success && !result.repair && result.actionId.empty()) orders.push_back(result.order);
    std::sort(orders.begin(), orders.end());
    orders.erase(std::unique(orders.begin(), orders.end()), orders.end());
    return orders;
}

bool Publisher::setInstancePublish(const std::string& instanceId, bool publish) {
    Instance* instance = m_context->find(instanceId);
    if (!instance) return false;
    instance->publish = publish;
    return true;
}

bool Publisher::setPluginActive(const std::string& pluginId, bool active) {
    for (Plugin& plugin : m_plugins)
        if (plugin.id() == pluginId) {
            plugin.m_active = active;
            return true;
        }
    return false;
}

Report Publisher::publish() {
    reset();
    Report report;
    const std::vector<Plugin> plugins = m_plugins;  // the run's own copy: callbacks cannot pull it away
    for (const Plugin& plugin : plugins) {
        // As the pyblish UI does: ask before each plug-in whether to go on.
        if (auto stop = test(plugin.order(), ordersWithError())) {
            report.stoppedBy = *stop;
            break;
        }
        if (!plugin.isActive()) {
            ++report.skipped;
            continue;
        }
        if (!plugin.processesInstances()) {
            report.results.push_back(run(plugin, nullptr, nullptr, false));
            continue;
        }
        // Ids, not pointers: a plug-in may add instances while this loop runs.
        std::vector<std::string> compatible;
        for (const auto& instance : m_context->instances())
            if (instance->publish && familiesMatch(plugin, *instance)) compatible.push_back(instance->id);
        if (compatible.empty()) ++report.skipped;
        for (const std::string& id : compatible)
            if (Instance* instance = m_context->find(id))
                report.results.push_back(run(plugin, instance, nullptr, false));
    }
    for (const Result& result : report.results)
        if (!result.success) ++report.failed;
    report.success = report.failed == 0 && report.stoppedBy.empty();
    return report;
}

Report Publisher::sessionReport() const {
    Report report;
    report.results = m_results;
    std::map<std::pair<std::string, std::string>, bool> latest;  // (plug-in, instance) -> succeeded
    bool integrated = false;
    for (const Result& result : m_results) {
        if (result.repair || !result.actionId.empty()) continue;
        latest[{result.pluginId, result.instanceId}] = result.success;
        integrated |= result.success && result.order >= 3;
    }
    for (const auto& [pair, succeeded] : latest)
        if (!succeeded) ++report.failed;
    report.success = report.failed == 0 && integrated;
    return report;
}

std::string formatReport(const Report& report) {
    std::ostringstream out;
    for (const Result& result : report.results) {
        out << (result.success ? "  ok    " : "  FAIL  ");
        if (result.repair) out << "repair of ";
        if (!result.actionId.empty()) out << "action " << result.actionId << " of ";
        out << result.pluginName;
        if (!result.instanceName.empty()) out << " on " << result.instanceName;
        out << " (" << std::lround(result.durationMs * 1000) / 1000.0 << " ms)";
        if (result.error) {
            out << ": " << result.error->message;
            if (!result.error->file.empty()) out << " [" << result.error->file << ":" << result.error->line << "]";
        }
        out << "\n";
    }
    out << (report.success ? "PUBLISHED" : "FAILED") << ": " << report.results.size() << " results, " << report.failed
        << " failed, " << report.skipped << " skipped";
    if (!report.stoppedBy.empty()) out << "; stopped: " << report.stoppedBy;
    out << "\n";
    return out.str();
}

}  // namespace hostbridge::publish
