import Testing
@testable import ProxGuacTUI

struct Item: Checkable, Hashable {
    var id: Int
    var filterText: String
}

private func items(_ names: String...) -> [Item] {
    names.enumerated().map { Item(id: $0.offset, filterText: $0.element) }
}

@Suite struct CheckboxListTests {
    @Test func spaceTogglesTheFocusedItemAndAllNoneWorkOnTheShownItems() {
        var list = CheckboxList<Item>()
        list.replaceItems(items("web-01", "db-02", "café-04"), pageHeight: 10)
        _ = list.handle(.character(" "), pageHeight: 10)
        _ = list.handle(.down, pageHeight: 10)
        _ = list.handle(.down, pageHeight: 10)
        _ = list.handle(.character(" "), pageHeight: 10)
        #expect(list.checkedItems.map(\.filterText) == ["web-01", "café-04"])
        _ = list.handle(.character(" "), pageHeight: 10)
        #expect(list.checkedItems.map(\.filterText) == ["web-01"])
        _ = list.handle(.character("a"), pageHeight: 10)
        #expect(list.checked.count == 3)
        _ = list.handle(.character("n"), pageHeight: 10)
        #expect(list.checked.isEmpty)
    }

    @Test func filterAsYouTypeNarrowsTheListAndEscClearsIt() {
        var list = CheckboxList<Item>()
        list.replaceItems(items("web-01", "db-02", "café-04", "ゲスト-03"), pageHeight: 10)
        _ = list.handle(.character("/"), pageHeight: 10)
        _ = list.handle(.character("C"), pageHeight: 10)
        #expect(list.visible.map(\.filterText) == ["café-04"])
        _ = list.handle(.backspace, pageHeight: 10)
        _ = list.handle(.character("ゲ"), pageHeight: 10)
        #expect(list.visible.map(\.filterText) == ["ゲスト-03"])
        // While filtering, letters are text, not commands.
        _ = list.handle(.character("a"), pageHeight: 10)
        #expect(list.checked.isEmpty)
        _ = list.handle(.escape, pageHeight: 10)
        #expect(list.visible.count == 4)
        #expect(!list.isFiltering)
    }

    @Test func allOnlyChecksWhatTheFilterShows() {
        var list = CheckboxList<Item>()
        list.replaceItems(items("web-01", "web-02", "db-03"), pageHeight: 10)
        for key: Key in [.character("/"), .character("w"), .character("e"), .character("b"), .enter, .character("a")] {
            _ = list.handle(key, pageHeight: 10)
        }
        #expect(list.checkedItems.map(\.filterText) == ["web-01", "web-02"])
    }

    @Test func focusStaysOnTheSameItemWhenTheFilterOrTheItemsChange() {
        var list = CheckboxList<Item>()
        list.replaceItems(items("web-01", "db-02", "web-03"), pageHeight: 10)
        _ = list.handle(.end, pageHeight: 10)
        #expect(list.focused?.filterText == "web-03")
        for key: Key in [.character("/"), .character("w"), .enter] { _ = list.handle(key, pageHeight: 10) }
        #expect(list.focused?.filterText == "web-03")
        list.replaceItems([Item(id: 9, filterText: "new-09")] + items("web-01", "db-02", "web-03"), pageHeight: 10)
        #expect(list.focused?.filterText == "web-03")
    }

    @Test func pagingScrollsAndTheFocusIsAlwaysOnScreen() {
        var list = CheckboxList<Item>()
        list.replaceItems((0..<30).map { Item(id: $0, filterText: "guest-\($0)") }, pageHeight: 5)
        _ = list.handle(.pageDown, pageHeight: 5)
        #expect(list.cursor.index == 4)
        _ = list.handle(.pageDown, pageHeight: 5)
        #expect(list.visibleRange(pageHeight: 5).contains(list.cursor.index))
        _ = list.handle(.end, pageHeight: 5)
        #expect(list.visibleRange(pageHeight: 5) == 25..<30)
        _ = list.handle(.home, pageHeight: 5)
        #expect(list.visibleRange(pageHeight: 5) == 0..<5)
    }

    @Test func aSmallerWindowStillShowsTheFocusedRow() {
        var cursor = ListCursor()
        cursor.select(17, count: 30, pageHeight: 20)
        #expect(cursor.visibleRange(count: 30, height: 20).contains(17))
        #expect(cursor.visibleRange(count: 30, height: 4).contains(17))
        #expect(cursor.visibleRange(count: 30, height: 40) == 0..<30)
    }
}

@Suite struct CheckboxTreeTests {
    private let roots = [
        TreeNode(id: "group:a", title: "A", children: [TreeNode(id: "conn:1", title: "one"), TreeNode(id: "conn:2", title: "two")]),
        TreeNode(id: "group:b", title: "B", children: [TreeNode(id: "conn:3", title: "three")]),
    ]

    @Test func checkingAGroupChecksItsConnectionsAndDeletesTheGroupToo() {
        var tree = CheckboxTree()
        tree.replaceRoots(roots, pageHeight: 10)
        _ = tree.handle(.character(" "), pageHeight: 10)
        #expect(tree.mark(of: roots[0]) == .on)
        #expect(tree.idsToDelete == ["conn:1", "conn:2", "group:a"])
    }

    @Test func aPartlyCheckedGroupShowsADashAndOnlyItsCheckedConnectionsAreDeleted() {
        var tree = CheckboxTree()
        tree.replaceRoots(roots, pageHeight: 10)
        _ = tree.handle(.down, pageHeight: 10)
        _ = tree.handle(.character(" "), pageHeight: 10)
        #expect(tree.mark(of: roots[0]) == .partial)
        #expect(tree.idsToDelete == ["conn:1"])
        _ = tree.handle(.character("n"), pageHeight: 10)
        #expect(tree.idsToDelete.isEmpty)
    }

    /// Proxmox VE's layout in Guacamole: root group › one group per guest › its connections.
    private let nested = [
        TreeNode(id: "g:1", title: "Proxmox", children: [
            TreeNode(id: "g:2", title: "web01 (101)", children: [TreeNode(id: "c:2", title: "web01/ssh")]),
            TreeNode(id: "g:3", title: "win-desktop (100)", children: [
                TreeNode(id: "c:4", title: "admin-rdp"), TreeNode(id: "c:5", title: "admin-vnc"),
            ]),
        ])
    ]

    @Test func nestedGroupsShowEveryConnectionAndCheckingAGuestGroupDeletesItsContentThenIt() {
        var tree = CheckboxTree()
        tree.replaceRoots(nested, pageHeight: 10)
        #expect(tree.rows.map(\.node.title) == ["Proxmox", "web01 (101)", "web01/ssh", "win-desktop (100)", "admin-rdp", "admin-vnc"])
        #expect(tree.rows.map(\.depth) == [0, 1, 2, 1, 2, 2])
        _ = tree.handle(.down, pageHeight: 10)
        _ = tree.handle(.character(" "), pageHeight: 10)
        #expect(tree.idsToDelete == ["c:2", "g:2"])
        #expect(tree.mark(of: nested[0]) == .partial)
        #expect(tree.titlesToDelete == ["  web01 (101) (group, with everything in it)", "    web01/ssh  "])
    }

    @Test func checkingTheRootChecksEverythingBelowItAndDeletesInnermostFirst() {
        var tree = CheckboxTree()
        tree.replaceRoots(nested, pageHeight: 10)
        _ = tree.handle(.character(" "), pageHeight: 10)
        #expect(tree.idsToDelete == ["c:2", "g:2", "c:4", "c:5", "g:3", "g:1"])
        _ = tree.handle(.character(" "), pageHeight: 10)
        #expect(tree.idsToDelete.isEmpty)
    }
}

@Suite struct TextFieldTests {
    @Test func typingAndBackspaceEditTheValueUpToItsLimit() {
        var field = TextField(maxLength: 3)
        for key: Key in [.character("D"), .character("E"), .character("L"), .character("E")] { _ = field.handle(key) }
        #expect(field.value == "DEL")
        _ = field.handle(.backspace)
        #expect(field.value == "DE")
        let consumedEnter = field.handle(.enter)
        #expect(!consumedEnter)
    }
}
