// One row of the instances or plug-ins list: the section heading when the row starts a section
// (the model's sectionStart role), then checkbox, state, label, and the first error.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Column {
    id: row

    property bool rowChecked
    property bool rowToggleable
    property string rowState
    property string rowLabel
    property string rowDetail
    property string rowError
    property bool rowGreyed: false
    property string rowSection
    property bool rowSectionStart: false
    property bool sectionClickable: false
    signal toggleRequested()
    signal sectionClicked()

    SectionHeader {
        width: row.width
        visible: row.rowSectionStart
        text: row.rowSection
        clickable: row.sectionClickable
        onClicked: row.sectionClicked()
    }

    ItemDelegate {
        objectName: "rowBody"
        width: row.width
        hoverEnabled: false
        down: false
        padding: 2
        leftPadding: 6
        opacity: row.rowGreyed ? 0.45 : 1.0

        contentItem: RowLayout {
            spacing: 6
            CheckBox {
                objectName: "toggle"
                padding: 0
                checked: row.rowChecked
                enabled: row.rowToggleable
                // The model decides: the box shows what the model holds after the toggle.
                nextCheckState: function() {
                    row.toggleRequested()
                    return row.rowChecked ? Qt.Checked : Qt.Unchecked
                }
            }
            ItemStateMark { itemState: row.rowState }
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    text: row.rowDetail !== "" ? row.rowLabel + "  <font color='#777'>" + row.rowDetail + "</font>" : row.rowLabel
                    textFormat: Text.StyledText
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    visible: row.rowError !== ""
                    text: row.rowError
                    color: "#c62828"
                    font.pixelSize: 11
                    elide: Text.ElideRight
                }
            }
        }
    }
}
