package io.jwtauth.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

// README:begin
/** A DPoP client (RFC 9449): one P-256 key pair for the session's life, a fresh proof for every request. */
public final class DpopClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyPair keys;
    private final Map<String, String> jwk;

    public DpopClient() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
        jwk = Map.of("kty", "EC", "crv", "P-256",
                "x", coordinate(publicKey.getW().getAffineX()), "y", coordinate(publicKey.getW().getAffineY()));
    }

    /** The DPoP header of a request: its method, its URL without the query, the access token it sends (null to log in). */
    public String proof(String method, String url, String accessToken) throws Exception {
        Map<String, Object> claims = new HashMap<>(Map.of("jti", UUID.randomUUID().toString(), "htm", method, "htu", url,
                "iat", Instant.now().getEpochSecond()));
        if (accessToken != null) {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            claims.put("ath", base64url(hash));
        }
        String header = base64url(JSON.writeValueAsBytes(Map.of("typ", "dpop+jwt", "alg", "ES256", "jwk", jwk)));
        String signingInput = header + "." + base64url(JSON.writeValueAsBytes(claims));
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format"); // JWS wants r || s, not DER
        signer.initSign(keys.getPrivate());
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + base64url(signer.sign());
    }

    /** A curve coordinate as the JWK wants it: exactly 32 bytes, big-endian. */
    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return base64url(fixed);
    }

    private static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
// README:end
