/*
 * ftzroute rule-pack ABI, version 1.
 *
 * A pack is a shared library that exports:
 *   const uint32_t FTZROUTE_PACK_ABI_VERSION;           -- must be FTZROUTE_ABI_VERSION
 *   const FtzPackApiV1 *ftzroute_pack_api_v1(void);     -- the function table
 *
 * Documents are UTF-8 JSON (schemas in the plugin-api crate, `contract::model` module, and in
 * docs/pack-authors.md). The pack writes every answer into the host-owned sink; no memory
 * allocated on one side is freed on the other. Entry points must not unwind or longjmp out,
 * and must not write to stdout or stderr.
 *
 * The table only grows by appending fields: a host accepts a table whose `size` is at least the
 * size of the fields it uses.
 */
#ifndef FTZROUTE_PACK_H
#define FTZROUTE_PACK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FTZROUTE_ABI_VERSION 1u

/* Status codes returned by every entry point. On anything but OK the sink holds a UTF-8 message. */
#define FTZROUTE_STATUS_OK 0u
#define FTZROUTE_STATUS_BAD_REQUEST 1u
#define FTZROUTE_STATUS_PANICKED 2u
#define FTZROUTE_STATUS_FAILED 3u

/* Host-owned output buffer: each call to write appends len bytes. */
typedef struct FtzSink {
    void *ctx;
    void (*write)(void *ctx, const uint8_t *bytes, size_t len);
} FtzSink;

typedef struct FtzPackApiV1 {
    uint32_t abi_version; /* FTZROUTE_ABI_VERSION */
    uint32_t size;        /* sizeof(FtzPackApiV1) as built */
    /* Writes the pack description (JSON object) into out. */
    uint32_t (*describe)(FtzSink out);
    /* Reads an evaluation request (JSON, len bytes) and writes the response (JSON) into out. */
    uint32_t (*evaluate)(const uint8_t *request, size_t len, FtzSink out);
} FtzPackApiV1;

/* Convenience for writing a NUL-terminated string into a sink. */
static inline void ftz_sink_write_str(FtzSink out, const char *text) {
    size_t len = 0;
    while (text[len] != '\0') {
        len++;
    }
    out.write(out.ctx, (const uint8_t *)text, len);
}

#ifdef __cplusplus
}
#endif

#endif /* FTZROUTE_PACK_H */
