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

/* prctl is variadic: mark the process not dumpable (no core file, no ptrace or /proc/pid/mem by the same user). */
#include <sys/prctl.h>
static inline int proxguac_ssl_process_not_dumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* ---- Lab (ProxGuacLab): self-signed certificate and TLS server helpers ---- */

/* EVP_EC_gen is a macro over the variadic EVP_PKEY_Q_keygen: generate an EC P-256 key. */
static inline EVP_PKEY *proxguac_ssl_lab_generate_p256_key(void) {
    return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

/* MBSTRING_ASC is a composite macro: add one ASCII text entry (e.g. "CN") to a name. */
static inline int proxguac_ssl_lab_name_add_text(X509_NAME *name, const char *field, const char *value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC, (const unsigned char *)value, -1, -1, 0);
}

/* Add a v3 extension given in openssl.cnf syntax (e.g. subjectAltName "IP:127.0.0.1"). */
static inline int proxguac_ssl_lab_add_extension(X509 *cert, int nid, const char *value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (ext == NULL) return 0;
    int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

/* BIO_get_mem_data is a macro over BIO_ctrl. */
static inline long proxguac_ssl_lab_bio_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/* SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl. */
static inline int proxguac_ssl_lab_ctx_min_tls12(SSL_CTX *ctx) {
    return (int)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
}
#endif
