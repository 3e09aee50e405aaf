// ProxGuacSyncTests: placeholder.
