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

#endif
