#ifndef FOGLINE_CCURL_SHIM_H
#define FOGLINE_CCURL_SHIM_H

/// libcurl, which carries Fogline's requests to an OpenAI-compatible LLM.
///
/// `curl_easy_setopt` and `curl_easy_getinfo` are variadic, which Swift
/// cannot call; these typed wrappers stand in for them.
#include <curl/curl.h>

/// Sets a `long` option.
static inline CURLcode fogline_curl_set_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
/// Sets a string option (copied by libcurl).
static inline CURLcode fogline_curl_set_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
/// Sets a pointer option (headers list, user data).
static inline CURLcode fogline_curl_set_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
/// Sets the body write callback.
static inline CURLcode fogline_curl_set_write_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, f);
}
/// Sets the header callback.
static inline CURLcode fogline_curl_set_header_function(CURL *h, size_t (*f)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, f);
}
/// Reads a `long` piece of information (the HTTP status, for instance).
static inline CURLcode fogline_curl_get_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }

/// Reads a `curl_off_t` piece of information (timings in microseconds, sizes).
static inline CURLcode fogline_curl_get_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
/// Sets a `curl_off_t` option (body sizes, for instance `CURLOPT_POSTFIELDSIZE_LARGE`).
static inline CURLcode fogline_curl_set_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
/// Sets the progress callback; returning non-zero from it aborts the transfer (cancellation).
/// Also clears `CURLOPT_NOPROGRESS`, without which libcurl never calls it.
static inline CURLcode fogline_curl_set_xferinfo_function(
    CURL *h, int (*f)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
    CURLcode rc = curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f);
    if (rc != CURLE_OK) return rc;
    return curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}
/// `curl_global_init(CURL_GLOBAL_DEFAULT)`: the flag is a macro Swift does not import.
/// Not thread-safe in libcurl 7.x: call it once, before the first handle is made.
static inline CURLcode fogline_curl_global_init_default(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }
/// The size libcurl needs for `CURLOPT_ERRORBUFFER`.
static inline size_t fogline_curl_error_size(void) { return CURL_ERROR_SIZE; }

#endif
