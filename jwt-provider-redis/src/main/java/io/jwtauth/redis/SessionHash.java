package io.jwtauth.redis;

import io.jwtauth.core.spi.SessionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A session as the fields of its Redis hash ({@code u} user id, {@code rh} renewal hash, {@code sh0..sh15} superseded
 * hashes, {@code g} generation, times in epoch milliseconds, …). Every value stays within 64 bytes, so that Redis keeps
 * the hash in its compact encoding (a listpack, half the memory of a hash table): the user agent is kept in chunks, each
 * superseded hash in a field of its own. The scripts ({@link SessionScripts}) use the same names.
 */
final class SessionHash {
    private static final int MAX_SUPERSEDED = 16;
    private static final int CHUNK = 60;

    private SessionHash() {
    }

    /** The hash's fields of {@code session}, flat (name, value, name, value, …); null values are left out. */
    static List<String> fields(SessionRecord session) {
        List<String> args = new ArrayList<>();
        field(args, "u", session.userId());
        field(args, "rh", session.renewalHash());
        List<String> superseded = superseded(session.supersededHashes());
        for (int i = 0; i < superseded.size(); i++) {
            field(args, "sh" + i, superseded.get(i));
        }
        field(args, "sa", millis(session.supersededAt()));
        field(args, "g", Long.toString(session.generation()));
        field(args, "at", session.accessTokenId());
        field(args, "cd", session.credentialDigest());
        field(args, "c", millis(session.createdAt()));
        field(args, "r", millis(session.renewedAt()));
        field(args, "d", millis(session.renewalDeadline()));
        field(args, "x", millis(session.revokedAt()));
        field(args, "ip", session.clientAddress());
        String userAgent = session.userAgent();
        for (int i = 0; userAgent != null && i * CHUNK < userAgent.length(); i++) {
            field(args, "ua" + i, userAgent.substring(i * CHUNK, Math.min(userAgent.length(), (i + 1) * CHUNK)));
        }
        return args;
    }

    /** The session whose hash has {@code fields}. */
    static SessionRecord read(String sessionId, Map<String, String> fields) {
        List<String> superseded = new ArrayList<>();
        for (int i = 0; fields.containsKey("sh" + i); i++) {
            superseded.add(fields.get("sh" + i));
        }
        StringBuilder userAgent = null;
        for (int i = 0; fields.containsKey("ua" + i); i++) {
            userAgent = (userAgent == null ? new StringBuilder() : userAgent).append(fields.get("ua" + i));
        }
        return new SessionRecord(sessionId, fields.get("u"), fields.get("rh"), superseded, instant(fields.get("sa")),
                Long.parseLong(fields.get("g")), fields.get("at"), fields.get("cd"), instant(fields.get("c")), instant(fields.get("r")),
                instant(fields.get("d")), instant(fields.get("x")), fields.get("ip"), userAgent == null ? null : userAgent.toString());
    }

    /** Core keeps at most 16 superseded hashes; more would not fit the fields {@code sh0..sh15}. */
    static List<String> superseded(List<String> hashes) {
        if (hashes.size() > MAX_SUPERSEDED) {
            throw new IllegalArgumentException("more than " + MAX_SUPERSEDED + " superseded renewal hashes");
        }
        return hashes;
    }

    static String millis(Instant instant) {
        return instant == null ? null : Long.toString(instant.toEpochMilli());
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static void field(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }
}
