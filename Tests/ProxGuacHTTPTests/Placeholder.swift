// ProxGuacHTTPTests: placeholder.
