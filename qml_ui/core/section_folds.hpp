#pragma once
// SectionFolds: which sections of a list are collapsed (folded to their header), by name, so a
// section stays folded across resets (every id changes, the names do not). Each list model has
// one; show's HiddenSections replaces what both hold (pyblish-qml 1.x: collectors folded).
//
// Threads: a GUI-thread value, owned by its model.

#include <QSet>
#include <QString>
#include <QStringList>

namespace hostbridge::ui {

class SectionFolds {
public:
    // pyblish-qml 1.x's default HiddenSections.
    static QStringList defaults() { return {QStringLiteral("Collect")}; }
    SectionFolds() { set(defaults()); }

    bool folded(const QString& section) const { return m_folded.contains(section); }
    // Folds `section` when open, opens it when folded; returns whether it is folded now.
    bool toggle(const QString& section) {
        if (m_folded.remove(section)) return false;
        m_folded.insert(section);
        return true;
    }
    void set(const QStringList& sections) { m_folded = QSet<QString>(sections.begin(), sections.end()); }
    QStringList sections() const {
        QStringList out(m_folded.begin(), m_folded.end());
        out.sort();
        return out;
    }

    // What a list of `items` shows with these folds: its headings and its rows not folded away
    // (the page shares its height by these). `sectionOf(item)` names an item's section.
    struct Shape {
        int sections = 0;
        int rows = 0;
        bool operator==(const Shape& other) const { return sections == other.sections && rows == other.rows; }
    };
    template <typename Items, typename SectionOf>
    Shape shapeOf(const Items& items, SectionOf sectionOf) const {
        Shape shape;
        QString previous;
        bool folded = false;
        for (const auto& item : items) {
            const QString section = sectionOf(item);
            if (shape.sections == 0 || section != previous) {
                ++shape.sections;
                previous = section;
                folded = m_folded.contains(section);
            }
            if (!folded) ++shape.rows;
        }
        return shape;
    }

private:
    QSet<QString> m_folded;
};

}  // namespace hostbridge::ui
