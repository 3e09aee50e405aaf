/// The lenient reading of notes written by people (``NotesReadingMode/lenient``).
///
/// The rule, with its test cases in NotesLenientReadingTests and docs/notes-syntax.md:
/// - an unknown key (misspelt or wrongly cased) is ignored with a warning when the entry is complete
///   without it (user, password and protocols present); when the entry is incomplete without it, it is an
///   error, so the entry is blocked and its connections are kept;
/// - a key given twice takes the quoted value over a bare one; two quoted values are an error;
/// - an unknown protocol in a list is a warning and the known ones are kept.
extension EntryBuilder {
    /// Unknown keys of a complete entry: a warning when they look like a known key, else ignored quietly.
    mutating func reportIgnoredKeys() {
        for pair in chunk.pairs where NotesField(key: pair.key) == nil {
            if let known = pair.likelyMeant {
                warning(.misspelledKey, at: pair.range.lowerBound,
                        "unknown key '\(shown(pair.key))' is ignored (did you mean '\(known)'? keys are case-sensitive); "
                            + "the entry is complete without it")
            } else {
                ignore(.unusedKey, at: pair.range.lowerBound,
                       "'\(shown(pair.key)):' is not a notes key: read as text and ignored")
            }
        }
    }

    /// A spelling given twice: the quoted value wins over bare ones; two quoted values are an error.
    mutating func reportRepeatedKeysLeniently() {
        var bySpelling: [String: [NotesPair]] = [:]
        var order: [String] = []
        for pair in chunk.pairs where NotesField(key: pair.key) != nil {
            if bySpelling[pair.key] == nil { order.append(pair.key) }
            bySpelling[pair.key, default: []].append(pair)
        }
        var spellingsOfField: [NotesField: [String]] = [:]
        for key in order {
            guard let pairs = bySpelling[key], let field = NotesField(key: key) else { continue }
            spellingsOfField[field, default: []].append(key)
            guard pairs.count > 1 else { continue }
            let quoted = pairs.filter { $0.quote != .bare }
            switch quoted.count {
            case 0:
                error(.duplicateKey, at: pairs[1].range.lowerBound, "'\(key)' is given twice in this entry: keep one")
            case 1:
                for bare in pairs where bare.quote == .bare {
                    let value = field.holdsSecret ? "" : " ('\(shown(bare.value))')"
                    ignore(.duplicateKey, at: bare.range.lowerBound,
                           "'\(key)' is given twice: the quoted value is used, the bare one\(value) is ignored")
                }
            default:
                error(.duplicateKey, at: quoted[1].range.lowerBound,
                      "'\(key)' is given twice with quoted values in this entry: keep one")
            }
        }
        for (field, spellings) in spellingsOfField where spellings.count > 1 {
            let used = pair(field)?.key ?? spellings[0]
            let other = spellings.first { $0 != used } ?? spellings[1]
            let offset = spellings.compactMap { spelling in chunk.pairs.first { $0.key == spelling }?.range.lowerBound }
                .dropFirst().first ?? startOffset
            warning(.conflictingAliases, at: offset, "both '\(used)' and '\(other)' are given: '\(used)' is used; remove the other")
        }
    }

    /// Unknown names in `protos`: errors in strict mode; in lenient mode a warning when a known one remains.
    mutating func reportUnknownProtocols(_ unknown: [String], in found: NotesPair, keeping protocols: [GuestProtocol]) {
        for name in unknown {
            let message = "unknown protocol '\(shown(name))' in '\(found.key)': use rdp, vnc or ssh"
            if mode == .lenient, !protocols.isEmpty {
                warning(.unknownProtocol, at: found.valueRange.lowerBound,
                        message + "; the others (\(protocols.map(\.rawValue).joined(separator: ", "))) are kept")
            } else {
                error(.unknownProtocol, at: found.valueRange.lowerBound, message)
            }
        }
    }
}

extension NotesChunk {
    /// Whether the chunk names a user, a password (plain or encrypted) and protocols with known keys alone.
    var isCompleteWithoutUnknownKeys: Bool {
        let winners = winningPairs()
        return unclosedQuotes.isEmpty && winners[.username] != nil && winners[.protocols] != nil
            && (winners[.password] != nil || winners[.encryptedPassword] != nil || winners[.sshKey] != nil)
    }
}
