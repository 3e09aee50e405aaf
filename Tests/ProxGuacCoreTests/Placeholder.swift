// ProxGuacCoreTests: placeholder.
