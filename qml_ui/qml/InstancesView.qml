// The instances of the current context (model: InstanceModel): the context first, then
// sections by category, else family. A section's heading toggles its instances, its arrow folds
// the section. A row's click, its "i" button or Enter on the current row asks for its
// detail page (detailsRequested). A mandatory instance (data `optional` false) says so and
// cannot be unticked.
import QtQuick
import QtQuick.Controls
import HostBridge.Core

ListView {
    id: list

    // LiveActivity: what the host pushes while a plug-in runs shows on its rows.
    property var live: null
    // The row the host runs now; "" when none. Read once here, not in every delegate: the live
    // activity changes twice per plug-in run, and each delegate then compares one string.
    readonly property string liveId: !!live && live.active ? live.instanceId : ""
    // The same row once its call has lasted (LiveActivity.lasting): its running stripe shows.
    readonly property string lastingId: !!live && live.active && live.lasting ? live.instanceId : ""

    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}
    signal detailsRequested(int row)
    keyNavigationEnabled: true
    Keys.onReturnPressed: if (currentIndex >= 0) detailsRequested(currentIndex)
    Keys.onEnterPressed: if (currentIndex >= 0) detailsRequested(currentIndex)

    delegate: PublishItemRow {
        required property int index
        required property string itemId
        required property bool sectionStart
        required property string section
        required property bool folded
        required property string label
        required property bool publish
        required property bool toggleable
        required property string itemState
        required property string errorText
        required property bool isContext
        required property bool optional

        width: ListView.view.width
        rowSectionStart: sectionStart
        rowSection: section
        rowFolded: folded
        sectionClickable: true
        onSectionClicked: list.model.toggleSection(section)
        onFoldClicked: list.model.toggleFolded(section)
        rowLabel: label
        rowDetail: isContext || optional ? "" : qsTr("mandatory")
        rowChecked: publish
        // The context and mandatory instances always publish; their box shows that but does not toggle.
        rowToggleable: toggleable
        rowState: itemState
        rowError: errorText
        readonly property bool liveHere: list.liveId !== "" && list.liveId === itemId
        rowLiveText: liveHere ? list.live.text : ""
        rowLiveFraction: liveHere ? list.live.fraction : -1
        rowRunning: list.lastingId !== "" && list.lastingId === itemId
        onToggleRequested: list.model.toggle(index)
        onDetailsRequested: {
            list.currentIndex = index
            list.detailsRequested(index)
        }
    }

    Label {
        anchors.centerIn: parent
        visible: list.count === 0
        text: qsTr("No instances yet")
        color: Theme.mutedText
    }
}
