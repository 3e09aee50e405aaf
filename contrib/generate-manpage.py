#!/usr/bin/env python3
"""Writes the proxguac(1) man page (roff, man(7) macros) to stdout.

Input on stdin: the JSON of `proxguac --experimental-dump-help` (swift-argument-parser's ToolInfo,
serialization version 0). Usage: proxguac --experimental-dump-help | generate-manpage.py VERSION
Only the Python standard library is used, so it runs offline on any Debian host.
"""
import json
import sys

# Sections the argument parser does not know about, written here once.
ENVIRONMENT = [
    ("PROXGUAC_CONFIG", "Config file, used when --config is not given."),
    ("PROXGUAC_LOG_LEVEL", "Default for --log-level (else warning)."),
    ("PROXGUAC_PROXMOX_TOKEN_SECRET", "Proxmox VE API token secret; wins over proxmox.tokenSecretFile."),
    ("PROXGUAC_PROXMOX_PASSWORD", "Proxmox VE password, for password login; wins over the config."),
    ("PROXGUAC_GUACAMOLE_PASSWORD", "Guacamole password; wins over guacamole.passwordFile."),
    ("PROXGUAC_ENCRYPTION_KEY", "Current encryption key (key file text); wins over encryption.keyFile."),
    ("PROXGUAC_LEGACY_PASSPHRASE", "Legacy passphrase; wins over encryption.legacyPassphraseFile."),
    ("XDG_CONFIG_HOME, XDG_STATE_HOME, HOME", "Where the per-user config and the default state file are looked for."),
]
FILES = [
    ("/etc/proxguac/config.json", "System-wide config (mode 0600), used when --config, PROXGUAC_CONFIG, ./config.json and ~/.config/proxguac/config.json are all absent."),
    ("/var/lib/proxguac/state.json", "State of the systemd service, when sync.stateFile names it (the default is $XDG_STATE_HOME/proxguac/state.json, else ~/.local/state/proxguac/state.json)."),
    ("/usr/lib/systemd/system/proxguac.timer", "Runs proxguac auto every 5 minutes, when enabled (systemctl enable --now proxguac.timer). Installed by the Debian package; from source, copy the units in contrib/ to /etc/systemd/system/."),
]


def escape(text):
    """Escapes roff specials; a line starting with . or ' would be read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # troff reads bytes, not UTF-8: non-ASCII characters become named glyphs, e.g. \[u2192].
    text = "".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c) for c in text)
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line for line in text.split("\n"))


def paragraph(text):
    """Prose keeps its line breaks (help texts are hand-wrapped, tables are indented)."""
    return [".nf", escape(text.strip("\n")), ".fi"] if "\n" in text.strip() else [escape(text.strip())]


def visible(items):
    return [item for item in items or [] if item.get("shouldDisplay", True)]


def own_arguments(command, is_root):
    """Visible arguments; --help and --version are listed once, under the root command."""
    standard = {"help", "version"}
    return [arg for arg in visible(command.get("arguments"))
            if is_root or (arg.get("preferredName") or {}).get("name") not in standard]


def argument_label(arg):
    value = arg.get("valueName") or "value"
    if arg["kind"] == "positional":
        return "\\fI" + escape(value) + "\\fR"
    names = []
    for name in arg.get("names") or []:
        dashes = "--" if name["kind"] == "long" else "-"
        names.append("\\fB" + escape(dashes + name["name"]) + "\\fR")
    label = ", ".join(names)
    return label + (" \\fI" + escape(value) + "\\fR" if arg["kind"] == "option" else "")


def argument_lines(arg):
    lines = [".TP", argument_label(arg)]
    text = arg.get("abstract") or ""
    if arg.get("allValueStrings") and arg["kind"] != "flag":
        text += " (values: " + ", ".join(arg["allValueStrings"]) + ")"
    if arg.get("defaultValue"):
        text += " (default: " + arg["defaultValue"] + ")"
    lines += paragraph(text.strip() or "(no description)")
    if arg.get("discussion"):
        lines += [".IP"] + paragraph(arg["discussion"])
    return lines


def synopsis(path, command):
    parts = ["\\fB" + escape(" ".join(path)) + "\\fR"]
    for arg in own_arguments(command, len(path) == 1):
        label = argument_label(arg).split(", ")[-1]
        if arg.get("isRepeating"):
            label += " ..."
        parts.append("[" + label + "]" if arg.get("isOptional") else label)
    if visible(command.get("subcommands")):
        parts.append("\\fIsubcommand\\fR")
    return " ".join(parts)


def command_section(path, command):
    """One .SS per command, depth first, so every subcommand appears as `proxguac a b`."""
    lines = [".SS \"" + escape(" ".join(path)) + "\"", synopsis(path, command), ".PP"]
    if command.get("abstract"):
        lines += paragraph(command["abstract"])
    if command.get("discussion"):
        lines += [".PP"] + paragraph(command["discussion"])
    lines += [line for arg in own_arguments(command, False) for line in argument_lines(arg)]
    for sub in visible(command.get("subcommands")):
        lines += command_section(path + [sub["commandName"]], sub)
    return lines


def manual(tool, version):
    root = tool["command"]
    name = root["commandName"]
    lines = [
        '.TH "' + name.upper() + '" 1 "" "' + escape(name + " " + version) + '" "User Commands"',
        ".SH NAME",
        escape(name) + " \\- " + escape(root.get("abstract") or ""),
        ".SH SYNOPSIS",
        synopsis([name], root),
        ".SH DESCRIPTION",
    ]
    lines += paragraph(root.get("discussion") or root.get("abstract") or "")
    if visible(root.get("arguments")):
        lines += [".SH OPTIONS"] + [line for arg in visible(root["arguments"]) for line in argument_lines(arg)]
    lines.append(".SH COMMANDS")
    for sub in visible(root.get("subcommands")):
        lines += command_section([name, sub["commandName"]], sub)
    lines.append(".SH ENVIRONMENT")
    for key, text in ENVIRONMENT:
        lines += [".TP", "\\fB" + escape(key) + "\\fR", escape(text)]
    lines.append(".SH FILES")
    for path, text in FILES:
        lines += [".TP", "\\fI" + escape(path) + "\\fR", escape(text)]
    lines += [".SH SEE ALSO", "\\fBsystemd.timer\\fR(5), \\fBjournalctl\\fR(1)"]
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: proxguac --experimental-dump-help | generate-manpage.py VERSION")
    try:
        tool = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        sys.exit("generate-manpage.py: stdin is not the JSON of --experimental-dump-help: " + str(error))
    if tool.get("serializationVersion") != 0:
        sys.exit("generate-manpage.py: unsupported dump-help serializationVersion "
                 + str(tool.get("serializationVersion")) + ": update this script")
    sys.stdout.write(manual(tool, sys.argv[1]))


if __name__ == "__main__":
    main()
