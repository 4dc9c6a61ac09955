package io.jwtauth.core.internal;

/**
 * The JWS signing input: the encoded header and payload segments, as ASCII bytes. Its own type, in this
 * core-internal package, so that the signing method of {@code KeyMaterial} can only be called by jwtauth's own
 * token layer (the module exports this package to jwtauth's modules only).
 */
public record SigningInput(byte[] header, byte[] payload) {
}
