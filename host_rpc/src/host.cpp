#include "hostbridge/host_rpc/host.hpp"
#include "host_internals.hpp"
#include "hostbridge/host_rpc/ui_link.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

#include "hostbridge/connection_file.hpp"
#include "hostbridge/protocol.hpp"
#include "hostbridge/server.hpp"
#include "hostbridge/token.hpp"

namespace hostbridge {

namespace {
std::shared_ptr<Executor> checkedExecutor(std::shared_ptr<Executor> executor) {
    if (!executor) throw std::invalid_argument("Host needs an executor for its main thread");
    return executor;
}
}  // namespace

Host::State::State(std::shared_ptr<Executor> executor, HostOptions hostOptions)
    : options(std::move(hostOptions)), methods(std::make_shared<MethodTable>()),
      mainThreadQueue(checkedExecutor(std::move(executor)), options.mainThreadTimeout) {
    // One token for the Host's lifetime: a restart keeps what peers and files already know.
    if (options.token.empty()) options.token = generateToken();
    methods->setIntrospection(options.introspection);
    if (options.clientHeartbeatInterval.count() <= 0)
        throw std::invalid_argument("HostOptions::clientHeartbeatInterval must be positive");
    clients = std::make_unique<detail::HostClients>(options.clientHeartbeatInterval);
    // A UI that this host's link keeps alive would be launched again once it quits: asked to
    // disconnect, it is quit through the link, which then stops keeping it alive.
    clients->onDisconnect = [slot = std::weak_ptr<UiSlot>(ui)](int pid) {
        const std::shared_ptr<UiSlot> held = slot.lock();
        std::shared_ptr<UiLink> link;
        if (held) {
            std::lock_guard lock(held->mutex);
            link = held->link;
        }
        if (link && link->status().uiPid == pid) link->quit();
    };
    detail::bindClientMethods(*methods, *clients);
}

Host::Host(std::shared_ptr<Executor> executor, HostOptions options)
    : m_state(std::make_unique<State>(std::move(executor), std::move(options))) {
    // On a connection thread, never the main thread: liveness must not depend on it.
    m_state->methods->bind(
        "ping",
        [] {
        return Struct{{"message", "HostBridge host is alive"}};
        },
        "ping(): {message}. Answers on a server thread, also while the main thread is busy.");
}

Host::~Host() { stop(); }

namespace {
void checkPath(const std::string& path) {
    if (path.empty() || path[0] != '/') throw std::invalid_argument("a path starts with '/': '" + path + "'");
}
bool isRoot(const std::string& path) { return path == protocol::kRootPath || path == protocol::kRpc2Path; }
}  // namespace

std::shared_ptr<MethodTable> Host::State::tableAt(const std::string& path) {
    checkPath(path);
    if (isRoot(path)) return methods;
    std::lock_guard lock(pathsMutex);
    auto& table = extraPaths[path];
    if (!table) {
        table = std::make_shared<MethodTable>();
        table->setIntrospection(options.introspection);
    }
    return table;
}

std::shared_ptr<MethodTable> Host::State::findTable(const std::string& path) const {
    checkPath(path);
    if (isRoot(path)) return methods;
    std::lock_guard lock(pathsMutex);
    const auto it = extraPaths.find(path);
    return it == extraPaths.end() ? nullptr : it->second;
}

void Host::bindUntyped(const std::string& name, UntypedFunction function, std::string help, BindOptions options) {
    if (options.thread == Thread::Main)
        function.handler = m_state->mainThreadQueue.wrap(name, std::move(function.handler));
    m_state->tableAt(options.path)->bind(name, std::move(function), std::move(help));
}

bool Host::unbind(const std::string& name, const std::string& path) {
    const std::shared_ptr<MethodTable> table = m_state->findTable(path);
    return table && table->unbind(name);
}

std::vector<std::string> Host::methodNames(const std::string& path) const {
    const std::shared_ptr<MethodTable> table = m_state->findTable(path);
    return table ? table->methodNames() : std::vector<std::string>();
}

Value Host::call(const std::string& name, const Array& params, const std::string& path) const {
    const std::shared_ptr<MethodTable> table = m_state->findTable(path);
    if (!table) throw Fault(FaultCode::MethodNotFound, "nothing is served at '" + path + "'");
    return table->call(name, params);
}

void Host::setMainThreadTimeout(std::chrono::milliseconds timeout) { m_state->mainThreadQueue.setTimeout(timeout); }

void Host::start() {
    std::lock_guard lock(m_state->lifecycle);
    if (m_state->serving) return;
    ServerOptions options;
    options.port = m_state->options.port;
    options.token = m_state->options.token;
    options.log = m_state->options.log;
    if (m_state->options.writeConnectionFile)
        options.socketPath = [](std::uint16_t port) { return socketPathFor(protocol::kHostKind, port); };
    auto serving = std::make_unique<State::Serving>();
    serving->server = std::make_unique<Server>(std::move(options));
    serving->server->route(protocol::kRootPath, m_state->methods);
    serving->server->route(protocol::kRpc2Path, m_state->methods);
    {
        std::lock_guard pathsLock(m_state->pathsMutex);
        for (const auto& [path, table] : m_state->extraPaths) serving->server->route(path, table);
    }
    m_state->mainThreadQueue.reopen();
    serving->server->start();
    if (m_state->options.writeConnectionFile) {
        try {
            serving->connectionFile =
                std::make_unique<ConnectionFile>(protocol::kHostKind, serving->server->port(), serving->server->token(),
                                                 serving->server->url(), serving->server->socketPath());
        } catch (...) {
            // A host nobody can find is not serving as documented: stop rather than half-run.
            m_state->mainThreadQueue.shutdown();
            serving->server->stop();
            throw;
        }
    }
    {
        std::lock_guard infoLock(m_state->infoMutex);
        m_state->info.port = serving->server->port();
        m_state->info.connectionFilePath = serving->connectionFile ? serving->connectionFile->path() : std::string();
        m_state->info.socketPath = serving->server->socketPath();
    }
    std::lock_guard uiLock(m_state->ui->mutex);
    m_state->ui->port = serving->server->port();
    m_state->serving = std::move(serving);
}

UiLink& Host::linkUi(UiLinkOptions options) {
    const std::uint16_t bound = [this] {
        std::lock_guard lock(m_state->ui->mutex);
        return m_state->ui->port;
    }();
    if (bound == 0) throw std::logic_error("Host::linkUi: the host is not serving; call start() first");
    if (!options.log) options.log = m_state->options.log;
    auto link = std::make_shared<UiLink>(bound, token(), std::move(options));
    std::shared_ptr<UiLink> old;
    bool installed = false;
    {
        std::lock_guard lock(m_state->ui->mutex);
        if (m_state->ui->port == bound) {
            old = std::exchange(m_state->ui->link, link);
            installed = true;
        }
    }
    // Outside the lock: stopping joins the link's threads, and pushes (which take the lock
    // briefly on a plug-in's thread) must never wait for that.
    if (!installed) {
        link->stop();
        throw std::logic_error("Host::linkUi: the host stopped while the link was being made");
    }
    if (old) old->stop();
    return *link;
}

std::shared_ptr<UiLink> Host::uiLink() const {
    std::lock_guard lock(m_state->ui->mutex);
    return m_state->ui->link;
}

void Host::stop() {
    // Heartbeats end first: the UI learns the host is gone when they stop. The link is
    // stopped outside the slot's lock, as in linkUi(). Clearing the slot's port first means no
    // link made from here on is installed.
    std::shared_ptr<UiLink> link;
    {
        std::lock_guard lock(m_state->ui->mutex);
        m_state->ui->port = 0;
        link = m_state->ui->link;  // kept, stopped: linkUi() handed out a reference to it
    }
    if (link) link->stop();
    std::lock_guard lock(m_state->lifecycle);
    if (!m_state->serving) return;
    // First release every connection thread that waits for the main thread (which may be this
    // very thread), then join them.
    m_state->mainThreadQueue.shutdown();
    m_state->clients->caller.stop();  // commands not sent yet wait for the clients' heartbeats
    {
        std::lock_guard infoLock(m_state->infoMutex);
        m_state->info = State::Info();
    }
    m_state->serving->server->stop();
    if (m_state->serving->connectionFile) m_state->serving->connectionFile->remove();
    m_state->serving.reset();
}

// The queries read a snapshot under their own short lock, never m_state->lifecycle: stop() holds
// that while it joins connection threads, and a method asking for port() must not wait for it.
bool Host::running() const {
    std::lock_guard lock(m_state->infoMutex);
    return m_state->info.port != 0;
}

std::uint16_t Host::port() const {
    std::lock_guard lock(m_state->infoMutex);
    return m_state->info.port;
}

const std::string& Host::token() const { return m_state->options.token; }

std::string Host::url(const std::string& path) const {
    std::lock_guard lock(m_state->infoMutex);
    return m_state->info.port != 0 ? "http://127.0.0.1:" + std::to_string(m_state->info.port) + path : std::string();
}

std::string Host::connectionFilePath() const {
    std::lock_guard lock(m_state->infoMutex);
    return m_state->info.connectionFilePath;
}

std::string Host::socketPath() const {
    std::lock_guard lock(m_state->infoMutex);
    return m_state->info.socketPath;
}

}  // namespace hostbridge
