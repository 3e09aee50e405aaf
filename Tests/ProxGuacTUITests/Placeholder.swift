// ProxGuacTUITests: placeholder.
