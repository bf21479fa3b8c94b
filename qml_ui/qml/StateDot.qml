// A host's state as a coloured dot: connected green, busy amber, disconnected red, none grey.
import QtQuick

Rectangle {
    property string hostState

    implicitWidth: 12
    implicitHeight: 12
    radius: width / 2
    color: hostState === "connected" ? "#2e7d32"
         : hostState === "busy" ? "#f9a825"
         : hostState === "disconnected" ? "#c62828"
         : "#9e9e9e"
}
