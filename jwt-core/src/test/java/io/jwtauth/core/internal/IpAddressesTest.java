package io.jwtauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1", "[::1]", "[0:0:0:0:0:0:0:1]", "::1%lo",
            "[0:0:0:0:0:0:0:1%0]", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "0000:0000:0000:0000:0000:0000:0000:0001"})
    void isLoopbackWhenAnyTextualFormOfThisMachineThenTrue(String address) {
        assertTrue(IpAddresses.isLoopback(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "128.0.0.1", "::2", "::ffff:10.0.0.1", "localhost", "127.0.0.1.evil.example", "127.1",
            "", "[", "[]", "::1]", "999.0.0.1", "fe80::1", "0.0.0.0", "::"})
    void isLoopbackWhenAnythingElseThenFalse(String address) {
        assertFalse(IpAddresses.isLoopback(address), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "1.2.3", "::g", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "[::1", "10.0.0.1:8080"})
    void parseWhenNotALiteralThenNullWithoutALookup(String text) {
        assertNull(IpAddresses.parse(text), text);
    }

    @Test
    void parseWhenIpv4MappedThenTheIpv4Bytes() {
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, IpAddresses.parse("::ffff:192.0.2.1"));
        assertTrue(IpAddresses.isLoopbackHost("LOCALHOST"));
        assertTrue(IpAddresses.isLoopbackHost("[::1]"));
        assertFalse(IpAddresses.isLoopbackHost("localhost.example"));
    }
}
