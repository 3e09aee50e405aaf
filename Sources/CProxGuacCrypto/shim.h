#ifndef PROXGUAC_CRYPTO_SHIM_H
#define PROXGUAC_CRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
/* Add static inline wrappers here for macros / variadics Swift cannot import (prefix proxguac_ssl_). */
#endif
