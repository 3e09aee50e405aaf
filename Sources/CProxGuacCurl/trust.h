#ifndef PROXGUAC_CURL_TRUST_H
#define PROXGUAC_CURL_TRUST_H
#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/err.h>

/* The system CA store, built once per process and handed to every SSL_CTX that verifies against it, so the CA
 * bundle (~140 certificates) is parsed once per run instead of once per TLS connection. curl then has no CA file
 * or path of its own (CURLOPT_CAINFO/CAPATH are NULL): OpenSSL verifies the chain against this store during the
 * handshake, and curl still checks the verify result and the host name afterwards, exactly as before.
 *
 * `file` is loaded now (failure: NULL, *file_failed = 1); `dir` is an OpenSSL hash directory, read lazily
 * (certificates found there stay in the store). Both NULL: OpenSSL's default paths. The flags are the ones curl
 * sets on the store it builds itself (trusted certificates first; an intermediate in the store may anchor). */
static inline X509_STORE *proxguac_trust_store_new(const char *file, const char *dir, int *file_failed) {
    *file_failed = 0;
    X509_STORE *store = X509_STORE_new();
    if (store == NULL) return NULL;
    int ok = 1;
    if (file == NULL && dir == NULL) {
        ok = X509_STORE_set_default_paths(store) == 1;
    } else {
        if (file != NULL && X509_STORE_load_file(store, file) != 1) { ok = 0; *file_failed = 1; }
        if (ok && dir != NULL && X509_STORE_load_path(store, dir) != 1) ok = 0;
    }
    ERR_clear_error();
    if (!ok) {
        X509_STORE_free(store);
        return NULL;
    }
    X509_STORE_set_flags(store, X509_V_FLAG_TRUSTED_FIRST | X509_V_FLAG_PARTIAL_CHAIN);
    return store;
}
/* Certificates the store holds now (the file's; the directory adds more only as they are looked up). */
static inline int proxguac_trust_store_count(X509_STORE *store) {
    STACK_OF(X509_OBJECT) *objects = X509_STORE_get0_objects(store);
    return objects == NULL ? 0 : sk_X509_OBJECT_num(objects);
}
static inline CURLcode proxguac_trust_ssl_ctx(CURL *curl, void *ssl_ctx, void *arg) {
    (void)curl;
    /* set1: the context takes a reference; the store outlives every connection anyway. */
    SSL_CTX_set1_cert_store((SSL_CTX *)ssl_ctx, (X509_STORE *)arg);
    return CURLE_OK;
}
static inline CURLcode proxguac_curl_setopt_trust_store(CURL *h, X509_STORE *store) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, proxguac_trust_ssl_ctx);
    if (rc != CURLE_OK) return rc;
    return curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, store);
}
/* CURLOPT_CAINFO/CAPATH to NULL: curl loads no CA file or directory for this transfer. */
static inline CURLcode proxguac_curl_no_ca_locations(CURL *h) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_CAINFO, (char *)NULL);
    if (rc != CURLE_OK) return rc;
    return curl_easy_setopt(h, CURLOPT_CAPATH, (char *)NULL);
}
#endif
