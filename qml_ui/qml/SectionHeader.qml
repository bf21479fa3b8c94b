// A section heading (of a list: a family or category, or Collect / Validate / ...). When
// `foldable`, its arrow folds the section to this heading or opens it (foldClicked); the rest of
// it is clickable when `clickable` (it toggles the section's rows).
import QtQuick
import QtQuick.Controls
import HostBridge.Core

Rectangle {
    id: header
    property string text
    property bool clickable: false
    property bool foldable: false
    property bool folded: false
    signal clicked()
    signal foldClicked()

    objectName: visible ? "section:" + text : ""
    implicitHeight: 22
    color: Theme.sectionBackground
    MouseArea {
        anchors.fill: parent
        enabled: header.clickable
        onClicked: header.clicked()
    }
    // A plain arrow and a MouseArea, not a ToolButton: every row of a list has a heading
    // (shown on a section's first row only), and a button per row cost a long list's first
    // frame about 1 ms a row (docs/performance.md, P4).
    Label {
        id: foldButton
        objectName: "foldButton"
        visible: header.foldable
        anchors.left: parent.left
        anchors.verticalCenter: parent.verticalCenter
        width: header.foldable ? 22 : 6
        horizontalAlignment: Text.AlignHCenter
        text: header.folded ? "\u25b8" : "\u25be"
        opacity: 0.8
        MouseArea {
            anchors.fill: parent
            onClicked: header.foldClicked()
        }
    }
    Label {
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: foldButton.right
        text: header.text
        textFormat: Text.PlainText  // a family or category is the host's word
        font.bold: true
        opacity: 0.8
    }
}
