package io.jwtauth.filter;

import io.jwtauth.core.flow.ClientInfo;
import io.jwtauth.core.internal.IpAddresses;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * Facts about the calling client: its address and whether it came over HTTPS, honouring forwarded headers
 * only when the operator said trusted proxies set them.
 *
 * <p>Proxies append to these headers, and a client can send its own first, so every line of the header is
 * read and the entry the outermost trusted proxy added is taken:
 * <ul>
 *   <li>with trusted proxy addresses, only when the direct peer is one of them, walking from the right past
 *       every trusted proxy: the first address that is not one is the client;</li>
 *   <li>otherwise the entry {@code hops} from the right (one proxy: the last).</li>
 * </ul>
 * An entry that is not an IP address literal is not believed: the direct peer's address is used. Immutable
 * and thread-safe.
 */
final class ClientRequests {
    /** Which header the trusted proxies write. */
    public enum ForwardedHeader {
        /** {@code X-Forwarded-For} and {@code X-Forwarded-Proto}. */
        X_FORWARDED,
        /** RFC 7239 {@code Forwarded: for=…;proto=…}. */
        FORWARDED
    }

    private final boolean trustForwardedHeaders;
    private final ForwardedHeader header;
    private final int hops;
    private final List<Cidr> trustedProxies;

    /** Forwarded headers ignored, or honoured with one proxy in front and {@code X-Forwarded-*}. */
    public ClientRequests(boolean trustForwardedHeaders) {
        this(trustForwardedHeaders, ForwardedHeader.X_FORWARDED, 1, List.of());
    }

    /**
     * @param hops           trusted proxies in front of the application (used when {@code trustedProxies} is empty)
     * @param trustedProxies addresses or CIDR blocks of the trusted proxies (see {@link #parseCidr})
     */
    public ClientRequests(boolean trustForwardedHeaders, ForwardedHeader header, int hops, List<String> trustedProxies) {
        this.trustForwardedHeaders = trustForwardedHeaders;
        this.header = header;
        this.hops = hops;
        this.trustedProxies = trustedProxies.stream().map(ClientRequests::parseCidr).toList();
    }

    /** The client's address: see the class comment. */
    public String address(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!trustForwardedHeaders) {
            return peer;
        }
        Hop hop = clientHop(request, peer);
        return hop == null || hop.address() == null ? peer : hop.address();
    }

    public ClientInfo clientInfo(HttpServletRequest request) {
        return new ClientInfo(address(request), request.getHeader("User-Agent"));
    }

    /** Whether the request reached the outermost trusted proxy (or us) over HTTPS. */
    public boolean isSecure(HttpServletRequest request) {
        if (!trustForwardedHeaders) {
            return request.isSecure();
        }
        Hop hop = clientHop(request, request.getRemoteAddr());
        if (hop == null || hop.proto() == null) {
            return request.isSecure();
        }
        return "https".equals(hop.proto());
    }

    /** Whether the client is on this machine (127.0.0.0/8 or ::1, in any form), where plain HTTP is allowed. */
    public boolean isLoopback(HttpServletRequest request) {
        return IpAddresses.isLoopback(address(request));
    }

    /** One proxy's record of the hop before it: the address it saw and the scheme it was reached over. */
    private record Hop(String address, String proto) {
    }

    /** The hop the outermost trusted proxy recorded, or {@code null} when the headers are not to be believed. */
    private Hop clientHop(HttpServletRequest request, String peer) {
        if (!trustedProxies.isEmpty() && !isTrustedProxy(peer)) {
            return null; // not from a proxy we trust: whatever it sent is the client's own claim
        }
        List<Hop> chain = header == ForwardedHeader.FORWARDED ? forwarded(request) : xForwarded(request);
        if (chain.isEmpty()) {
            return null;
        }
        if (trustedProxies.isEmpty()) {
            int index = chain.size() - hops;
            return index >= 0 ? chain.get(index) : null;
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Hop hop = chain.get(i);
            if (hop.address() == null || !isTrustedProxy(hop.address())) {
                return hop;
            }
        }
        return chain.get(0);
    }

    private boolean isTrustedProxy(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trustedProxies.stream().anyMatch(cidr -> cidr.contains(bytes));
    }

    /** {@code X-Forwarded-For} entries over every line, each paired with the same position of {@code X-Forwarded-Proto}. */
    private static List<Hop> xForwarded(HttpServletRequest request) {
        List<String> addresses = entries(request.getHeaders("X-Forwarded-For"));
        List<String> protos = entries(request.getHeaders("X-Forwarded-Proto"));
        List<Hop> chain = new ArrayList<>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            // Proxies that set (rather than append) the proto leave one value: it belongs to the last hop.
            int protoIndex = protos.size() - (addresses.size() - i);
            chain.add(new Hop(normalise(addresses.get(i)), protoIndex >= 0 ? proto(protos.get(protoIndex)) : null));
        }
        if (chain.isEmpty() && !protos.isEmpty()) {
            chain.add(new Hop(null, proto(protos.get(protos.size() - 1))));
        }
        return chain;
    }

    /** RFC 7239 elements over every line, each with its {@code for} and {@code proto}. */
    private static List<Hop> forwarded(HttpServletRequest request) {
        List<Hop> chain = new ArrayList<>();
        for (String element : entries(request.getHeaders("Forwarded"))) {
            String address = null;
            String proto = null;
            for (String pair : element.split(";")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    continue;
                }
                String name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                String value = unquote(pair.substring(equals + 1).strip());
                if (name.equals("for")) {
                    address = normalise(value);
                } else if (name.equals("proto")) {
                    proto = proto(value);
                }
            }
            chain.add(new Hop(address, proto));
        }
        return chain;
    }

    private static List<String> entries(Enumeration<String> lines) {
        List<String> entries = new ArrayList<>();
        if (lines == null) {
            return entries;
        }
        for (String line : Collections.list(lines)) {
            for (String entry : line.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        // The container bounds header size; the proxies' entries are the last ones.
        return entries.size() > 64 ? entries.subList(entries.size() - 64, entries.size()) : entries;
    }

    private static String proto(String value) {
        String proto = value.strip().toLowerCase(Locale.ROOT);
        return proto.equals("https") || proto.equals("http") ? proto : null;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    /** An IP literal without brackets or port, or {@code null} when the entry is no address ("unknown", junk). */
    static String normalise(String entry) {
        String value = entry.strip();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            value = close > 0 ? value.substring(1, close) : value;
        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            value = value.substring(0, value.indexOf(':')); // IPv4 with a port
        }
        return literal(value) == null ? null : value;
    }

    /** The bytes of an IP address literal; {@code null} for anything else. Never resolves a name. */
    static byte[] literal(String value) {
        return IpAddresses.parse(value);
    }

    /** An address block: {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address. */
    public record Cidr(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Parses a trusted proxy entry; {@link IllegalArgumentException} names what is wrong. */
    public static Cidr parseCidr(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        byte[] network = literal(slash < 0 ? value : value.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
            }
        }
        return new Cidr(network, prefix);
    }
}
