#include "theme.hpp"

#include <algorithm>
#include <cmath>

namespace hostbridge::ui {
namespace {

// WCAG 2.1's relative luminance: sRGB channels made linear, weighted by the eye's sensitivity.
double luminance(const QColor& c) {
    const auto linear = [](double channel) {
        return channel <= 0.03928 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = c.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

QColor hex(const char* name) { return QColor(QLatin1String(name)); }

// Greys near a DCC's own (Maya's panels are about #444, Blender's #303030), so the window does
// not glare beside them; colours lightened until they read on those greys.
ThemeColors makeDark() {
    ThemeColors c;
    c.window = hex("#2b2b2b");
    c.base = hex("#1d1d1d");
    c.alternateBase = hex("#333333");
    c.button = hex("#3c3c3c");
    c.sectionBackground = hex("#383838");
    c.highlight = hex("#1f4466");
    c.border = hex("#4a4a4a");
    c.text = hex("#dcdcdc");
    c.mutedText = hex("#b0b0b0");
    c.disabledText = hex("#6e6e6e");
    c.highlightedText = hex("#ffffff");
    c.link = hex("#6cb6ff");
    c.error = hex("#ff7b72");
    c.warning = hex("#e8b34b");
    c.processing = hex("#6cb6ff");
    c.stateIdle = hex("#808080");
    c.stateProcessing = hex("#6cb6ff");
    c.statePassed = hex("#6cc070");
    c.stateWarning = hex("#e8b34b");
    c.stateFailed = hex("#ff7b72");
    c.markGlyph = hex("#1b1b1b");
    c.noticeInfo = hex("#1f3346");
    c.noticeWarning = hex("#3d3320");
    c.noticeError = hex("#44201f");
    return c;
}

// Fusion's own light greys; colours darkened until they read on white.
ThemeColors makeLight() {
    ThemeColors c;
    c.window = hex("#efefef");
    c.base = hex("#ffffff");
    c.alternateBase = hex("#e4e4e4");
    c.button = hex("#e6e6e6");
    c.sectionBackground = hex("#dedede");
    c.highlight = hex("#c7ddf5");
    c.border = hex("#bdbdbd");
    c.text = hex("#1e1e1e");
    c.mutedText = hex("#595959");
    c.disabledText = hex("#a0a0a0");
    c.highlightedText = hex("#1e1e1e");
    c.link = hex("#0b57b0");
    c.error = hex("#b3261e");
    c.warning = hex("#8a5a00");
    c.processing = hex("#1565c0");
    c.stateIdle = hex("#808080");
    c.stateProcessing = hex("#1565c0");
    c.statePassed = hex("#2e7d32");
    c.stateWarning = hex("#a87400");
    c.stateFailed = hex("#c62828");
    c.markGlyph = hex("#ffffff");
    c.noticeInfo = hex("#e3f0fc");
    c.noticeWarning = hex("#fff4d6");
    c.noticeError = hex("#fde8e7");
    return c;
}

}  // namespace

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

const ThemeColors& darkThemeColors() {
    static const ThemeColors colors = makeDark();
    return colors;
}

const ThemeColors& lightThemeColors() {
    static const ThemeColors colors = makeLight();
    return colors;
}

Theme::Theme(QObject* parent) : QObject(parent) {}

void Theme::setDark(bool dark) {
    if (dark == m_dark) return;
    m_dark = dark;
    emit changed();
}

QPalette Theme::palette() const {
    const ThemeColors& c = colors();
    QPalette p;
    for (const auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
        p.setColor(group, QPalette::Window, c.window);
        p.setColor(group, QPalette::WindowText, c.text);
        p.setColor(group, QPalette::Base, c.base);
        p.setColor(group, QPalette::AlternateBase, c.alternateBase);
        p.setColor(group, QPalette::Text, c.text);
        p.setColor(group, QPalette::Button, c.button);
        p.setColor(group, QPalette::ButtonText, c.text);
        p.setColor(group, QPalette::BrightText, c.text);
        p.setColor(group, QPalette::Highlight, c.highlight);
        p.setColor(group, QPalette::HighlightedText, c.highlightedText);
        p.setColor(group, QPalette::PlaceholderText, c.mutedText);
        p.setColor(group, QPalette::ToolTipBase, c.alternateBase);
        p.setColor(group, QPalette::ToolTipText, c.text);
        p.setColor(group, QPalette::Link, c.link);
        p.setColor(group, QPalette::LinkVisited, c.link);
        // Fusion draws bevels and frames from these.
        p.setColor(group, QPalette::Light, c.button.lighter(c.button.lightness() < 128 ? 130 : 110));
        p.setColor(group, QPalette::Midlight, c.button.lighter(110));
        p.setColor(group, QPalette::Mid, c.border);
        p.setColor(group, QPalette::Dark, c.border.darker(130));
        p.setColor(group, QPalette::Shadow, c.border.darker(200));
    }
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::HighlightedText})
        p.setColor(QPalette::Disabled, role, c.disabledText);
    return p;
}

}  // namespace hostbridge::ui
