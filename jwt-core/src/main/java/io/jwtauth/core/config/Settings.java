package io.jwtauth.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flat {@code jwtauth.*} configuration, with {@code ${env:NAME}}, {@code ${env:NAME|default}} and
 * {@code ${sys:name}} references resolved once at construction. {@code ${env:NAME:-default}} means the same as
 * {@code |default}; it is kept for properties files and code, since Tomcat replaces it in {@code web.xml}
 * before jwtauth sees it. Typed accessors validate a value when it
 * is read and throw a {@link ConfigException} that names the key; nothing falls back silently.
 *
 * <p>Immutable and thread-safe. Build one from {@code web.xml} init parameters, a properties file or a map
 * in code; each component reads its own keys and declares them, so that {@link #rejectUnknown(Collection)}
 * can refuse a mistyped key at start-up.
 */
public final class Settings {
    /** Every key this library reads starts with this prefix. */
    public static final String PREFIX = "jwtauth.";

    private static final Pattern SIZE = Pattern.compile("(?i)(\\d{1,12})\\s*(b|k|kb|kib|m|mb|mib)?");
    private static final Pattern REFERENCE_BODY = Pattern.compile("(env|sys):([A-Za-z0-9_.\\-]+)(?:(?::-|\\|)(.*))?", Pattern.DOTALL);

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Settings from a map, resolving references against the process environment and system properties. */
    public static Settings of(Map<String, String> raw) {
        return of(raw, System::getenv, System::getProperty);
    }

    /**
     * Settings from a map, resolving references with the given lookups (each returns {@code null} for an
     * unset name). Blank values count as unset.
     */
    public static Settings of(Map<String, String> raw, UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
        Map<String, String> resolved = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : raw.entrySet()) {
            String key = entry.getKey().trim();
            if (entry.getValue() == null) {
                continue;
            }
            String value = resolve(key, entry.getValue(), environment, systemProperties).trim();
            if (!value.isEmpty()) {
                resolved.put(key, value);
            }
        }
        return new Settings(resolved);
    }

    /**
     * Replaces every {@code ${env:NAME}}, {@code ${sys:name}} and {@code ${…|default}} (or {@code :-default}) in
     * {@code value}. A default may itself hold references ({@code ${env:A|${sys:b}}}), resolved only when used.
     */
    private static String resolve(String key, String value, UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
        StringBuilder out = new StringBuilder();
        int index = 0;
        while (index < value.length()) {
            int start = value.indexOf("${", index);
            if (start < 0) {
                out.append(value, index, value.length());
                break;
            }
            out.append(value, index, start);
            int end = closingBrace(value, start + 2);
            if (end < 0) {
                throw new ConfigException(key, "malformed reference; write ${env:NAME}, ${env:NAME|default} or ${sys:name}");
            }
            out.append(reference(key, value.substring(start + 2, end), environment, systemProperties));
            index = end + 1;
        }
        return out.toString();
    }

    private static int closingBrace(String value, int from) {
        int depth = 0;
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '{' && i > 0 && value.charAt(i - 1) == '$') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    private static String reference(String key, String body, UnaryOperator<String> environment, UnaryOperator<String> systemProperties) {
        Matcher matcher = REFERENCE_BODY.matcher(body);
        if (!matcher.matches()) {
            throw new ConfigException(key, "malformed reference ${" + body.replaceAll("(:-|\\|).*", "$1…") + "}; write ${env:NAME}, "
                    + "${env:NAME|default} or ${sys:name}");
        }
        String source = matcher.group(1);
        String name = matcher.group(2);
        String fallback = matcher.group(3);
        String found = "env".equals(source) ? environment.apply(name) : systemProperties.apply(name);
        if (found != null && !found.isEmpty()) {
            return found;
        }
        if (fallback == null) {
            throw new ConfigException(key, ("env".equals(source) ? "environment variable " : "system property ")
                    + name + " is not set (write ${" + source + ":" + name + "|default} to give a default)");
        }
        return resolve(key, fallback, environment, systemProperties);
    }

    /** A copy with {@code defaults} added under every key that is not set here. */
    public Settings withDefaults(Map<String, String> defaults) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        merged.putAll(values);
        return new Settings(merged);
    }

    /** The keys that are set, in sorted order. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** The value of {@code key}, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value of {@code key}, or {@code fallback} when unset. */
    public String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }


    public boolean bool(String key, boolean fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(key, "must be true or false, was '" + value + "'");
        };
    }

    public int integer(String key, int fallback, int min, int max) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max + ", was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number between " + min + " and " + max + ", was '" + value + "'");
        }
    }

    /** A size in bytes: a number, optionally followed by KiB/KB/k or MiB/MB/m. */
    public long bytes(String key, long fallback, long min, long max) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        Matcher matcher = SIZE.matcher(value);
        if (!matcher.matches()) {
            throw new ConfigException(key, "must be a size such as 8192, 8KiB or 1MiB, was '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
        long parsed = switch (unit) {
            case "k", "kb", "kib" -> amount * 1024;
            case "m", "mb", "mib" -> amount * 1024 * 1024;
            default -> amount;
        };
        if (parsed < min || parsed > max) {
            throw new ConfigException(key, "must be between " + min + " and " + max + " bytes, was " + parsed);
        }
        return parsed;
    }

    public Duration duration(String key, Duration fallback, Duration min, Duration max) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        Duration parsed;
        try {
            parsed = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "must be a duration such as PT60M, 60m, 30s or 14d, was '" + value + "'");
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw new ConfigException(key, "must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + ", was " + Durations.format(parsed));
        }
        return parsed;
    }

    /** A comma-separated list; empty when unset. Blank items are dropped. */
    public List<String> list(String key) {
        String value = values.get(key);
        if (value == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }


    /**
     * Refuses any {@code jwtauth.*} key that no component declared: a mistyped key would otherwise be
     * silently ignored and leave a default (perhaps an insecure one) in force.
     */
    public void rejectUnknown(Collection<String> knownKeys) {
        Set<String> unknown = new TreeSet<>();
        for (String key : values.keySet()) {
            if (key.startsWith(PREFIX) && !knownKeys.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new ConfigException(first, "unknown configuration key" + (unknown.size() > 1 ? "s " + unknown : "")
                    + "; see the configuration reference in the README for the accepted keys");
        }
    }

    /** The effective configuration for a start-up log line, with every secret masked. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!entry.getKey().startsWith(PREFIX)) {
                continue;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(entry.getKey()).append('=').append(isSecret(entry.getKey()) ? "****" : maskCredentials(entry.getValue()));
        }
        return out.toString();
    }

    private static final Pattern URL_CREDENTIAL = Pattern.compile("(?i)((?:password|pwd|secret)=)[^&;,\\s]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]+@");

    /**
     * {@code value} with the credentials inside it masked: a URL parameter {@code password=…}, {@code pwd=…} or
     * {@code secret=…} (any case, up to {@code & ; ,} or white space), and the password of {@code //user:password@}.
     * The one function for every message or log line that quotes a URL or a driver's text.
     */
    public static String maskCredentials(String value) {
        if (value == null) {
            return null;
        }
        return URL_USER_INFO.matcher(URL_CREDENTIAL.matcher(value).replaceAll("$1****")).replaceAll("$1****@");
    }

    /**
     * Whether a key holds a secret that must never be logged or echoed: its last part is {@code secret} or
     * {@code password}, or ends in {@code -secret} ({@code jwtauth.key.secret}, {@code jwtauth.jdbc.password}, a
     * provider's {@code jwtauth.ldap.bind.password}). Keys that only mention one are shown, so that the start-up
     * line stays useful: {@code jwtauth.jdbc.password.rehash}, the argon2 parameters, the mapped
     * {@code update-password} statement (whose values are bound parameters, never credentials).
     */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        String last = lower.substring(lower.lastIndexOf('.') + 1);
        return last.equals("secret") || last.equals("password") || last.endsWith("-secret");
    }

    @Override
    public String toString() {
        return "Settings[" + describe() + "]";
    }
}
