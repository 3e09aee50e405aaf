// ProxGuacCryptoTests: placeholder.
