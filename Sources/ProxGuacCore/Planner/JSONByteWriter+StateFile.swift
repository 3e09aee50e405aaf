extension JSONByteWriter {
    /// `[ "a", "b" ]` as `JSONEncoder` pretty-prints a list of strings that is a member of a member of the
    /// state file's top object: items at six spaces, the bracket closing at four (an empty list: `[\n\n    ]`).
    /// The caller writes what follows (`,` or the object's end).
    mutating func stateFileStringList(_ items: [String]) {
        raw("[")
        for (index, item) in items.enumerated() {
            raw(index == 0 ? "\n      " : ",\n      ")
            string(item)
        }
        raw(items.isEmpty ? "\n\n    ]" : "\n    ]")
    }
}
