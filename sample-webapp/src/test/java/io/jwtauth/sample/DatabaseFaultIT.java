package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL becomes unreachable mid-load (a TCP proxy in the test is cut) and comes back: requests get
 * 503 with Retry-After (never a 500), the app recovers by itself, and sessions committed before the cut
 * still work.
 */
class DatabaseFaultIT {
    @Test
    void databaseWhenCutAndRestoredThen503sRecoveryAndNothingLost(@TempDir Path directory) throws Exception {
        String postgres = SampleProcess.postgresUrl();
        assumeTrue(postgres != null, "JWTAUTH_TEST_POSTGRES_URL not set");
        SampleProcess.dropTables(postgres);
        Matcher hostPort = Pattern.compile("//([^/:?]+)(?::(\\d+))?/").matcher(postgres);
        assertTrue(hostPort.find(), postgres);
        int databasePort = hostPort.group(2) == null ? 5432 : Integer.parseInt(hostPort.group(2));
        try (TcpProxy proxy = new TcpProxy(databasePort)) {
            String proxied = postgres.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
            try (SampleProcess app = new SampleProcess(directory.resolve("data"), directory.resolve("fault.log"), Map.of("JWTAUTH_DB_URL", proxied))) {
                SampleFlow flow = app.flow;
                JsonNode before = flow.login("demo", "demo-password-1");
                JsonNode other = flow.login("admin", "admin-password-1");
                flow.assertMe(before, "demo");

                proxy.cut();
                Map<Integer, Integer> duringOutage = new TreeMap<>();
                long outageEnd = System.currentTimeMillis() + 6000;
                boolean sawRetryAfter = false;
                while (System.currentTimeMillis() < outageEnd) {
                    for (SampleFlow.Reply reply : new SampleFlow.Reply[] {
                        flow.call("POST", "/auth/login", null, "{\"u\":\"demo\",\"p\":\"demo-password-1\"}"),
                        flow.call("GET", "/api/me", before.get("accessToken").asText(), null),
                        flow.call("POST", "/auth/extendtoken", other.get("accessToken").asText(),
                                "{\"rtoken\":\"" + other.get("renewalToken").asText() + "\"}")}) {
                        duringOutage.merge(reply.status(), 1, Integer::sum);
                        assertTrue(reply.status() == 200 || reply.status() == 503, "during the outage: " + reply.status() + " " + reply.body());
                        if (reply.status() == 503) {
                            assertEquals("unavailable", reply.body().get("error").asText());
                            assertNotNull(reply.retryAfter(), "503 carries Retry-After");
                            sawRetryAfter = true;
                        }
                    }
                }
                assertTrue(sawRetryAfter, "requests that need the database got 503: " + duringOutage);

                proxy.restore();
                long restored = System.nanoTime();
                while (flow.call("POST", "/auth/login", null, "{\"u\":\"demo\",\"p\":\"demo-password-1\"}").status() != 200) {
                    assertTrue(System.nanoTime() - restored < 30_000_000_000L, "no recovery within 30 s");
                    Thread.sleep(100);
                }
                long recoveryMillis = (System.nanoTime() - restored) / 1_000_000;
                // Committed before the cut: still there. The session renewed nowhere during the outage renews now.
                JsonNode renewed = flow.renew(other);
                flow.assertMe(renewed, "admin");
                flow.assertMe(before, "demo");
                System.out.println("[fault] during a 6 s outage: statuses " + duringOutage + "; first successful login "
                        + recoveryMillis + " ms after the database came back; sessions from before the outage intact");
            }
        }
    }
}
