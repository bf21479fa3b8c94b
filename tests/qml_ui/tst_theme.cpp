// Theme: both themes' contrast, computed as WCAG 2.1 does (data-driven: one row per theme and
// pair of colours the views draw one on the other), the palette that follows the theme, and the
// switch between them.

#include <QSignalSpy>
#include <QtTest>

#include "theme.hpp"

using namespace hostbridge::ui;

namespace {

using Role = QColor ThemeColors::*;

struct Pair {
    const char* foreground;
    Role fg;
    const char* background;
    Role bg;
};

// Body text: 4.5:1 (WCAG 1.4.3), on every background the views draw it on.
const Pair kTextPairs[] = {
    {"text", &ThemeColors::text, "window", &ThemeColors::window},
    {"text", &ThemeColors::text, "base", &ThemeColors::base},
    {"text", &ThemeColors::text, "alternateBase", &ThemeColors::alternateBase},
    {"text", &ThemeColors::text, "button", &ThemeColors::button},
    {"text", &ThemeColors::text, "sectionBackground", &ThemeColors::sectionBackground},
    {"text", &ThemeColors::text, "highlight", &ThemeColors::highlight},
    {"text", &ThemeColors::text, "noticeInfo", &ThemeColors::noticeInfo},
    {"text", &ThemeColors::text, "noticeWarning", &ThemeColors::noticeWarning},
    {"text", &ThemeColors::text, "noticeError", &ThemeColors::noticeError},
    {"highlightedText", &ThemeColors::highlightedText, "highlight", &ThemeColors::highlight},
    {"mutedText", &ThemeColors::mutedText, "window", &ThemeColors::window},
    {"mutedText", &ThemeColors::mutedText, "base", &ThemeColors::base},
    {"mutedText", &ThemeColors::mutedText, "alternateBase", &ThemeColors::alternateBase},
    {"mutedText", &ThemeColors::mutedText, "button", &ThemeColors::button},
    {"mutedText", &ThemeColors::mutedText, "sectionBackground", &ThemeColors::sectionBackground},
    {"mutedText", &ThemeColors::mutedText, "highlight", &ThemeColors::highlight},
    {"error", &ThemeColors::error, "window", &ThemeColors::window},
    {"error", &ThemeColors::error, "base", &ThemeColors::base},
    {"error", &ThemeColors::error, "alternateBase", &ThemeColors::alternateBase},
    {"warning", &ThemeColors::warning, "window", &ThemeColors::window},
    {"warning", &ThemeColors::warning, "base", &ThemeColors::base},
    {"warning", &ThemeColors::warning, "alternateBase", &ThemeColors::alternateBase},
    {"link", &ThemeColors::link, "window", &ThemeColors::window},
    {"link", &ThemeColors::link, "base", &ThemeColors::base},
    {"link", &ThemeColors::link, "alternateBase", &ThemeColors::alternateBase},
    {"processing", &ThemeColors::processing, "window", &ThemeColors::window},
    {"processing", &ThemeColors::processing, "base", &ThemeColors::base},
    {"markGlyph", &ThemeColors::markGlyph, "stateFailed", &ThemeColors::stateFailed},
};

// State marks and host dots: 3:1 for graphics that carry meaning (WCAG 1.4.11), on the lists
// (window, base) and the header pane (alternateBase, the current host's dot).
const Pair kMarkPairs[] = {
    {"stateIdle", &ThemeColors::stateIdle, "window", &ThemeColors::window},
    {"stateIdle", &ThemeColors::stateIdle, "alternateBase", &ThemeColors::alternateBase},
    {"stateProcessing", &ThemeColors::stateProcessing, "window", &ThemeColors::window},
    {"statePassed", &ThemeColors::statePassed, "window", &ThemeColors::window},
    {"statePassed", &ThemeColors::statePassed, "alternateBase", &ThemeColors::alternateBase},
    {"stateWarning", &ThemeColors::stateWarning, "window", &ThemeColors::window},
    {"stateWarning", &ThemeColors::stateWarning, "alternateBase", &ThemeColors::alternateBase},
    {"stateFailed", &ThemeColors::stateFailed, "window", &ThemeColors::window},
    {"stateFailed", &ThemeColors::stateFailed, "alternateBase", &ThemeColors::alternateBase},
};

}  // namespace

class TestTheme : public QObject {
    Q_OBJECT

private slots:
    void contrastRatioIsWcags() {
        QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(contrastRatio(Qt::white, Qt::black), 21.0);
        QCOMPARE(contrastRatio(QColor("#777777"), QColor("#777777")), 1.0);
        // WCAG's own example: #767676 on white is the lightest grey that passes 4.5:1.
        QVERIFY(contrastRatio(QColor("#767676"), Qt::white) >= 4.5);
        QVERIFY(contrastRatio(QColor("#777777"), Qt::white) < 4.5);
    }

    void pairsMeetTheirContrast_data() {
        QTest::addColumn<QColor>("foreground");
        QTest::addColumn<QColor>("background");
        QTest::addColumn<double>("least");
        for (const bool dark : {true, false}) {
            const ThemeColors& c = dark ? darkThemeColors() : lightThemeColors();
            const auto add = [&](const Pair& p, double least) {
                QTest::addRow("%s: %s on %s", dark ? "dark" : "light", p.foreground, p.background)
                    << c.*(p.fg) << c.*(p.bg) << least;
            };
            for (const Pair& p : kTextPairs) add(p, 4.5);
            for (const Pair& p : kMarkPairs) add(p, 3.0);
        }
    }

    void pairsMeetTheirContrast() {
        QFETCH(QColor, foreground);
        QFETCH(QColor, background);
        QFETCH(double, least);
        const double ratio = contrastRatio(foreground, background);
        QVERIFY2(ratio >= least, qPrintable(QStringLiteral("%1 on %2: %3:1, below %4:1")
                                                .arg(foreground.name(), background.name())
                                                .arg(ratio, 0, 'f', 2)
                                                .arg(least)));
    }

    void darkByDefaultAndSwitches() {
        Theme theme;
        QVERIFY(theme.dark());
        QCOMPARE(theme.window(), darkThemeColors().window);
        QVERIFY(theme.window().lightness() < 80);
        QSignalSpy changed(&theme, &Theme::changed);
        theme.setDark(false);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(theme.window(), lightThemeColors().window);
        QVERIFY(theme.window().lightness() > 200);
        theme.setDark(false);  // no change, no signal
        QCOMPARE(changed.count(), 1);
    }

    // Qt Quick Controls draw from the palette: it carries the theme's colours, disabled texts dimmed.
    void paletteFollowsTheTheme() {
        Theme theme;
        for (const bool dark : {true, false}) {
            theme.setDark(dark);
            const QPalette p = theme.palette();
            const ThemeColors& c = theme.colors();
            QCOMPARE(p.color(QPalette::Active, QPalette::Window), c.window);
            QCOMPARE(p.color(QPalette::Active, QPalette::WindowText), c.text);
            QCOMPARE(p.color(QPalette::Active, QPalette::Base), c.base);
            QCOMPARE(p.color(QPalette::Active, QPalette::Button), c.button);
            QCOMPARE(p.color(QPalette::Inactive, QPalette::ButtonText), c.text);
            QCOMPARE(p.color(QPalette::Active, QPalette::Highlight), c.highlight);
            QCOMPARE(p.color(QPalette::Active, QPalette::PlaceholderText), c.mutedText);
            QCOMPARE(p.color(QPalette::Disabled, QPalette::ButtonText), c.disabledText);
            QCOMPARE(p.color(QPalette::Disabled, QPalette::Window), c.window);
        }
    }
};

QTEST_GUILESS_MAIN(TestTheme)
#include "tst_theme.moc"
