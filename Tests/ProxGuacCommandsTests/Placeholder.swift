// ProxGuacCommandsTests: placeholder.
