package io.jwtauth.core.internal;

import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * The three base64url segments of a compact JWS, in the shape java-jwt's {@code Algorithm.verify} reads.
 * jwtauth parses and checks headers and claims itself (strictly, once); java-jwt only does the signature
 * arithmetic over these segments. The claim accessors are therefore never used and answer nothing.
 */
public final class SignedParts implements DecodedJWT {
    private final String header;
    private final String payload;
    private final String signature;

    public SignedParts(String header, String payload, String signature) {
        this.header = header;
        this.payload = payload;
        this.signature = signature;
    }

    @Override
    public String getToken() {
        return header + '.' + payload + '.' + signature;
    }

    @Override
    public String getHeader() {
        return header;
    }

    @Override
    public String getPayload() {
        return payload;
    }

    @Override
    public String getSignature() {
        return signature;
    }

    // The key is fixed by the Algorithm instance; a token's kid must not reach key selection inside java-jwt.
    @Override
    public String getKeyId() {
        return null;
    }

    @Override
    public String getAlgorithm() {
        return null;
    }

    @Override
    public String getType() {
        return null;
    }

    @Override
    public String getContentType() {
        return null;
    }

    @Override
    public Claim getHeaderClaim(String name) {
        return null;
    }

    @Override
    public String getIssuer() {
        return null;
    }

    @Override
    public String getSubject() {
        return null;
    }

    @Override
    public List<String> getAudience() {
        return null;
    }

    @Override
    public Date getExpiresAt() {
        return null;
    }

    @Override
    public Date getNotBefore() {
        return null;
    }

    @Override
    public Date getIssuedAt() {
        return null;
    }

    @Override
    public String getId() {
        return null;
    }

    @Override
    public Claim getClaim(String name) {
        return null;
    }

    @Override
    public Map<String, Claim> getClaims() {
        return Map.of();
    }
}
