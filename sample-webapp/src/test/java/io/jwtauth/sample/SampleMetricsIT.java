package io.jwtauth.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} of the sample jar: exactly the meters the README lists, moving with what they count; loopback only. */
class SampleMetricsIT {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The meter names of the README's Micrometer table. */
    private static Set<String> readmeMeters() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("#### Micrometer");
        assertTrue(start >= 0, "the README's Micrometer section");
        int end = readme.indexOf("\n## ", start);
        readme = readme.substring(start, end < 0 ? readme.length() : end);
        Matcher rows = Pattern.compile("(?m)^\\| `(jwtauth_[a-z_]+)` \\|").matcher(readme);
        Set<String> names = new TreeSet<>();
        while (rows.find()) {
            names.add(rows.group(1));
        }
        return names;
    }

    private static double value(String scrape, String sample) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(sample) + " ([0-9.eE+-]+)$").matcher(scrape);
        assertTrue(line.find(), sample + " in\n" + scrape);
        return Double.parseDouble(line.group(1));
    }

    @Test
    void metricsWhenScrapedFromLoopbackThenTheReadmesMetersWithLiveValues(@TempDir Path work) throws Exception {
        try (SampleProcess sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"), Map.of())) {
            JsonNode demo = sample.flow.login("demo", "demo-password-1");
            sample.flow.assertMe(demo, "demo");
            sample.flow.assertMe(demo, "demo");
            sample.flow.renew(demo);
            sample.flow.assertRefused(demo, "bad-token");
            String base = "http://127.0.0.1:" + sample.port;
            assertEquals(401, get(base + "/api/me").statusCode());

            HttpResponse<String> response = get(base + "/metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String scrape = response.body();
            Set<String> exported = Pattern.compile("(?m)^# TYPE (jwtauth_[a-z_]+) ").matcher(scrape).results()
                    .map(match -> match.group(1)).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(readmeMeters(), exported, "the README lists every meter, and only those");

            assertEquals(1, value(scrape, "jwtauth_logins_total{result=\"succeeded\"}"));
            assertEquals(1, value(scrape, "jwtauth_renewals_total{result=\"succeeded\"}"));
            assertEquals(2, value(scrape, "jwtauth_authentications_total{outcome=\"ok\"}"));
            assertEquals(1, value(scrape, "jwtauth_authentications_total{outcome=\"bad-token\"}"));
            assertEquals(1, value(scrape, "jwtauth_authentications_total{outcome=\"no-token\"}"));
            assertEquals(1, value(scrape, "jwtauth_login_duration_seconds_count"));
            assertTrue(value(scrape, "jwtauth_login_duration_seconds_sum") > 0);
            assertTrue(value(scrape, "jwtauth_cache_size{cache=\"sessions\"}") >= 1);
        }
    }

    @Test
    void metricsWhenClientIsNotLoopbackThenForbidden(@TempDir Path work) throws Exception {
        InetAddress external = SampleProcess.externalIpv4();
        Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address to call from");
        // HOST=0.0.0.0: by default the sample listens on loopback only, and the call would not connect at all.
        try (SampleProcess sample = new SampleProcess(work.resolve("data"), work.resolve("sample.log"), Map.of("HOST", "0.0.0.0"))) {
            HttpResponse<String> response = get("http://" + external.getHostAddress() + ":" + sample.port + "/metrics");
            assertEquals(403, response.statusCode());
            assertTrue(response.body().contains("loopback clients only"), response.body());
        }
    }
}
