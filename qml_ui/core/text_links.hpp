#pragma once
// TextLinks: a host's plain text (a plug-in's documentation, an error, a log record) made safe
// to show as Qt's StyledText with its web links clickable. Everything the host sent is escaped
// first, so its text never becomes markup by accident ("<b>", "<img src=...>" show as typed);
// only http:// and https:// addresses become links, and line breaks stay line breaks. The views
// use it through LinkLabel.qml, whose linkActivated opens the address (Qt.openUrlExternally).
//
// Threads: any (no state).

#include <QtQml/qqmlregistration.h>
#include <QObject>
#include <QString>

namespace hostbridge::ui {

// `plain` as StyledText: &, <, > and " escaped, line breaks as <br>, each http(s) address as
// <a href="...">...</a> (without the punctuation that ends a sentence after it). Empty when
// `plain` holds no address: the caller shows `plain` as plain text then, which costs less.
QString linkedHtml(const QString& plain);

// `plain` as StyledText that shows it as it is: &, <, > and " escaped, line breaks as <br>.
QString escapedHtml(QStringView plain);

class TextLinks : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    explicit TextLinks(QObject* parent = nullptr) : QObject(parent) {}

    // linkedHtml(plain), for the views.
    Q_INVOKABLE QString html(const QString& plain) const { return linkedHtml(plain); }
    // escapedHtml(plain): for a view that sets a host's text among markup of its own.
    Q_INVOKABLE QString escaped(const QString& plain) const { return escapedHtml(plain); }
};

}  // namespace hostbridge::ui
