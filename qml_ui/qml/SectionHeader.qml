// A section heading (of a list: a family or category, or Collect / Validate / ...). When
// `foldable`, its arrow folds the section to this heading or opens it (foldClicked); the rest of
// it is clickable when `clickable` (it toggles the section's rows).
import QtQuick
import QtQuick.Controls

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
    color: "#e6e6e6"
    MouseArea {
        anchors.fill: parent
        enabled: header.clickable
        onClicked: header.clicked()
    }
    ToolButton {
        id: foldButton
        objectName: "foldButton"
        anchors.left: parent.left
        anchors.verticalCenter: parent.verticalCenter
        visible: header.foldable
        width: header.foldable ? 22 : 6
        height: header.height
        padding: 0
        text: header.folded ? "\u25b8" : "\u25be"
        ToolTip.visible: hovered
        ToolTip.text: header.folded ? qsTr("Show this section's rows") : qsTr("Fold this section")
        onClicked: header.foldClicked()
    }
    Label {
        anchors.verticalCenter: parent.verticalCenter
        anchors.left: foldButton.right
        text: header.text
        font.bold: true
        opacity: 0.8
    }
}
