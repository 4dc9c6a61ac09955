package io.jwtauth.filter.testing;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A servlet response that records what jwtauth writes (status, headers, body), for tests without a container. */
public final class RecordingResponse {
    public int status;
    public final Map<String, String> headers = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public String body() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The response to hand jwtauth; any call it was not expected to make fails the test. */
    public HttpServletResponse proxy() {
        ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                out.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (self, call, args) -> switch (call.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "addHeader" -> headers.merge((String) args[0], (String) args[1], (first, more) -> first + "\n" + more);
                    case "getOutputStream" -> stream;
                    case "isCommitted" -> false;
                    case "resetBuffer", "setContentType", "setContentLength", "flushBuffer" -> null;
                    default -> throw new UnsupportedOperationException(call.getName());
                });
    }
}
