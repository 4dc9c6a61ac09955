package io.jwtauth.core.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The one reader of IP address literals, for every place that asks who a client is or whether an address is this
 * machine: the HTTPS rule's loopback exception, the login throttle's keys, trusted proxies, a provider's URL.
 * Accepts IPv4 dotted quads and IPv6 in every textual form containers report ({@code ::1},
 * {@code 0:0:0:0:0:0:0:1}, {@code [::1]}, a zone id {@code %lo}, IPv4-mapped {@code ::ffff:127.0.0.1}); never
 * resolves a name, so no input can cause a DNS lookup. Stateless.
 */
public final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    /** The longest literal with brackets and a zone id that is worth parsing. */
    private static final int MAX_LENGTH = 64;

    private IpAddresses() {
    }

    /**
     * The address bytes of a literal (4 for IPv4, 16 for IPv6; an IPv4-mapped IPv6 address gives its 4 IPv4
     * bytes, as the same client may be reported either way), or {@code null} for anything that is not one.
     */
    public static byte[] parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return null;
        }
        String value = text;
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        int zone = value.indexOf('%');
        if (zone >= 0 && value.indexOf(':') >= 0) {
            value = value.substring(0, zone);
        }
        var v4 = IPV4.matcher(value);
        if (v4.matches()) {
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(v4.group(i + 1));
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return bytes;
        }
        if (value.indexOf(':') < 0 || !IPV6.matcher(value).matches()) {
            return null;
        }
        try {
            // Only hex digits, colons and dots: InetAddress parses it as a literal, without any lookup. It also turns an
            // IPv4-mapped address into its IPv4 address.
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** Whether {@code text} is an IP literal of this machine: 127.0.0.0/8, ::1, or either IPv4-mapped. */
    public static boolean isLoopback(String text) {
        byte[] bytes = parse(text);
        if (bytes == null) {
            return false;
        }
        if (bytes.length == 4) {
            return bytes[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1;
    }

    /** Whether {@code host}, from a URL, is this machine: {@code localhost} or a loopback literal. No lookup. */
    public static boolean isLoopbackHost(String host) {
        return host != null && (host.equalsIgnoreCase("localhost") || isLoopback(host));
    }
}
