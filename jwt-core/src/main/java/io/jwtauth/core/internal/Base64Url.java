package io.jwtauth.core.internal;

import java.util.Base64;

/**
 * Strict base64url (RFC 7515 §2): the URL-safe alphabet only, no padding, no white space, and the unused
 * low bits of the last character must be zero, so that every byte string has exactly one encoding.
 * {@link java.util.Base64}'s decoder accepts padding and non-zero trailing bits; tokens that rely on that
 * are malleable and are refused here.
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Whether {@code text[from, to)} is canonical, unpadded base64url. Allocates nothing. */
    public static boolean isCanonical(CharSequence text, int from, int to) {
        int length = to - from;
        if (length % 4 == 1) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 128 || VALUES[c] < 0) {
                return false;
            }
        }
        if (length == 0) {
            return true;
        }
        int last = VALUES[text.charAt(to - 1)];
        return switch (length % 4) {
            case 2 -> (last & 0x0F) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }

    /** Decodes canonical base64url; throws {@link IllegalArgumentException} for anything else. */
    public static byte[] decodeStrict(String text) {
        if (text == null || !isCanonical(text, 0, text.length())) {
            throw new IllegalArgumentException("not canonical base64url");
        }
        return DECODER.decode(text);
    }
}
