// The instances of the current context (model: InstanceModel): the context first, then
// sections by family.
import QtQuick
import QtQuick.Controls

ListView {
    id: list

    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    delegate: PublishItemRow {
        required property int index
        required property bool sectionStart
        required property string family
        required property string label
        required property bool publish
        required property bool toggleable
        required property string itemState
        required property string errorText
        required property bool isContext

        width: ListView.view.width
        rowSectionStart: sectionStart
        rowSection: family
        rowLabel: label
        rowChecked: publish
        // The context always publishes; its box shows that but does not toggle.
        rowToggleable: toggleable
        rowState: itemState
        rowError: errorText
        onToggleRequested: list.model.toggle(index)
    }

    Label {
        anchors.centerIn: parent
        visible: list.count === 0
        text: qsTr("No instances yet")
        opacity: 0.7
    }
}
