// ProxGuacLabTests: placeholder.
