// One row of the instances or plug-ins list: the section heading when the row starts a section
// (the model's sectionStart role), then checkbox, state, label, and the first error; only the
// heading (or nothing) while its section is folded. A click on
// the row (or its "i" button) asks for the detail page; the "..." button, shown when the row has
// a menu (a plug-in's actions), asks for it. While the host runs the row for a while
// (rowRunning), a stripe slides along its bottom.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import HostBridge.Core

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
    property bool rowFolded: false
    property bool rowHasMenu: false
    property string rowLiveText        // while the host runs it: progress or its last record
    property real rowLiveFraction: -1  // done / total; -1: no progress known
    property bool rowRunning: false    // the host has been running this row for a while
    signal toggleRequested()
    signal sectionClicked()
    signal foldClicked()
    signal detailsRequested()
    signal menuRequested(Item anchor)

    SectionHeader {
        width: row.width
        visible: row.rowSectionStart
        text: row.rowSection
        clickable: row.sectionClickable
        foldable: true
        folded: row.rowFolded
        onClicked: row.sectionClicked()
        onFoldClicked: row.foldClicked()
    }

    ItemDelegate {
        objectName: "rowBody"
        visible: !row.rowFolded
        width: row.width
        hoverEnabled: false
        down: false
        padding: 2
        leftPadding: 6
        opacity: row.rowGreyed ? 0.45 : 1.0
        onClicked: row.detailsRequested()

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
                    // The host's label escaped (never markup), then "optional" / "mandatory" in
                    // the theme's muted colour.
                    text: row.rowDetail !== ""
                          ? TextLinks.escaped(row.rowLabel) + "&nbsp;&nbsp;<font color=\"" + Theme.mutedText + "\">"
                            + row.rowDetail + "</font>"
                          : row.rowLabel
                    textFormat: row.rowDetail !== "" ? Text.StyledText : Text.PlainText
                    elide: Text.ElideRight
                }
                RowLayout {
                    Layout.fillWidth: true
                    visible: row.rowLiveText !== ""
                    spacing: 6
                    ProgressBar {
                        objectName: "liveProgress"
                        visible: row.rowLiveFraction >= 0
                        Layout.preferredWidth: 60
                        value: row.rowLiveFraction
                    }
                    Label {
                        objectName: "liveText"
                        Layout.fillWidth: true
                        text: row.rowLiveText
                        textFormat: Text.PlainText
                        color: Theme.processing
                        font.pixelSize: 11
                        elide: Text.ElideRight
                    }
                }
                Label {
                    Layout.fillWidth: true
                    visible: row.rowError !== ""
                    text: row.rowError
                    textFormat: Text.PlainText
                    color: Theme.error
                    font.pixelSize: 11
                    elide: Text.ElideRight
                }
            }
            ToolButton {
                objectName: "menuButton"
                visible: row.rowHasMenu
                text: "\u22ef"
                padding: 2
                implicitWidth: 26
                implicitHeight: 22
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Actions")
                // No id: an id inside the deferred contentItem would make it immediate.
                onClicked: row.menuRequested(this)
            }
            ToolButton {
                objectName: "detailsButton"
                text: "i"
                font.italic: true
                font.bold: true
                padding: 2
                implicitWidth: 22
                implicitHeight: 22
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Details")
                onClicked: row.detailsRequested()
            }
        }

        // Made only while the row runs: no animation object waits in an idle row.
        Loader {
            objectName: "runningStripe"
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            active: row.rowRunning
            sourceComponent: RunningStripe {}
        }
    }
}
