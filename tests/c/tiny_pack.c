/*
 * A tiny rule pack written in C against plugin-api/include/ftzroute_pack.h.
 *
 * Zone "tiny", every sector: every export is exempt under its single rule. It finds the export
 * ids by scanning the request for "id" keys (the handler has none), which is all it needs.
 *
 * Test variants, chosen with -D:
 *   WRONG_ABI   exports ABI version 99
 *   NO_API      exports its table under another name than ftzroute_pack_api_v1
 *   GARBAGE     answers evaluate with bytes that are not JSON
 *   ASSESSMENT  a second "edition": every export needs a security assessment (for reload tests)
 *   SEGFAULT    evaluate dereferences a null pointer
 *   ABORT       evaluate calls abort()
 *   HANG        evaluate never returns
 *   FLOOD       evaluate writes 20 MB (over the host's 16 MB cap)
 *   BAD_UTF8    evaluate answers with bytes that are not UTF-8
 *   BAD_ROUTE   evaluate answers a route outside the vocabulary
 *   BAD_RULE    evaluate names a rule its description does not declare
 *   FICKLE      evaluate answers the same input differently from one call to the next
 *   STACK       evaluate recurses until the stack overflows
 *   EXIT_ZERO   evaluate ends the whole process with exit(0)
 *   HANG_DESCRIBE  describe never returns
 *   SLOW_DESCRIBE  describe takes 2 s before answering (slower than a short deadline)
 *   SHORT_TABLE    the function table declares a size smaller than the ABI's table
 *   IMPOSTER    claims the id and zone of the real Jiangsu pack (`jiangsu-biopharma-2025`)
 */
#ifdef SLOW_DESCRIBE
#define _POSIX_C_SOURCE 200809L
#include <time.h>
#endif

#include "ftzroute_pack.h"

#include <stdlib.h>
#include <string.h>

#ifdef WRONG_ABI
const uint32_t FTZROUTE_PACK_ABI_VERSION = 99u;
#else
const uint32_t FTZROUTE_PACK_ABI_VERSION = FTZROUTE_ABI_VERSION;
#endif

#ifdef ASSESSMENT
#define EDITION "2"
#define RULE "all-assessment"
#define ROUTE "security-assessment"
#else
#define EDITION "1"
#define RULE "all-exempt"
#define ROUTE "exempt"
#endif

#ifdef IMPOSTER
#define PACK_ID "jiangsu-biopharma-2025"
#define ZONE "jiangsu"
#else
#define PACK_ID "tiny-c"
#define ZONE "tiny"
#endif

static const char DESCRIPTION[] =
    "{\"id\":\"" PACK_ID "\",\"zone\":\"" ZONE "\",\"name\":\"Tiny C pack\",\"edition\":\"" EDITION "\","
    "\"issuers\":[\"ftzroute tests\"],\"issued\":\"2024-01-01\",\"effective_from\":\"2024-01-01\","
    "\"sectors\":[\"*\"],"
    "\"source\":{\"title_zh\":\"测试\",\"title_en\":\"Test\",\"reference\":\"tests/c/tiny_pack.c\"},"
    "\"rules\":[{\"id\":\"" RULE "\",\"route\":\"" ROUTE "\",\"basis\":\"Tiny C pack rule 1\","
    "\"citation\":{\"zh\":\"测试规则第一条\",\"en\":\"Test rule 1\"}}]}";

static uint32_t describe(FtzSink out) {
#if defined(HANG_DESCRIBE)
    for (volatile int spin = 0;; spin++) {
    }
#elif defined(SLOW_DESCRIBE)
    struct timespec two_seconds = {2, 0};
    nanosleep(&two_seconds, NULL);
#endif
    ftz_sink_write_str(out, DESCRIPTION);
    return FTZROUTE_STATUS_OK;
}

#ifdef STACK
/* Each frame keeps a buffer alive across the call, so the compiler cannot turn this into a loop. */
static volatile unsigned limit = 0xffffffffu; /* never reached: the stack ends first */

static unsigned deeper(unsigned depth) {
    volatile char frame[4096];
    frame[0] = (char)depth;
    if (depth == limit) {
        return 0;
    }
    return deeper(depth + 1) + frame[0];
}
#endif

static uint32_t evaluate(const uint8_t *request, size_t len, FtzSink out) {
#if defined(STACK)
    return deeper(0);
#elif defined(SEGFAULT)
    volatile int *nowhere = NULL;
    *nowhere = 1;
#elif defined(ABORT)
    abort();
#elif defined(EXIT_ZERO)
    exit(0);
#elif defined(HANG)
    for (volatile int spin = 0;; spin++) {
    }
#elif defined(FLOOD)
    static char chunk[1 << 20];
    memset(chunk, ' ', sizeof chunk);
    for (int i = 0; i < 20; i++) {
        out.write(out.ctx, (const uint8_t *)chunk, sizeof chunk);
    }
    return FTZROUTE_STATUS_OK;
#elif defined(BAD_UTF8)
    (void)request;
    (void)len;
    ftz_sink_write_str(out, "{\"exports\":[{\"id\":\"\xc3\x28\",\"route\":\"exempt\",\"rule\":\"all-exempt\"}]}");
    return FTZROUTE_STATUS_OK;
#endif
#ifdef GARBAGE
    (void)request;
    (void)len;
    ftz_sink_write_str(out, "\xff\xfe not json at all");
    return FTZROUTE_STATUS_OK;
#else
    static const char key[] = "\"id\":\"";
    const size_t key_len = sizeof key - 1;
    int first = 1;
    ftz_sink_write_str(out, "{\"exports\":[");
    for (size_t i = 0; i + key_len <= len; i++) {
        if (memcmp(request + i, key, key_len) != 0) {
            continue;
        }
        size_t start = i + key_len;
        size_t end = start;
        while (end < len && request[end] != '"') {
            end++;
        }
        if (!first) {
            ftz_sink_write_str(out, ",");
        }
        first = 0;
        ftz_sink_write_str(out, "{\"id\":\"");
        out.write(out.ctx, request + start, end - start);
#if defined(BAD_ROUTE)
        ftz_sink_write_str(out, "\",\"route\":\"teleport\",\"rule\":\"" RULE "\"}");
#elif defined(BAD_RULE)
        ftz_sink_write_str(out, "\",\"route\":\"" ROUTE "\",\"rule\":\"no-such-rule\"}");
#elif defined(FICKLE)
        /* A counter that survives calls: the same input gets another answer next time. */
        static unsigned calls = 0;
        ftz_sink_write_str(out, calls++ % 2 ? "\",\"route\":\"exempt\",\"rule\":\"all-exempt\",\"notes\":[\"odd\"]}"
                                                   : "\",\"route\":\"exempt\",\"rule\":\"all-exempt\"}");
#else
        ftz_sink_write_str(out, "\",\"route\":\"" ROUTE "\",\"rule\":\"" RULE "\"}");
#endif
        i = end;
    }
    ftz_sink_write_str(out, "]}");
    return FTZROUTE_STATUS_OK;
#endif
}

static const FtzPackApiV1 API = {
    FTZROUTE_ABI_VERSION,
#ifdef SHORT_TABLE
    (uint32_t)sizeof(FtzPackApiV1) - (uint32_t)sizeof(void *),
#else
    (uint32_t)sizeof(FtzPackApiV1),
#endif
    describe,
    evaluate,
};

#ifdef NO_API
/* Exported under a name the host does not look for. */
const FtzPackApiV1 *ftzroute_pack_api_v0(void) {
#else
const FtzPackApiV1 *ftzroute_pack_api_v1(void) {
#endif
    return &API;
}
