import Testing
@testable import ProxGuacTUI

@Suite struct CanvasTests {
    @Test func wideCharactersTakeTwoColumnsSoLaterColumnsStayAligned() {
        var canvas = Canvas(width: 20, height: 2)
        canvas.write("ゲスト-03|", row: 0, column: 0)
        canvas.write("café-04  |", row: 1, column: 0)
        #expect(canvas.lines == ["ゲスト-03|", "café-04  |"])
        #expect(ColumnWidth.of("ゲスト-03|") == ColumnWidth.of("café-04  |"))
    }

    @Test func textIsClippedAtTheRightEdgeAndAWideCharacterThatDoesNotFitBecomesASpace() {
        var canvas = Canvas(width: 6, height: 1)
        let written = canvas.write("abcdゲスト", row: 0, column: 0)
        #expect(canvas.lines == ["abcdゲ"])
        #expect(written == 6)
        var narrow = Canvas(width: 5, height: 1)
        narrow.write("abcdゲ", row: 0, column: 0)
        #expect(narrow.lines == ["abcd"])
    }

    @Test func truncationEndsInAnEllipsisAndNeverExceedsTheWidth() {
        #expect(ColumnWidth.truncate("ubuntu-lts-10", to: 8) == "ubuntu-…")
        #expect(ColumnWidth.of(ColumnWidth.truncate("ゲストゲストゲスト", to: 7)) <= 7)
        #expect(ColumnWidth.fit("ab", to: 4) == "ab  ")
        #expect(ColumnWidth.fit("7", to: 3, alignRight: true) == "  7")
    }

    @Test func longReasonsWrapAtSpacesWithinTheWidth() {
        let lines = ColumnWidth.wrap("Guacamole hostname is 203.0.113.40 but the guest's address is 203.0.113.14", to: 30)
        #expect(lines == ["Guacamole hostname is", "203.0.113.40 but the guest's", "address is 203.0.113.14"])
        // A word longer than the line is broken, never cut: its end stays readable.
        #expect(ColumnWidth.wrap("ゲストゲストゲスト", to: 8) == ["ゲストゲ", "ストゲス", "ト"])
        #expect(ColumnWidth.wrap("  step   found    198.51.100.21", to: 40) == ["  step   found    198.51.100.21"])
    }

    @Test func controlCharactersInNamesCannotMoveTheCursor() {
        var canvas = Canvas(width: 16, height: 1)
        canvas.write("a\tb\u{1B}c\u{9B}", row: 0, column: 0)
        #expect(canvas.lines == ["a\\tb\\x1bc\\x9b"], "shown as escapes, as on the command line")
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.write("ゲスト", row: 0, column: 0)
        canvas.write("x", row: 0, column: 1)
        #expect(canvas.lines == [" xスト"])
    }

    @Test func progressBarShowsCountsAndElapsedTime() {
        let bar = ProgressBar.bar(completed: 3, total: 6, width: 20)
        #expect(bar == "[███████░░░░░░░] 3/6")
        #expect(ColumnWidth.of(bar) == 20)
        #expect(ProgressBar.elapsed(.seconds(75)) == "1:15")
    }
}
