#pragma once
// InProcessHost: a HostConnection that dispatches into a hostbridge::MethodTable in this process,
// holding a small publishing service (protocol.md, "Host side"), so PublishController runs
// against a host without a network or a child process. Answers come queued on the GUI thread,
// as HostLink's do; calls made before a setTarget() are dropped, as HostLink drops them.
//
// Plug-ins (ids change on every reset, as "<name>-<generation>"):
//   CollectInstances  0    context  adds Bruce and Chair (model)
//   ValidateNaming    1    model    passes
//   ValidateNormals   1    model    fails on Chair until repaired; has a repair
//   ExtractModel      2    model    passes
//   IntegrateAsset    3    *        context plug-in, passes
// test() is pyblish's default stop rule. A test may change the scene from inside process()
// (onProcess: add, remove, relabel, switch off instances), give ValidateNaming actions, give
// plug-ins targets, and start each fresh context with a comment. emit applies "commented" and
// "instanceCommented" to the context's and the instances' data "comment", as a HostBridge host does.

#include <QObject>
#include <QStringList>

#include <functional>
#include <map>
#include <utility>
#include <vector>

#include <hostbridge/fault.hpp>
#include <hostbridge/method_table.hpp>

#include "host_connection.hpp"

namespace hostbridge::ui::testing {

class InProcessHost : public QObject, public HostConnection {
public:
    static constexpr int kPort = 4242;  // what the controller is told; nothing listens on it

    // An instance of the scene once collected (Bruce and Chair after each reset).
    struct SceneInstance {
        SceneInstance(std::string name_, std::string label_, bool publish_ = true)
            : name(std::move(name_)), label(std::move(label_)), publish(publish_) {}
        std::string name;
        std::string label;
        bool publish = true;
        std::string comment;   // data "comment" when not empty
        std::string category;  // data "category" when not empty
    };
    // Runs inside process() of plug-in `plugin` (its name) on `instance` (its name; "" for the
    // context), before the answer: it may change `scene` as a pyblish plug-in changes the context.
    std::function<void(const std::string& plugin, const std::string& instance, std::vector<SceneInstance>& scene)>
        onProcess;
    // ValidateNaming's actions (protocol.md, "Action"); none unless a test sets them.
    Array namingActions;
    // A plug-in's targets by its name; none sent (pyblish's default) unless a test sets them.
    std::map<std::string, Array> targetsOf;
    // The comment a fresh context starts with (a host that fills it in itself), and the
    // context's comment now.
    std::string initialComment;
    std::string contextComment;
    // Every emit, in order: signal and kwargs.
    std::vector<std::pair<std::string, Struct>> emits;
    std::vector<SceneInstance>& scene() { return m_scene; }

    InProcessHost() { bindService(); }

    void setTarget(int port, const std::string&) override {
        m_port = port;
        ++m_generation;
    }
    int port() const override { return m_port; }
    void call(const std::string& method, Array params, Callback done, std::chrono::milliseconds) override {
        const std::uint64_t generation = m_generation;
        const int port = m_port;
        QMetaObject::invokeMethod(
            this,
            [this, generation, port, method, params = std::move(params), done] {
            if (generation != m_generation) return;
            CallResult result =
                port > 0 ? dispatch(method, params) : CallResult(Fault(FaultCode::TransportError, "no host"));
            if (done) done(result);
            },
            Qt::QueuedConnection);
    }
    const CallTiming& lastCallTiming() const override { return m_timing; }

    // The methods called, in order; process and repair as "process:Plugin[:Instance]".
    const QStringList& calls() const { return m_calls; }
    QStringList processed() const { return m_calls.filter(QStringLiteral("process:")); }

private:
    CallResult dispatch(const std::string& method, const Array& params) {
        m_timing.sent = std::chrono::steady_clock::now();
        QString entry = QString::fromStdString(method);
        if ((method == "process" || method == "repair") && !params.empty()) {
            entry += QLatin1Char(':') + QString::fromStdString(nameOf(params[0]));
            if (params.size() > 1 && !params[1].isNil())
                entry += QLatin1Char(':') + QString::fromStdString(nameOf(params[1]));
        }
        m_calls << entry;
        try {
            CallResult result(m_table.call(method, params));
            m_timing.received = std::chrono::steady_clock::now();
            return result;
        } catch (const Fault& fault) {
            return CallResult(fault);
        }
    }

    static std::string nameOf(const Value& item) {
        const Value* name = item.type() == ValueType::Struct ? item.find("name") : nullptr;
        return name && name->type() == ValueType::String ? name->asString() : std::string();
    }
    std::string id(const std::string& name) const { return name + "-" + std::to_string(m_resets); }

    Value plugin(const std::string& name, double order, const std::string& family, const std::string& type,
                 bool context, bool repair) const {
        Struct out{{"name", name},
                   {"id", id(name)},
                   {"label", Value()},
                   {"version", Array{1, 0, 0}},
                   {"category", Value()},
                   {"requires", "pyblish>=1"},
                   {"order", order},
                   {"optional", false},
                   {"active", true},
                   {"hosts", Array{"*"}},
                   {"families", Array{family}},
                   {"doc", Value()},
                   {"path", "in_process_host.hpp"},
                   {"module", "in_process"},
                   {"type", type},
                   {"hasRepair", repair},
                   {"pre11", false},
                   {"contextEnabled", context},
                   {"instanceEnabled", !context},
                   {"process", Struct{{"args", Array{context ? "context" : "instance"}}}},
                   {"repair", Struct{{"args", Array{}}}},
                   {"actions", name == "ValidateNaming" ? namingActions : Array{}}};
        if (auto it = targetsOf.find(name); it != targetsOf.end()) out["targets"] = it->second;
        return out;
    }
    Value instance(const SceneInstance& i) const {
        Struct data{{"name", i.name},
                    {"label", i.label},
                    {"family", "model"},
                    {"families", Array{"model"}},
                    {"publish", i.publish}};
        if (!i.comment.empty()) data["comment"] = i.comment;
        if (!i.category.empty()) data["category"] = i.category;
        return Struct{{"name", i.name}, {"id", id(i.name)}, {"data", std::move(data)}, {"children", Array{}}};
    }
    Value context() const {
        Array children;
        if (m_collected)
            for (const SceneInstance& i : m_scene) children.push_back(instance(i));
        Struct data{{"host", "in-process"},
                    {"port", kPort},
                    {"user", "artist"},
                    {"connectTime", "2026-12-04T10:00:00Z"},
                    {"pyblishVersion", "1.8.0"}};
        if (!contextComment.empty()) data["comment"] = contextComment;
        return Struct{
            {"name", "Context"}, {"id", id("Context")}, {"data", std::move(data)}, {"children", std::move(children)}};
    }
    Value result(const Value& pluginValue, const Value& instanceValue, bool failed, const std::string& message) const {
        const Value error = failed ? Value(Struct{{"message", message},
                                                  {"fname", "validate_normals.py"},
                                                  {"line_number", 42},
                                                  {"func", "process"},
                                                  {"exc", "AssertionError"}})
                                   : Value();
        return Struct{{"success", !failed},
                      {"plugin", pluginValue},
                      {"instance", instanceValue},
                      {"error", error},
                      {"records", Array{Struct{{"name", "pyblish"},
                                               {"levelname", failed ? "ERROR" : "INFO"},
                                               {"levelno", failed ? 40 : 20},
                                               {"message", message},
                                               {"created", 0.0},
                                               {"lineno", 1}}}},
                      {"duration", 1.0}};
    }

    // Each method takes the call's parameters as they come, as a pyblish-rpc host reads them.
    template <typename F>
    void serve(const char* name, F handler) {
        m_table.bind(name, UntypedFunction{Handler(std::move(handler)), {}});
    }

    void bindService() {
        serve("stats", [this](const Array&) { return Value(Struct{{"totalRequestCount", m_calls.size()}}); });
        serve("reset", [this](const Array&) {
            ++m_resets;
            m_collected = m_repaired = false;
            m_scene = {{"Bruce", "Bruce"}, {"Chair", "Chair"}};
            contextComment = initialComment;
            return Value();
        });
        serve("context", [this](const Array&) { return context(); });
        serve("discover", [this](const Array&) {
            return Value(Array{plugin("CollectInstances", 0, "*", "Collector", true, false),
                               plugin("ValidateNaming", 1, "model", "Validator", false, false),
                               plugin("ValidateNormals", 1, "model", "Validator", false, true),
                               plugin("ExtractModel", 2, "model", "Extractor", false, false),
                               plugin("IntegrateAsset", 3, "*", "Integrator", true, false)});
        });
        serve("process", [this](const Array& params) {
            const std::string name = nameOf(params.at(0));
            const std::string on = params.size() > 1 ? nameOf(params[1]) : std::string();
            if (name == "CollectInstances") m_collected = true;
            if (onProcess) onProcess(name, on, m_scene);
            const bool failed = name == "ValidateNormals" && on == "Chair" && !m_repaired;
            return result(params[0], params.size() > 1 ? params[1] : Value(), failed,
                          failed ? "Chair has locked normals" : name + " done");
        });
        serve("repair", [this](const Array& params) {
            if (nameOf(params.at(0)) == "ValidateNormals") m_repaired = true;
            return result(params[0], params.size() > 1 ? params[1] : Value(), false, "repaired");
        });
        serve("test", [](const Array& params) {
            const Value& vars = params.at(0);
            const Value* next = vars.find("nextOrder");
            const Value* errors = vars.find("ordersWithError");
            bool validationFailed = false;
            if (errors && errors->type() == ValueType::Array)
                for (const Value& o : errors->asArray()) validationFailed |= o.asDouble() >= 1 && o.asDouble() < 2;
            return next && next->asDouble() >= 1.5 && validationFailed ? Value("failed validation") : Value();
        });
        serve("emit", [this](const Array& params) {
            const std::string signal = params.at(0).asString();
            const Struct kwargs = params.size() > 1 && !params[1].isNil() ? params[1].asStruct() : Struct{};
            emits.emplace_back(signal, kwargs);
            if (signal == "commented") contextComment = kwargs.at("comment").asString();
            if (signal == "instanceCommented")
                for (SceneInstance& i : m_scene)
                    if (id(i.name) == kwargs.at("instance").asString()) i.comment = kwargs.at("comment").asString();
            return Value();
        });
    }

    MethodTable m_table;
    int m_port = 0;
    std::uint64_t m_generation = 0;
    int m_resets = 0;
    bool m_collected = false;
    bool m_repaired = false;
    std::vector<SceneInstance> m_scene;
    QStringList m_calls;
    CallTiming m_timing;
};

}  // namespace hostbridge::ui::testing
