#include "live_activity.hpp"

#include <algorithm>

namespace hostbridge::ui {
namespace {

std::string idOf(const Value& update, const char* key) {
    const Value* id = update.find(key);
    return id && id->type() == ValueType::String ? id->asString() : std::string();
}

int intOf(const Value& update, const char* key) {
    const Value* v = update.find(key);
    if (!v || (v->type() != ValueType::Int && v->type() != ValueType::Double)) return -1;
    return static_cast<int>(v->asDouble());
}

}  // namespace

LiveActivity::LiveActivity(QObject* parent) : QObject(parent) {
    m_lastingTimer.setSingleShot(true);
    m_lastingTimer.setInterval(kLastingAfter);
    connect(&m_lastingTimer, &QTimer::timeout, this, [this] {
        m_lasting = true;
        emit changed();
    });
}

void LiveActivity::begin(int hostPort, const std::string& pluginId, const std::string& instanceId,
                         const std::string& rowInstanceId) {
    m_active = true;
    m_lasting = false;
    m_lastingTimer.start();
    if (hostPort != m_hostPort) m_lastCall = 0;  // another host numbers its own calls
    m_hostPort = hostPort;
    m_pluginId = pluginId;
    m_instanceId = instanceId;
    m_rowInstanceId = rowInstanceId;
    m_shown.clear();
    m_done = m_total = 0;
    m_progressMessage.clear();
    m_lastRecord.clear();
    m_lines.clear();
    emit changed();
}

std::set<int> LiveActivity::end(std::int64_t resultCall) {
    m_lastCall = std::max(m_lastCall, resultCall);
    // Only this call's: late updates of an older call that broke off (a timeout) were shown
    // too, but under their own number.
    std::set<int> shown;
    if (const auto it = m_shown.find(resultCall); it != m_shown.end()) shown.swap(it->second);
    m_shown.clear();
    m_lastingTimer.stop();
    if (m_active) {
        m_active = false;
        m_lasting = false;
        emit changed();
    }
    return shown;
}

void LiveActivity::apply(int hostPort, const Array& updates) {
    if (!m_active || hostPort != m_hostPort) return;
    bool any = false;
    for (const Value& update : updates) {
        if (update.type() != ValueType::Struct) continue;  // a peer's mistake costs it the update, nothing more
        if (idOf(update, "plugin") != m_pluginId || idOf(update, "instance") != m_instanceId) continue;
        const Value* callValue = update.find("call");
        const std::int64_t call = callValue && callValue->type() == ValueType::Int ? callValue->asInt() : 0;
        if (call != 0 && call <= m_lastCall) continue;  // a late update of a call whose Result is in
        const Value* kind = update.find("kind");
        if (!kind || kind->type() != ValueType::String) continue;
        if (kind->asString() == "record") {
            const int index = intOf(update, "index");
            const Value* record = update.find("record");
            if (index < 0 || !record || record->type() != ValueType::Struct || !m_shown[call].insert(index).second)
                continue;
            const ResultRecord read = readResultRecord(*record);
            m_lastRecord = QString::fromStdString(read.message);
            m_lines.push_back(QString::fromStdString(read.levelName) + QLatin1Char(' ') + m_lastRecord);
            if (m_lines.size() > kMaxLines) m_lines.removeFirst();
            emit recordArrived(read);
            any = true;
        } else if (kind->asString() == "progress") {
            const int done = intOf(update, "done");
            const int total = intOf(update, "total");
            if (done < 0 || total < 0) continue;
            m_done = done;
            m_total = total;
            const Value* message = update.find("message");
            m_progressMessage = message && message->type() == ValueType::String
                                    ? QString::fromStdString(message->asString())
                                    : QString();
            any = true;
        }
    }
    if (any) emit changed();
}

QString LiveActivity::text() const {
    if (!m_active) return {};
    if (m_total > 0) {
        const QString count = QStringLiteral("%1 / %2").arg(m_done).arg(m_total);
        return m_progressMessage.isEmpty() ? count : count + QLatin1Char(' ') + m_progressMessage;
    }
    return m_progressMessage.isEmpty() ? m_lastRecord : m_progressMessage;
}

}  // namespace hostbridge::ui
