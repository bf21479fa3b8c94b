// readSourceLine: the line an error points at, bounded and safe (no FIFO, device, relative path
// or binary file read); SourceLines: the same read off the GUI thread, kept once read.

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <sys/stat.h>

#include "source_lines.hpp"

using namespace hostbridge::ui;

namespace {

// The line, or "(none)".
QString lineOf(const QString& path, int line) { return readSourceLine(path, line).value_or(QStringLiteral("(none)")); }
const QString kNone = QStringLiteral("(none)");

}  // namespace

class TestSourceLines : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const char* name, const QByteArray& bytes) {
        const QString path = m_dir.filePath(QLatin1String(name));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) qFatal("cannot write %s", name);
        return path;
    }

private slots:
    void readsTheLine() {
        const QString path = write("validate_normals.py",
                                   "import pyblish.api\n\nclass V:\n"
                                   "    def process(self, instance):\n"
                                   "        assert not locked, \"locked normals\"\n"
                                   "last line without a break");
        QCOMPARE(lineOf(path, 1), QString("import pyblish.api"));
        QCOMPARE(lineOf(path, 2), QString(""));                                       // an empty line is a line
        QCOMPARE(lineOf(path, 5), QString("assert not locked, \"locked normals\""));  // indentation off
        QCOMPARE(lineOf(path, 6), QString("last line without a break"));
        QCOMPARE(lineOf(path, 7), kNone);
        QCOMPARE(lineOf(path, 0), kNone);
        QCOMPARE(lineOf(path, -3), kNone);
    }

    void readsUtf8AndCrLf() {
        const QString path = write("crlf.py", "# caf\xc3\xa9\r\nx = 1\r\n");
        QCOMPARE(lineOf(path, 1), QString::fromUtf8("# caf\xc3\xa9"));
        QCOMPARE(lineOf(path, 2), QString("x = 1"));
    }

    void refusesWhatItMustNotRead() {
        QCOMPARE(lineOf(QString(), 1), kNone);
        QCOMPARE(lineOf(QStringLiteral("validate_normals.py"), 1), kNone);  // relative
        QCOMPARE(lineOf(m_dir.path(), 1), kNone);                           // a folder
        QCOMPARE(lineOf(m_dir.filePath("missing.py"), 1), kNone);
        QCOMPARE(lineOf(write("binary.so", QByteArray("\x7f"
                                                      "ELF\0\0\0\n",
                                                      8)),
                        1),
                 kNone);
        // A FIFO nobody writes to would block an open() for ever: it is never opened.
        const QString fifo = m_dir.filePath("fifo");
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QCOMPARE(lineOf(fifo, 1), kNone);
        QCOMPARE(lineOf(QStringLiteral("/dev/zero"), 1), kNone);
    }

    void boundsWhatItReads() {
        // A long line is cut, and the lines after it are still counted right.
        const QString path = write("long.py", QByteArray(5000, 'x') + "\nsecond\n");
        const auto first = readSourceLine(path, 1);
        QVERIFY(first);
        QCOMPARE(first->size(), kMaxSourceLineChars + 1);
        QVERIFY(first->endsWith(QChar(0x2026)));
        QCOMPARE(lineOf(path, 2), QString("second"));
        // A line past the bytes it scans is not looked for.
        QByteArray big;
        const QByteArray line(99, 'y');
        while (big.size() <= kMaxSourceBytes) big += line + '\n';
        const QString bigPath = write("big.py", big + "beyond\n");
        const int lines = static_cast<int>(big.size() / 100);
        QCOMPARE(lineOf(bigPath, 1), QString(line));
        QCOMPARE(lineOf(bigPath, lines + 1), kNone);
    }

    void readsOffTheGuiThreadAndKeepsTheLine() {
        const QString path = write("kept.py", "one\ntwo\n");
        SourceLines lines;
        QSignalSpy arrived(&lines, &SourceLines::arrived);
        QCOMPARE(lines.lineAt(path, 2), QString());  // being read
        QCOMPARE(lines.lineAt(path, 2), QString());  // once
        QTRY_COMPARE(arrived.count(), 1);
        QCOMPARE(lines.lineAt(path, 2), QString("two"));
        // Kept: the file changing does not change the line, nor read it again.
        write("kept.py", "uno\ndos\n");
        QCOMPARE(lines.lineAt(path, 2), QString("two"));
        QTest::qWait(50);
        QCOMPARE(arrived.count(), 1);
        // Unreadable: arrives once, empty.
        QCOMPARE(lines.lineAt(QStringLiteral("/nonexistent/x.py"), 3), QString());
        QTRY_COMPARE(arrived.count(), 2);
        QCOMPARE(lines.lineAt(QStringLiteral("/nonexistent/x.py"), 3), QString());
        QTest::qWait(50);
        QCOMPARE(arrived.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSourceLines)
#include "tst_source_lines.moc"
