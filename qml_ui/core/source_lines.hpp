#pragma once
// SourceLines: the line of source an error points at (a Result's fname and line_number), for
// the detail page. Read off the GUI thread (a plug-in's file may sit on a studio's network
// share), bounded, and kept, so a page that refreshes never reads again.
//
// Threads: a GUI-thread object; the files are read on QThreadPool threads and the lines arrive
// back on the GUI thread.

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

#include <optional>

namespace hostbridge::ui {

// Line `line` (from 1) of the regular file at the absolute `path`, without its line break and
// leading indentation, at most kMaxSourceLineChars characters (longer ones cut, with "..."). No
// line: not an absolute path to a regular file (a FIFO or a device would block the reader),
// unreadable, binary (a NUL byte), or the line lies past the first kMaxSourceBytes. Blocks on
// the file: never call it on the GUI thread.
std::optional<QString> readSourceLine(const QString& path, int line);
constexpr qint64 kMaxSourceBytes = 4 * 1024 * 1024;
constexpr int kMaxSourceLineChars = 300;

class SourceLines : public QObject {
    Q_OBJECT
public:
    explicit SourceLines(QObject* parent = nullptr) : QObject(parent) {}

    // The line when it has been read; empty while it is being read (arrived() follows) and when
    // there is none to show. The first request for a line starts reading it.
    QString lineAt(const QString& path, int line);

    static constexpr int kMaxKept = 256;  // lines kept; past that they are read again

signals:
    // A line asked for has been read (or found unreadable).
    void arrived();

private:
    QHash<QString, QString> m_lines;  // "path:line" -> the line; empty: none
    QSet<QString> m_pending;
};

}  // namespace hostbridge::ui
