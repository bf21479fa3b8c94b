#pragma once
// StandInHost: tests/qml_ui/pyblish_stand_in_host.py as a child process, for the QtTest units
// that need a real pyblish host. Its call log (one JSON line per call) is the evidence.
// Needs HOSTBRIDGE_PYTHON and STAND_IN_HOST defined by CMake.

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

constexpr int kWaitMs = 20000;  // every wait is bounded

// The port a started server process announces on its first stdout line ("Port:NNNN"); 0 when
// none comes within kWaitMs.
inline int readAnnouncedPort(QProcess& process) {
    if (!process.waitForStarted(kWaitMs)) return 0;
    QDeadlineTimer deadline(kWaitMs);
    QByteArray out;
    while (!deadline.hasExpired() && !out.contains('\n')) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
    }
    return out.startsWith("Port:") ? out.mid(5).trimmed().toInt() : 0;
}

// The stand-in host as a child process; stopped (stdin closed, then SIGTERM, then SIGKILL) on
// destruction.
class StandInHost {
public:
    explicit StandInHost(const QStringList& extra = {}) {
        m_log = m_dir.filePath(QStringLiteral("calls.jsonl"));
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(HOSTBRIDGE_PYTHON),
                        QStringList{QStringLiteral(STAND_IN_HOST), QStringLiteral("--port"), QStringLiteral("0"),
                                    QStringLiteral("--log"), m_log} +
                            extra);
        m_port = readAnnouncedPort(m_process);
    }
    ~StandInHost() {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(3000)) {
            m_process.terminate();
            if (!m_process.waitForFinished(3000)) m_process.kill(), m_process.waitForFinished(3000);
        }
    }
    int port() const { return m_port; }

    QList<QJsonObject> calls() const {
        QList<QJsonObject> out;
        QFile file(m_log);
        if (!file.open(QIODevice::ReadOnly)) return out;
        for (const QByteArray& line : file.readAll().split('\n'))
            if (!line.trimmed().isEmpty()) out.push_back(QJsonDocument::fromJson(line).object());
        return out;
    }
    QStringList methods() const {
        QStringList out;
        for (const auto& c : calls()) out << c.value("method").toString();
        return out;
    }
    // "process:<plugin name>[:<instance name>]" for every process call, in order.
    QStringList processed() const {
        QStringList out;
        for (const auto& c : calls()) {
            if (c.value("method").toString() != QLatin1String("process")) continue;
            const QJsonArray p = c.value("params").toArray();
            QString entry = p.at(0).toObject().value("name").toString();
            if (p.size() > 1 && p.at(1).isObject()) entry += ":" + p.at(1).toObject().value("name").toString();
            out << entry;
        }
        return out;
    }
    QList<QJsonObject> callsOf(const QString& method) const {
        QList<QJsonObject> out;
        for (const auto& c : calls())
            if (c.value("method").toString() == method) out << c;
        return out;
    }

private:
    QTemporaryDir m_dir;
    QString m_log;
    QProcess m_process;
    int m_port = 0;
};
