package io.jwtauth.core.keys;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM: PKCS#8 private keys, X.509 SubjectPublicKeyInfo public keys and certificates (RSA, EC, Ed25519). Legacy
 * PKCS#1 / SEC1 blocks are refused with the command that converts them.
 */
final class PemReader {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");

    private PemReader() {
    }

    static boolean looksLikePem(String text) {
        return text.contains("-----BEGIN ");
    }

    static KeyMaterial read(String text, JwsAlgorithm expected) {
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        Matcher matcher = BLOCK.matcher(text);
        int blocks = 0;
        while (matcher.find()) {
            blocks++;
            String type = matcher.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(matcher.group(2));
            } catch (IllegalArgumentException e) {
                throw new KeyImportException("PEM block " + type + " is not valid base64");
            }
            switch (type) {
                case "PRIVATE KEY" -> privateKey = only(privateKey, privatePkcs8(der), "private key");
                case "PUBLIC KEY" -> publicKey = only(publicKey, publicSpki(der), "public key");
                case "CERTIFICATE" -> publicKey = only(publicKey, certificateKey(der), "public key");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new KeyImportException(
                        "PEM '" + type + "' is a legacy format; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
                case "ENCRYPTED PRIVATE KEY" -> throw new KeyImportException(
                        "encrypted private keys are not supported; decrypt it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
                default -> throw new KeyImportException("unsupported PEM block '" + type + "'");
            }
        }
        if (blocks == 0) {
            throw new KeyImportException("no PEM block found");
        }
        if (privateKey instanceof RSAPrivateCrtKey crt) {
            PublicKey derived = derivedRsaPublic(crt);
            if (publicKey != null && !publicKey.equals(derived)) {
                throw new KeyImportException("the PEM public key does not belong to its private key");
            }
            publicKey = derived;
        }
        if ((privateKey instanceof ECPrivateKey || EdKeys.isEd25519(privateKey)) && publicKey == null) {
            throw new KeyImportException("an " + privateKey.getAlgorithm() + " private key needs its public key in the same file; append it with: "
                    + "openssl pkey -in key.pem -pubout >> key.pem");
        }
        if (privateKey != null && !(privateKey instanceof RSAPrivateCrtKey) && !(privateKey instanceof ECPrivateKey)
                && !EdKeys.isEd25519(privateKey)) {
            throw new KeyImportException("unsupported private key type " + privateKey.getAlgorithm());
        }
        return fromJavaKeys(publicKey, privateKey, expected, null);
    }

    /** Validates JDK key objects and binds them to an algorithm. */
    static KeyMaterial fromJavaKeys(PublicKey publicKey, PrivateKey privateKey, JwsAlgorithm expected, String kid) {
        if (publicKey instanceof RSAPublicKey rsa) {
            RsaKeyChecks.checkPublic(rsa.getModulus(), rsa.getPublicExponent());
            JwsAlgorithm algorithm = expected == null ? JwsAlgorithm.RS256 : expected;
            if (algorithm.family() != JwsAlgorithm.Family.RSA && algorithm.family() != JwsAlgorithm.Family.RSA_PSS) {
                throw new KeyImportException("an RSA key cannot be used for " + algorithm);
            }
            return Keys.checkedPair(new KeyMaterial(algorithm, kid, publicKey, privateKey, null, null));
        }
        if (publicKey instanceof ECPublicKey ec) {
            String curve = EcCurves.curveOf(ec.getParams());
            if (curve == null) {
                throw new KeyImportException("EC key is on an unsupported curve; use P-256, P-384 or P-521");
            }
            if (!EcCurves.isOnCurve(ec.getW(), ec.getParams())) {
                throw new KeyImportException("EC public point is not on curve " + curve);
            }
            JwsAlgorithm algorithm = switch (curve) {
                case "P-256" -> JwsAlgorithm.ES256;
                case "P-384" -> JwsAlgorithm.ES384;
                default -> JwsAlgorithm.ES512;
            };
            if (expected != null && expected != algorithm) {
                throw new KeyImportException("an EC " + curve + " key is for " + algorithm + ", but " + expected + " is configured");
            }
            return Keys.checkedPair(new KeyMaterial(algorithm, kid, publicKey, privateKey, null, null));
        }
        if (publicKey instanceof EdECPublicKey) {
            // Ed25519 only (X25519 never parses as one; Ed448 is refused here), checked like a JWK's x.
            PublicKey checked = EdKeys.publicKey(EdKeys.raw(publicKey));
            if (expected != null && expected != JwsAlgorithm.EdDSA) {
                throw new KeyImportException("an Ed25519 key is for EdDSA, but " + expected + " is configured");
            }
            return Keys.checkedPair(new KeyMaterial(JwsAlgorithm.EdDSA, kid, checked, privateKey, null, null));
        }
        throw new KeyImportException("unsupported key type " + (publicKey == null ? "(none)" : publicKey.getAlgorithm()));
    }

    private static <T> T only(T existing, T next, String what) {
        if (existing != null) {
            throw new KeyImportException("the PEM file holds more than one " + what);
        }
        return next;
    }

    private static PrivateKey privatePkcs8(byte[] der) {
        for (String type : new String[] {"RSA", "EC", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | ClassCastException e) {
                // try the next key type
            }
        }
        throw new KeyImportException("PKCS#8 private key is not RSA, EC or Ed25519, or is corrupt (X25519 keys are for key agreement)");
    }

    private static PublicKey publicSpki(byte[] der) {
        for (String type : new String[] {"RSA", "EC", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | ClassCastException e) {
                // try the next key type
            }
        }
        throw new KeyImportException("public key is not RSA, EC or Ed25519, or is corrupt (X25519 keys are for key agreement)");
    }

    private static PublicKey certificateKey(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new KeyImportException("certificate cannot be read", e);
        }
    }

    private static PublicKey derivedRsaPublic(RSAPrivateCrtKey key) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new KeyImportException("RSA private key is corrupt", e);
        }
    }
}
