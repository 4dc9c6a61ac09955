package io.jwtauth.core.keys;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Map;

/**
 * The three NIST curves JWS uses, and the point validation the JDK's {@code KeyFactory} does not do: a
 * public point must lie on the key's curve, or an invalid-curve attack can recover private keys.
 */
final class EcCurves {
    private static final Map<String, String> STANDARD_NAMES = Map.of(
            "P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");
    private static final Map<String, ECParameterSpec> PARAMETERS = Map.of(
            "P-256", load("secp256r1"), "P-384", load("secp384r1"), "P-521", load("secp521r1"));

    private EcCurves() {
    }

    private static ECParameterSpec load(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("curve " + name + " is missing from this JVM", e);
        }
    }

    /** Parameters for a JWK {@code crv} name, or {@code null} if unsupported. */
    static ECParameterSpec parameters(String jwkCurve) {
        return jwkCurve == null ? null : PARAMETERS.get(jwkCurve);
    }

    static String standardName(String jwkCurve) {
        return STANDARD_NAMES.get(jwkCurve);
    }

    /** The JWK {@code crv} name of a key's parameters (matched by group order), or {@code null}. */
    static String curveOf(ECParameterSpec spec) {
        for (Map.Entry<String, ECParameterSpec> entry : PARAMETERS.entrySet()) {
            ECParameterSpec known = entry.getValue();
            if (known.getOrder().equals(spec.getOrder()) && known.getCurve().equals(spec.getCurve())) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** Coordinate length in bytes for a curve (32, 48, 66). */
    static int coordinateBytes(String jwkCurve) {
        return (PARAMETERS.get(jwkCurve).getCurve().getField().getFieldSize() + 7) / 8;
    }

    /** Whether {@code point} is a finite point on the curve: y² = x³ + ax + b (mod p), 0 ≤ x, y < p. */
    static boolean isOnCurve(ECPoint point, ECParameterSpec spec) {
        if (point == null || ECPoint.POINT_INFINITY.equals(point)) {
            return false;
        }
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        return left.equals(right);
    }
}
