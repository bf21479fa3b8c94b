// A row's publishing state as a coloured square: idle grey, processing blue, passed green,
// warning amber, failed red (a cross marks failed, so colour is not the only cue).
import QtQuick

Rectangle {
    id: mark
    property string itemState: "idle"

    implicitWidth: 12
    implicitHeight: 12
    radius: 2
    color: itemState === "processing" ? "#1565c0"
         : itemState === "passed" ? "#2e7d32"
         : itemState === "warning" ? "#f9a825"
         : itemState === "failed" ? "#c62828"
         : "#bdbdbd"
    Text {
        anchors.centerIn: parent
        visible: mark.itemState === "failed"
        text: "\u00d7"
        color: "white"
        font.pixelSize: 11
        font.bold: true
    }
}
