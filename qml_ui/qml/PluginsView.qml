// The plug-ins of the last reset (model: PluginModel), in sections Collect / Validate / Extract /
// Integrate / Other. Only optional plug-ins toggle; a section header toggles its optional ones.
// Plug-ins with nothing to process are greyed.
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
        required property string section
        required property string label
        required property bool active
        required property bool toggleable
        required property string itemState
        required property string errorText
        required property bool hasWork
        required property bool optional

        width: ListView.view.width
        rowSectionStart: sectionStart
        rowSection: section
        rowLabel: label
        rowDetail: optional ? qsTr("optional") : ""
        rowChecked: active
        rowToggleable: toggleable
        rowState: itemState
        rowError: errorText
        rowGreyed: !hasWork
        sectionClickable: true
        onSectionClicked: list.model.toggleSection(section)
        onToggleRequested: list.model.toggle(index)
    }

    Label {
        anchors.centerIn: parent
        visible: list.count === 0
        text: qsTr("No plug-ins yet")
        opacity: 0.7
    }
}
