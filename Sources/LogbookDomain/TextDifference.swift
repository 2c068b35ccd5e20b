/// Where two texts first differ, and a short window of each around that place: what a refused re-import shows so that
/// a person finds the change without comparing two long texts by eye.
///
/// Counted in Characters (grapheme clusters): "æ", "ø", "å", an emoji with its modifiers or a letter with a combining
/// accent is one character, and a window is never cut inside one.
public struct TextDifference: Hashable, Sendable {
    /// The first differing character, counted from 1.
    public let character: Int
    /// Its line (from 1) and column (from 1, in characters) in the stored text; line 1 for a one-line text.
    public let line: Int
    public let column: Int
    /// The window of the stored text: up to `before` characters before the difference and `after` from it, with "…"
    /// where the text goes on; line breaks shown as "↵", tabs as a space.
    public let stored: String
    /// The same window of the file's text.
    public let file: String
    /// Whether the stored text, or the file's, ends where the other goes on (one is a prefix of the other).
    public let storedEnds: Bool
    public let fileEnds: Bool

    /// Characters shown before and from the difference.
    public static let before = 12
    public static let after = 16

    /// The first difference between `stored` and `file`; nil when they are equal.
    public static func first(stored: String, file: String) -> TextDifference? {
        let old = Array(stored), new = Array(file)
        var index = 0
        while index < old.count, index < new.count, old[index] == new[index] { index += 1 }
        if index == old.count && index == new.count { return nil }
        var line = 1, column = 1
        for character in old[..<index] {
            if character == "\n" || character == "\r\n" || character == "\r" { line += 1; column = 1 } else { column += 1 }
        }
        return TextDifference(character: index + 1, line: line, column: column,
                              stored: window(old, at: index), file: window(new, at: index),
                              storedEnds: index == old.count, fileEnds: index == new.count)
    }

    /// `characters[at - before ..< at + after]`, clipped, with "…" on each side that was cut.
    public static func window(_ characters: [Character], at index: Int) -> String {
        let start = max(0, index - before)
        let end = min(characters.count, index + after)
        var text = start > 0 ? "…" : ""
        for character in characters[start..<max(start, end)] {
            switch character {
            case "\n", "\r\n", "\r": text += "↵"
            case "\t": text += " "
            default: text.append(character)
            }
        }
        if end < characters.count { text += "…" }
        return text
    }

    /// "at character 57 (line 3, column 12): stored "…", file "…"": the English phrase.
    public var description: String {
        let place = line == 1 ? "at character \(character)" : "at character \(character) (line \(line), column \(column))"
        return "\(place): stored \"\(stored)\"\(storedEnds ? " (ends there)" : ""), file \"\(file)\"\(fileEnds ? " (ends there)" : "")"
    }
}
