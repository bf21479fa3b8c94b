#pragma once
// Theme: every colour the views use, dark (the default: Maya, Houdini, Nuke and Blender are dark)
// or light, so no view holds a colour of its own. The views read it as the QML singleton
// `Theme` (HostBridge.Core); main() switches it from --theme and show's `Theme` setting
// (WindowController::darkTheme) and hands palette() to the application, so Qt Quick Controls
// (buttons, fields, menus, popups) draw in the same colours.
//
// Both themes meet WCAG 2.1 contrast: body text >= 4.5:1 on every background it is drawn on,
// state marks >= 3:1 (tests/qml_ui/tst_theme.cpp computes every pair).
//
// Threads: a GUI-thread object (the QML engine creates it).

#include <QtQml/qqmlregistration.h>
#include <QColor>
#include <QObject>
#include <QPalette>

namespace hostbridge::ui {

// The WCAG 2.1 contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);

// One theme's colours. Texts: `text` and `mutedText` (secondary lines) on any background below;
// `error`, `warning`, `link`, `processing` as text on window, base and alternateBase. Marks (a
// row's state, a host's dot) are drawn in the state* colours, `markGlyph` on stateFailed.
struct ThemeColors {
    QColor window, base, alternateBase, button, sectionBackground, highlight, border;
    QColor text, mutedText, disabledText, highlightedText;
    QColor link, error, warning, processing;
    QColor stateIdle, stateProcessing, statePassed, stateWarning, stateFailed, markGlyph;
    QColor noticeInfo, noticeWarning, noticeError;  // a notice's background, by level
};

const ThemeColors& darkThemeColors();
const ThemeColors& lightThemeColors();

class Theme : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool dark READ dark WRITE setDark NOTIFY changed)
    Q_PROPERTY(QColor window READ window NOTIFY changed)
    Q_PROPERTY(QColor base READ base NOTIFY changed)
    Q_PROPERTY(QColor alternateBase READ alternateBase NOTIFY changed)
    Q_PROPERTY(QColor button READ button NOTIFY changed)
    Q_PROPERTY(QColor sectionBackground READ sectionBackground NOTIFY changed)
    Q_PROPERTY(QColor highlight READ highlight NOTIFY changed)
    Q_PROPERTY(QColor border READ border NOTIFY changed)
    Q_PROPERTY(QColor text READ text NOTIFY changed)
    Q_PROPERTY(QColor mutedText READ mutedText NOTIFY changed)
    Q_PROPERTY(QColor highlightedText READ highlightedText NOTIFY changed)
    Q_PROPERTY(QColor link READ link NOTIFY changed)
    Q_PROPERTY(QColor error READ error NOTIFY changed)
    Q_PROPERTY(QColor warning READ warning NOTIFY changed)
    Q_PROPERTY(QColor processing READ processing NOTIFY changed)
    Q_PROPERTY(QColor stateIdle READ stateIdle NOTIFY changed)
    Q_PROPERTY(QColor stateProcessing READ stateProcessing NOTIFY changed)
    Q_PROPERTY(QColor statePassed READ statePassed NOTIFY changed)
    Q_PROPERTY(QColor stateWarning READ stateWarning NOTIFY changed)
    Q_PROPERTY(QColor stateFailed READ stateFailed NOTIFY changed)
    Q_PROPERTY(QColor markGlyph READ markGlyph NOTIFY changed)
    Q_PROPERTY(QColor noticeInfo READ noticeInfo NOTIFY changed)
    Q_PROPERTY(QColor noticeWarning READ noticeWarning NOTIFY changed)
    Q_PROPERTY(QColor noticeError READ noticeError NOTIFY changed)

public:
    explicit Theme(QObject* parent = nullptr);

    bool dark() const { return m_dark; }
    void setDark(bool dark);
    const ThemeColors& colors() const { return m_dark ? darkThemeColors() : lightThemeColors(); }
    // The same colours as a palette for Qt Quick Controls (disabled texts dimmed).
    QPalette palette() const;

    QColor window() const { return colors().window; }
    QColor base() const { return colors().base; }
    QColor alternateBase() const { return colors().alternateBase; }
    QColor button() const { return colors().button; }
    QColor sectionBackground() const { return colors().sectionBackground; }
    QColor highlight() const { return colors().highlight; }
    QColor border() const { return colors().border; }
    QColor text() const { return colors().text; }
    QColor mutedText() const { return colors().mutedText; }
    QColor highlightedText() const { return colors().highlightedText; }
    QColor link() const { return colors().link; }
    QColor error() const { return colors().error; }
    QColor warning() const { return colors().warning; }
    QColor processing() const { return colors().processing; }
    QColor stateIdle() const { return colors().stateIdle; }
    QColor stateProcessing() const { return colors().stateProcessing; }
    QColor statePassed() const { return colors().statePassed; }
    QColor stateWarning() const { return colors().stateWarning; }
    QColor stateFailed() const { return colors().stateFailed; }
    QColor markGlyph() const { return colors().markGlyph; }
    QColor noticeInfo() const { return colors().noticeInfo; }
    QColor noticeWarning() const { return colors().noticeWarning; }
    QColor noticeError() const { return colors().noticeError; }

signals:
    void changed();

private:
    bool m_dark = true;
};

}  // namespace hostbridge::ui
