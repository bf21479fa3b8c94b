#include "python_publishing.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/stl.h>

#include "hostbridge/host_rpc/publishing.hpp"
#include "hostbridge/host_rpc/publishing_service.hpp"
#include "interpreter.hpp"
#include "python_function.hpp"
#include "python_host.hpp"
#include "values.hpp"

namespace hostbridge::python {

namespace {
using namespace hostbridge::publish;

// Whether the views of one plug-in call may still be used: false once the call has returned.
using CallAlive = std::shared_ptr<bool>;

void checkAlive(const CallAlive& alive) {
    if (!*alive)
        throw std::runtime_error(
            "a publishing view used after the plug-in call that gave it returned "
            "(keep ids or names across calls, not contexts or instances)");
}

// Context.data or Instance.data: the Struct as Python sees it, item by item.
py::object getItem(const Struct& data, const std::string& key) {
    auto found = data.find(key);
    if (found == data.end()) throw py::key_error(key);
    return toPython(found->second);
}

void delItem(Struct& data, const std::string& key) {
    if (data.erase(key) == 0) throw py::key_error(key);
}

std::vector<std::string> keysOf(const Struct& data) {
    std::vector<std::string> keys;
    keys.reserve(data.size());
    for (const auto& member : data) keys.push_back(member.first);
    return keys;
}

struct InstanceView {
    Instance* instance;
    CallAlive alive;
    Instance& get() const {
        checkAlive(alive);
        return *instance;
    }
    Struct& data() const { return get().data; }
};

struct ContextView {
    Context* context;
    CallAlive alive;
    Context& get() const {
        checkAlive(alive);
        return *context;
    }
    Struct& data() const { return get().data(); }
};

struct LoggerView {
    Logger* logger;
    CallAlive alive;
    Logger& get() const {
        checkAlive(alive);
        return *logger;
    }
};

// The hostbridge package's folder, with a trailing separator. GIL held.
const std::string& packageFolder() {
    static const std::string folder = [] {
        py::object path = py::module_::import("os.path");
        return py::str(path.attr("dirname")(py::module_::import("hostbridge").attr("__file__"))).cast<std::string>() +
               py::str(path.attr("sep")).cast<std::string>();
    }();
    return folder;
}

// A Python exception as the PublishError the Publisher turns into the Result's Error: the
// message (the type's name when it has none) and where it was raised, in the plug-in's code
// rather than the package's (a value data cannot take fails on the plug-in's line). GIL held.
PublishError publishErrorFor(const py::error_already_set& error) {
    std::string message = py::str(error.value()).cast<std::string>();
    if (message.empty()) message = py::str(error.type().attr("__qualname__")).cast<std::string>();
    const RaisedAt at = raisedAt(error.trace(), packageFolder());
    return PublishError(message, at.file, at.line, at.function);
}

// Calls `function(context, instance or None, log)` with the GIL taken and views valid for this
// call only. Throws PublishError for a Python exception.
void callPython(const SharedObject& function, Context& context, Instance* instance, Logger& log) {
    if (!interpreterUsable()) throw std::runtime_error("Python is exiting; the plug-in was not run");
    ThreadGil gil;
    auto alive = std::make_shared<bool>(true);
    struct Expire {
        CallAlive alive;
        ~Expire() { *alive = false; }
    } expire{alive};
    try {
        py::object instanceView = instance ? py::cast(InstanceView{instance, alive}) : py::none();
        (*function)(ContextView{&context, alive}, instanceView, LoggerView{&log, alive});
    } catch (const py::error_already_set& e) {
        throw publishErrorFor(e);
    }
}

ContextProcess contextProcess(py::object function) {
    return [function = share(std::move(function))](Context& context, Logger& log) {
        callPython(function, context, nullptr, log);
    };
}

InstanceProcess instanceProcess(py::object function) {
    return [function = share(std::move(function))](Context& context, Instance& instance, Logger& log) {
        callPython(function, context, &instance, log);
    };
}

// One Python action: (id, label, on, icon, description, type, process or None).
using ActionSpec = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string, py::object>;

void addPlugin(PluginRegistry& registry, std::string name, double order, bool forInstances, py::object process,
               std::string label, std::vector<std::string> families, std::vector<std::string> hosts,
               std::vector<std::string> targets, bool optional, bool active, std::string doc, py::object repair,
               std::vector<ActionSpec> actions) {
    Plugin plugin = forInstances ? Plugin::forInstance(std::move(name), order, instanceProcess(std::move(process)))
                                 : Plugin::forContext(std::move(name), order, contextProcess(std::move(process)));
    plugin.withLabel(std::move(label))
        .withFamilies(std::move(families))
        .withHosts(std::move(hosts))
        .withTargets(std::move(targets))
        .withOptional(optional)
        .withActive(active)
        .withDoc(std::move(doc));
    if (!repair.is_none()) {
        if (forInstances) plugin.withRepair(instanceProcess(std::move(repair)));
        else plugin.withRepair(contextProcess(std::move(repair)));
    }
    for (auto& [id, actionLabel, on, icon, description, type, actionProcess] : actions) {
        Action action{id, actionLabel, on, icon, description, type, {}};
        if (!actionProcess.is_none()) action.process = contextProcess(std::move(actionProcess));
        plugin.withAction(std::move(action));
    }
    registry.add(std::move(plugin));
}

PublisherOptions publisherOptions(std::string hostName, const py::dict& contextData) {
    PublisherOptions options;
    options.host = std::move(hostName);
    options.contextData = toValue(contextData).asStruct();
    return options;
}

// The Report as the package's Python Report is made from. GIL held.
py::dict reportToPython(const Report& report, Publisher& publisher) {
    py::dict out;
    out["success"] = report.success;
    out["stopped_by"] = report.stoppedBy;
    py::list results;
    for (const Result& result : report.results) results.append(toPython(resultToValue(result, publisher)));
    out["results"] = results;
    out["failed"] = report.failed;
    out["skipped"] = report.skipped;
    out["formatted"] = formatReport(report);
    return out;
}

// A PublishingService and its Publisher on a Python Host.
class Service {
public:
    Service(PythonHost& host, std::shared_ptr<PluginRegistry> registry, std::string hostName,
            const py::dict& contextData)
        : m_publisher(
              std::make_shared<Publisher>(std::move(registry), publisherOptions(std::move(hostName), contextData))),
          m_service(std::make_unique<PublishingService>(host.host(), m_publisher)) {}

    void onEmit(py::object callback) {
        m_service->onEmit([callback = share(std::move(callback))](const std::string& signal, const Struct& kwargs) {
            if (!interpreterUsable()) return;
            ThreadGil gil;
            try {
                (*callback)(signal, toPython(Value(kwargs)));
            } catch (py::error_already_set& e) {
                // The UI's emit still succeeds: a listener's bug is the host's to see, not the UI's.
                e.discard_as_unraisable("hostbridge.publish: an on_emit callback");
            }
        });
    }

    // Main thread (the Publisher's): the session since the last reset.
    py::dict report() { return reportToPython(m_publisher->sessionReport(), *m_publisher); }

private:
    std::shared_ptr<Publisher> m_publisher;
    std::unique_ptr<PublishingService> m_service;
};

py::dict publishHeadless(std::shared_ptr<PluginRegistry> registry, std::string hostName, const py::dict& contextData) {
    Publisher publisher(std::move(registry), publisherOptions(std::move(hostName), contextData));
    Report report;
    {
        py::gil_scoped_release released;
        report = publisher.publish();
    }
    return reportToPython(report, publisher);
}

template <typename View>
void bindData(py::class_<View>& view) {
    view.def("_get", [](const View& v, const std::string& key) { return getItem(v.data(), key); })
        .def(
            "_set",
            [](const View& v, const std::string& key, py::handle value) {
        Value converted = toValue(value);  // first: a value that does not convert leaves data as it was
        v.data()[key] = std::move(converted);
            })
        .def("_del", [](const View& v, const std::string& key) { delItem(v.data(), key); })
        .def("_has", [](const View& v, const std::string& key) { return v.data().count(key) > 0; })
        .def("_keys", [](const View& v) { return keysOf(v.data()); });
}
}  // namespace

void bindPublishing(py::module_& m) {
    py::class_<PluginRegistry, std::shared_ptr<PluginRegistry>>(m, "PluginRegistry",
                                                                "The plug-ins a service or publish() runs.")
        .def(py::init<>())
        .def("add", &addPlugin, py::arg("name"), py::arg("order"), py::arg("instance"), py::arg("process"),
             py::arg("label"), py::arg("families"), py::arg("hosts"), py::arg("targets"), py::arg("optional"),
             py::arg("active"), py::arg("doc"), py::arg("repair"), py::arg("actions"),
             "process/repair/action callables take (context, instance or None, log) views. ValueError for "
             "a name already added.");

    py::class_<ContextView> context(m, "ContextView", "The running plug-in's view of the C++ Context.");
    bindData(context);
    context.def_property_readonly("id", [](const ContextView& v) { return v.get().id(); })
        .def(
            "create_instance",
            [](const ContextView& v, const std::string& name, const std::string& family) {
        return InstanceView{&v.get().createInstance(name, family), v.alive};
            },
            py::arg("name"), py::arg("family"))
        .def("instances", [](const ContextView& v) {
            std::vector<InstanceView> views;
            for (const auto& instance : v.get().instances()) views.push_back({instance.get(), v.alive});
            return views;
        });

    py::class_<InstanceView> instance(m, "InstanceView", "The running plug-in's view of a C++ Instance.");
    instance.def_property_readonly("id", [](const InstanceView& v) { return v.get().id; })
        .def_property(
            "name", [](const InstanceView& v) { return v.get().name; },
            [](const InstanceView& v, std::string name) { v.get().name = std::move(name); })
        .def_property(
            "label", [](const InstanceView& v) { return v.get().label; },
            [](const InstanceView& v, std::string label) { v.get().label = std::move(label); })
        .def_property(
            "family", [](const InstanceView& v) { return v.get().family; },
            [](const InstanceView& v, std::string family) { v.get().family = std::move(family); })
        .def_property(
            "families", [](const InstanceView& v) { return v.get().families; },
            [](const InstanceView& v, std::vector<std::string> families) { v.get().families = std::move(families); })
        .def_property(
            "publish", [](const InstanceView& v) { return v.get().publish; },
            [](const InstanceView& v, bool publish) { v.get().publish = publish; });
    bindData(instance);

    py::class_<LoggerView>(m, "LoggerView", "The running plug-in's C++ Logger.")
        .def(
            "log",
            [](const LoggerView& v, int levelno, const std::string& message, int line) {
        v.get().log(logLevelOf(levelno), message, line);
            },
            py::arg("levelno"), py::arg("message"), py::arg("line"))
        .def(
            "progress",
            [](const LoggerView& v, int done, int total, const std::string& message) {
        v.get().progress(done, total, message);
            },
            py::arg("done"), py::arg("total"), py::arg("message"));

    py::class_<Service>(m, "PublishingService", "A PublishingService at /pyblish of a Host, before start().")
        .def(py::init<PythonHost&, std::shared_ptr<PluginRegistry>, std::string, const py::dict&>(), py::arg("host"),
             py::arg("registry"), py::arg("host_name"), py::arg("context_data"), py::keep_alive<1, 2>())
        .def("on_emit", &Service::onEmit, py::arg("callback"))
        .def("report", &Service::report);

    m.def("publish", &publishHeadless, py::arg("registry"), py::arg("host_name"), py::arg("context_data"),
          "Headless: every plug-in in order on a fresh context; the Report as a dict.");
}

}  // namespace hostbridge::python
