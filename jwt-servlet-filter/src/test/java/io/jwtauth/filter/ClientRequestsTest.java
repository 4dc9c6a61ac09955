package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jwtauth.filter.ClientRequests.ForwardedHeader;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 1: only the first {@code X-Forwarded-For} line was read, so behind a proxy that adds its own
 * line (HAProxy's {@code option forwardfor}) the client's forged line won: fake addresses past the throttle, or
 * {@code 127.0.0.1} to skip the HTTPS requirement.
 */
class ClientRequestsTest {
    /** A request from {@code peer} with these header lines (each value one line, in order). */
    private static HttpServletRequest request(String peer, boolean secure, Map<String, List<String>> lines) {
        return (HttpServletRequest) Proxy.newProxyInstance(ClientRequestsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "isSecure" -> secure;
                    case "getHeaders" -> Collections.enumeration(lines.getOrDefault((String) args[0], List.of()));
                    case "getHeader" -> lines.getOrDefault((String) args[0], List.of()).stream().findFirst().orElse(null);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Map<String, List<String>> headers(String... nameThenLines) {
        Map<String, List<String>> lines = new HashMap<>();
        for (int i = 0; i < nameThenLines.length; i += 2) {
            lines.computeIfAbsent(nameThenLines[i], name -> new java.util.ArrayList<>()).add(nameThenLines[i + 1]);
        }
        return lines;
    }

    @Test
    void addressWhenClientForgesAFirstLineAndTheProxyAddsItsOwnThenTheProxysEntryWins() {
        ClientRequests clients = new ClientRequests(true);
        HttpServletRequest forged = request("10.0.0.2", false, headers(
                "X-Forwarded-For", "127.0.0.1", "X-Forwarded-For", "203.0.113.50",
                "X-Forwarded-Proto", "https", "X-Forwarded-Proto", "http"));
        assertEquals("203.0.113.50", clients.address(forged));
        assertFalse(clients.isLoopback(forged), "a forged 127.0.0.1 must not skip the HTTPS requirement");
        assertFalse(clients.isSecure(forged), "the proxy said plain HTTP");
    }

    @Test
    void addressWhenTwoTrustedHopsThenTheEntryTheOuterProxyAdded() {
        ClientRequests clients = new ClientRequests(true, ForwardedHeader.X_FORWARDED, 2, List.of());
        assertEquals("198.51.100.7", clients.address(request("10.0.0.3", false,
                headers("X-Forwarded-For", "6.6.6.6, 198.51.100.7", "X-Forwarded-For", "10.0.0.9"))));
    }

    @Test
    void addressWhenTrustedProxyListThenWalkPastTheProxiesAndIgnoreUntrustedPeers() {
        ClientRequests clients = new ClientRequests(true, ForwardedHeader.X_FORWARDED, 1, List.of("10.0.0.0/8", "2001:db8::/32"));
        assertEquals("198.51.100.8", clients.address(request("10.1.2.3", false,
                headers("X-Forwarded-For", "6.6.6.6, 198.51.100.8, 10.0.0.5, 2001:db8::1"))));
        // Straight from the internet, not through a trusted proxy: the header is the client's own claim.
        assertEquals("192.0.2.99", clients.address(request("192.0.2.99", false, headers("X-Forwarded-For", "127.0.0.1"))));
    }

    @Test
    void addressWhenRfc7239ForwardedThenForAndProtoOfTheProxysElement() {
        ClientRequests clients = new ClientRequests(true, ForwardedHeader.FORWARDED, 1, List.of());
        HttpServletRequest request = request("10.0.0.2", false, headers(
                "Forwarded", "for=127.0.0.1;proto=https", "Forwarded", "for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.2"));
        assertEquals("2001:db8:cafe::17", clients.address(request));
        assertTrue(clients.isSecure(request));
        // X-Forwarded-For is not what this proxy writes, so a client's copy of it means nothing.
        assertEquals("10.0.0.2", clients.address(request("10.0.0.2", false, headers("X-Forwarded-For", "6.6.6.6"))));
    }

    @Test
    void addressWhenEntryIsNotAnIpLiteralThenThePeer() {
        ClientRequests clients = new ClientRequests(true);
        assertEquals("10.0.0.2", clients.address(request("10.0.0.2", false, headers("X-Forwarded-For", "unknown"))));
        assertEquals("10.0.0.2", clients.address(request("10.0.0.2", false, headers("X-Forwarded-For", "evil.example"))));
        assertEquals("203.0.113.5", clients.address(request("10.0.0.2", false, headers("X-Forwarded-For", "203.0.113.5:6543"))));
    }

    @Test
    void addressWhenHeadersNotTrustedThenAlwaysThePeer() {
        ClientRequests clients = new ClientRequests(false);
        HttpServletRequest request = request("192.0.2.1", true, headers("X-Forwarded-For", "127.0.0.1", "X-Forwarded-Proto", "http"));
        assertEquals("192.0.2.1", clients.address(request));
        assertTrue(clients.isSecure(request));
    }

    @Test
    void parseCidrWhenNotAnAddressThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClientRequests.parseCidr("proxy.internal"));
        assertThrows(IllegalArgumentException.class, () -> ClientRequests.parseCidr("10.0.0.0/33"));
        assertTrue(ClientRequests.parseCidr("10.0.0.0/8").contains(new byte[] {10, 9, 8, 7}));
    }
}
