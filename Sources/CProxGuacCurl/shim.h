#ifndef PROXGUAC_CURL_SHIM_H
#define PROXGUAC_CURL_SHIM_H
#include <curl/curl.h>

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
#endif
