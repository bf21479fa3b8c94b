#include "source_lines.hpp"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QPromise>
#include <QThreadPool>

#include <memory>

namespace hostbridge::ui {

std::optional<QString> readSourceLine(const QString& path, int line) {
    if (line < 1 || path.isEmpty() || !QDir::isAbsolutePath(path) || !QFileInfo(path).isFile()) return std::nullopt;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    qint64 scanned = 0;
    for (int number = 1; scanned < kMaxSourceBytes && !file.atEnd(); ++number) {
        // A line longer than what is shown is read in part; the rest is skipped below.
        QByteArray bytes = file.readLine(kMaxSourceLineChars * 4 + 1);
        scanned += bytes.size();
        if (bytes.contains('\0')) return std::nullopt;
        bool whole = bytes.endsWith('\n') || file.atEnd();
        while (!whole && scanned < kMaxSourceBytes) {  // the rest of a long line
            const QByteArray rest = file.readLine(64 * 1024);
            if (rest.isEmpty()) break;
            scanned += rest.size();
            whole = rest.endsWith('\n');
        }
        if (number < line) continue;
        QString text = QString::fromUtf8(bytes).trimmed();
        if (text.size() > kMaxSourceLineChars || !whole) {
            text.truncate(kMaxSourceLineChars);
            text += QStringLiteral("\u2026");
        }
        return text;
    }
    return std::nullopt;
}

QString SourceLines::lineAt(const QString& path, int line) {
    if (line < 1 || path.isEmpty()) return QString();
    const QString key = path + QLatin1Char(':') + QString::number(line);
    if (const auto it = m_lines.constFind(key); it != m_lines.cend()) return *it;
    if (m_pending.contains(key)) return QString();
    m_pending.insert(key);
    auto promise = std::make_shared<QPromise<QString>>();
    QFuture<QString> read = promise->future();
    QThreadPool::globalInstance()->start([promise, path, line] {
        promise->start();
        promise->addResult(readSourceLine(path, line).value_or(QString()));
        promise->finish();
    });
    // Runs on this object's thread, dropped if this object is gone by then; at once when the
    // read is already over, so arrived() is queued: a caller in the middle of building its page
    // from lineAt() must not be re-entered.
    read.then(this, [this, key](const QString& text) {
        m_pending.remove(key);
        if (m_lines.size() >= kMaxKept) m_lines.clear();
        m_lines.insert(key, text);
        QMetaObject::invokeMethod(this, &SourceLines::arrived, Qt::QueuedConnection);
    });
    return QString();
}

}  // namespace hostbridge::ui
