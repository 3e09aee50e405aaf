#ifndef PROXGUAC_CURL_SHIM_H
#define PROXGUAC_CURL_SHIM_H
#include <curl/curl.h>
#include <malloc.h>

/* curl_easy_setopt & co. are variadic: Swift cannot call them. One typed wrapper per argument type. */
static inline CURLcode proxguac_curl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode proxguac_curl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode proxguac_curl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode proxguac_curl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode proxguac_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*proxguac_curl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode proxguac_curl_setopt_data_cb(CURL *h, CURLoption o, proxguac_curl_data_cb cb) { return curl_easy_setopt(h, o, cb); }
static inline CURLcode proxguac_curl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode proxguac_curl_getinfo_double(CURL *h, CURLINFO i, double *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode proxguac_curl_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode proxguac_curl_getinfo_pointer(CURL *h, CURLINFO i, void **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode proxguac_curl_getinfo_certinfo(CURL *h, struct curl_certinfo **v) { return curl_easy_getinfo(h, CURLINFO_CERTINFO, v); }
static inline CURLMcode proxguac_curl_multi_setopt_long(CURLM *m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }
static inline curl_version_info_data *proxguac_curl_version_info_now(void) { return curl_version_info(CURLVERSION_NOW); }

/* Certificate pinning: compare SHA-256(DER of the server's leaf certificate) with a pin during the TLS handshake,
 * before any request byte (and so any Authorization header) is sent. The pin replaces chain verification: a pinned
 * self-signed certificate is accepted; any other certificate fails the handshake. Swift owns the struct's memory
 * and keeps it alive for the whole transfer; `actual` tells Swift which certificate was offered on a mismatch. */
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/evp.h>
#include <openssl/crypto.h>
typedef struct proxguac_curl_pin {
    unsigned char expected[32];
    unsigned char actual[32];
    int seen;     /* a leaf certificate reached the check */
    int matched;  /* its digest equals `expected` */
} proxguac_curl_pin;
static inline int proxguac_curl_pin_verify(X509_STORE_CTX *store, void *arg) {
    proxguac_curl_pin *pin = (proxguac_curl_pin *)arg;
    X509 *leaf = X509_STORE_CTX_get0_cert(store);
    unsigned int length = 0;
    if (leaf == NULL || X509_digest(leaf, EVP_sha256(), pin->actual, &length) != 1 || length != 32) {
        X509_STORE_CTX_set_error(store, X509_V_ERR_UNSPECIFIED);
        return 0;
    }
    pin->seen = 1;
    pin->matched = CRYPTO_memcmp(pin->actual, pin->expected, 32) == 0;
    X509_STORE_CTX_set_error(store, pin->matched ? X509_V_OK : X509_V_ERR_CERT_REJECTED);
    return pin->matched;
}
static inline CURLcode proxguac_curl_pin_ssl_ctx(CURL *curl, void *ssl_ctx, void *arg) {
    (void)curl;
    SSL_CTX_set_verify((SSL_CTX *)ssl_ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_cert_verify_callback((SSL_CTX *)ssl_ctx, proxguac_curl_pin_verify, arg);
    return CURLE_OK;
}
static inline CURLcode proxguac_curl_setopt_pin(CURL *h, proxguac_curl_pin *pin) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, proxguac_curl_pin_ssl_ctx);
    if (rc != CURLE_OK) return rc;
    return curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, pin);
}
/* OpenSSL frees its global state (locks, tables, providers) from an atexit handler unless its first initialisation
 * says not to. At exit other threads may still be inside OpenSSL (a TLS connection being closed, a digest), and
 * freed locks under them crash the process after its work is done (SIGSEGV in pthread_rwlock_unlock,
 * "free(): invalid size"). The kernel reclaims the memory anyway. Returns 1 on success. */
static inline int proxguac_openssl_init_without_exit_cleanup(void) {
    return OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
}
/* The CURLMsg result lives in a union; read it in C. */
static inline CURLcode proxguac_curl_msg_result(const CURLMsg *m) { return m->data.result; }
/* glibc heap settings (see HeapTuning.swift). MALLOC_ARENA_MAX / MALLOC_MMAP_THRESHOLD_ in the environment win. */
static inline void proxguac_malloc_trim(void) { (void)malloc_trim(0); }
#include <stdlib.h>
static inline void proxguac_tune_malloc(int arenas, int mmap_threshold) {
    const char *arena_max = getenv("MALLOC_ARENA_MAX");
    if (arena_max == NULL || *arena_max == 0) (void)mallopt(M_ARENA_MAX, arenas);
    const char *threshold = getenv("MALLOC_MMAP_THRESHOLD_");
    if (threshold == NULL || *threshold == 0) (void)mallopt(M_MMAP_THRESHOLD, mmap_threshold);
}

#endif
