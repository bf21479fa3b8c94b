// The plug-ins of the last reset (model: PluginModel), in sections Collect / Validate / Extract /
// Integrate / Other. Only optional plug-ins toggle; a section header toggles its optional ones,
// its arrow folds the section (Collect starts folded).
// Plug-ins with nothing to process are greyed. A row's click, its "i" button or Enter on the
// current row asks for its detail page; the "..." button of a plug-in with actions or a repair
// asks for its menu (menuRequested, with the button to open it at).
import QtQuick
import QtQuick.Controls
import HostBridge.Core

ListView {
    id: list

    // LiveActivity: what the host pushes while a plug-in runs shows on its rows.
    property var live: null
    // The row the host runs now; "" when none. Read once here, not in every delegate: the live
    // activity changes twice per plug-in run, and each delegate then compares one string.
    readonly property string liveId: !!live && live.active ? live.pluginId : ""
    // The same row once its call has lasted (LiveActivity.lasting): its running stripe shows.
    readonly property string lastingId: !!live && live.active && live.lasting ? live.pluginId : ""

    clip: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}
    signal detailsRequested(int row)
    signal menuRequested(int row, Item anchor)
    keyNavigationEnabled: true
    Keys.onReturnPressed: if (currentIndex >= 0) detailsRequested(currentIndex)
    Keys.onEnterPressed: if (currentIndex >= 0) detailsRequested(currentIndex)

    delegate: PublishItemRow {
        required property int index
        required property string itemId
        required property bool sectionStart
        required property string section
        required property string label
        required property bool active
        required property bool toggleable
        required property string itemState
        required property string errorText
        required property bool hasWork
        required property bool optional
        required property bool hasMenu
        required property bool folded

        width: ListView.view.width
        rowSectionStart: sectionStart
        rowSection: section
        rowLabel: label
        rowDetail: optional ? qsTr("optional") : ""
        rowChecked: active
        rowToggleable: toggleable
        rowState: itemState
        rowError: errorText
        readonly property bool liveHere: list.liveId !== "" && list.liveId === itemId
        rowLiveText: liveHere ? list.live.text : ""
        rowLiveFraction: liveHere ? list.live.fraction : -1
        rowRunning: list.lastingId !== "" && list.lastingId === itemId
        rowGreyed: !hasWork
        sectionClickable: true
        onSectionClicked: list.model.toggleSection(section)
        rowFolded: folded
        onFoldClicked: list.model.toggleFolded(section)
        rowHasMenu: hasMenu
        onToggleRequested: list.model.toggle(index)
        onDetailsRequested: {
            list.currentIndex = index
            list.detailsRequested(index)
        }
        onMenuRequested: function(anchor) { list.menuRequested(index, anchor) }
    }

    Label {
        anchors.centerIn: parent
        visible: list.count === 0
        text: qsTr("No plug-ins yet")
        color: Theme.mutedText
    }
}
