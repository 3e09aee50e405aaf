// ProxGuacNetTests: placeholder.
