package io.jwtauth.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * One shared, strict JSON reader for untrusted input: duplicate keys refused (a token whose header or
 * claims say two things must not be read either way), shallow nesting, bounded strings and numbers, and
 * nothing after the top-level value. Built once; {@link ObjectReader} is thread-safe.
 */
public final class StrictJson {
    /** Tokens and request bodies are flat objects; anything deeper is an attack or a mistake. */
    public static final int MAX_DEPTH = 16;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(40)
                            .maxStringLength(64 * 1024)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final ObjectReader TREE_READER = MAPPER.reader();

    private StrictJson() {
    }

    /** Parses UTF-8 JSON; throws {@link IOException} for anything malformed, duplicated or too deep. */
    public static JsonNode read(byte[] json) throws IOException {
        JsonNode node = TREE_READER.readTree(json);
        if (node == null || node.isMissingNode()) {
            throw new IOException("empty JSON");
        }
        return node;
    }

    public static JsonNode read(String json) throws IOException {
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
