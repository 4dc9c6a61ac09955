package io.jwtauth.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jwtauth.core.flow.Credential;
import io.jwtauth.filter.BearerTokens.Source;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a request's token is looked for, and what counts as a malformed {@code Bearer} header. */
class BearerTokensTest {
    private final BearerTokens headerOnly = new BearerTokens(EnumSet.of(Source.HEADER), "access_token", "access_token", "access_token", null,
            new ClientRequests(false));
    private final BearerTokens everywhere = new BearerTokens(EnumSet.allOf(Source.class), "t", "c", "f", null, new ClientRequests(false));

    /** A request whose answers the test sets; reading anything else fails the test. */
    private static final class FakeRequest {
        String authorization;
        String method = "GET";
        String query;
        Cookie[] cookies;
        String contentType;
        final Map<String, String> parameters = new HashMap<>();

        HttpServletRequest proxy() {
            return (HttpServletRequest) Proxy.newProxyInstance(BearerTokensTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (self, call, args) -> switch (call.getName()) {
                        case "getHeader" -> "Authorization".equals(args[0]) ? authorization : null;
                        case "getMethod" -> method;
                        case "getQueryString" -> query;
                        case "getCookies" -> cookies;
                        case "getContentType" -> contentType;
                        case "getParameter" -> parameters.get((String) args[0]);
                        default -> throw new UnsupportedOperationException(call.getName());
                    });
        }
    }

    private static HttpServletRequest request(String authorization) {
        FakeRequest request = new FakeRequest();
        request.authorization = authorization;
        return request.proxy();
    }

    @Test
    void findWhenBearerHeaderThenItsToken() {
        assertEquals(Credential.token("abc.def.ghi"), headerOnly.find(request("Bearer abc.def.ghi")));
        assertEquals(Credential.token("abc"), headerOnly.find(request("bearer abc ")));
    }

    @Test
    void findWhenNoHeaderOrAnotherSchemeThenNone() {
        assertEquals(Credential.Kind.NONE, headerOnly.find(request(null)).kind());
        assertEquals(Credential.Kind.NONE, headerOnly.find(request("Basic YWxpY2U6cHc=")).kind());
        assertEquals(Credential.Kind.NONE, headerOnly.find(request("Beare")).kind());
    }

    @Test
    void findWhenBearerHeaderMalformedThenMalformedAndNoOtherSourceIsTried() {
        for (String header : new String[] {"Bearer", "Bearer ", "Bearer  ", "Bearer a b", "Bearer\tabc", "Bearerabc"}) {
            FakeRequest request = new FakeRequest();
            request.authorization = header;
            request.query = "t=from-query";
            assertEquals(Credential.Kind.MALFORMED, everywhere.find(request.proxy()).kind(), header);
        }
    }

    @Test
    void findWhenOtherSourcesConfiguredThenQueryThenCookieThenForm() {
        FakeRequest request = new FakeRequest();
        request.query = "x=1&t=from%2Equery";
        request.cookies = new Cookie[] {new Cookie("c", "from-cookie")};
        assertEquals("from.query", everywhere.find(request.proxy()).token());
        request.query = "t=";
        assertEquals("from-cookie", everywhere.find(request.proxy()).token());
        request.cookies = null;
        request.method = "POST";
        request.contentType = "application/x-www-form-urlencoded; charset=UTF-8";
        request.parameters.put("f", "from-form");
        assertEquals("from-form", everywhere.find(request.proxy()).token());
        // The header-only lookup never reads the query, cookies or body.
        assertEquals(Credential.Kind.NONE, headerOnly.find(request.proxy()).kind());
    }

    @Test
    void findWhenFormFieldOnAGetOrAnotherContentTypeThenNotRead() {
        FakeRequest request = new FakeRequest();
        request.parameters.put("f", "from-form");
        request.contentType = "application/x-www-form-urlencoded";
        assertEquals(Credential.Kind.NONE, everywhere.find(request.proxy()).kind());
        request.method = "POST";
        request.contentType = "application/json";
        assertEquals(Credential.Kind.NONE, everywhere.find(request.proxy()).kind());
    }

    @Test
    void queryParameterWhenEncodedOrBrokenThenDecodedOrNull() {
        assertEquals("a b", BearerTokens.queryParameter("access_token=a+b", "access_token"));
        assertEquals("", BearerTokens.queryParameter("all", "all"));
        assertEquals(null, BearerTokens.queryParameter("access_token=%zz", "access_token"));
        assertEquals(null, BearerTokens.queryParameter("other=1", "access_token"));
        assertEquals(null, BearerTokens.queryParameter(null, "access_token"));
    }
}
