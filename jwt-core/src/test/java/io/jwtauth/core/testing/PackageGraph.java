package io.jwtauth.core.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * The package dependencies of one module's compiled classes, as the JDK's {@code jdeps} reports them, and the
 * cycles among them. Each module's architecture test asserts there are none: a cycle means two packages are
 * one job split in two rooms, or one job in the wrong room.
 */
public final class PackageGraph {
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    private final Map<String, Set<String>> edges;

    private PackageGraph(Map<String, Set<String>> edges) {
        this.edges = edges;
    }

    /** The graph of the packages under {@code prefix} in {@code classesDirectory} (edges within {@code prefix} only). */
    public static PackageGraph of(Path classesDirectory, String prefix) {
        if (!Files.isDirectory(classesDirectory)) {
            throw new IllegalStateException("no compiled classes at " + classesDirectory.toAbsolutePath());
        }
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("this JDK has no jdeps"));
        // Without module-info.class: jdeps would resolve the module's requirements, which is not the question here.
        Path classes = withoutModuleDescriptor(classesDirectory);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "--ignore-missing-deps", "--multi-release", "base", classes.toString());
        if (status != 0) {
            throw new IllegalStateException("jdeps failed (" + status + "): " + err);
        }
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher matcher = EDGE.matcher(line);
            if (matcher.find() && matcher.group(1).startsWith(prefix)) {
                edges.computeIfAbsent(matcher.group(1), key -> new TreeSet<>());
                if (matcher.group(2).startsWith(prefix) && !matcher.group(1).equals(matcher.group(2))) {
                    edges.get(matcher.group(1)).add(matcher.group(2));
                }
            }
        }
        if (edges.isEmpty()) {
            throw new IllegalStateException("jdeps found no packages under " + prefix + " in " + classesDirectory);
        }
        return new PackageGraph(edges);
    }

    private static Path withoutModuleDescriptor(Path classesDirectory) {
        try {
            Path copy = Files.createTempDirectory("jwtauth-package-graph");
            try (var files = Files.walk(classesDirectory)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = copy.resolve(classesDirectory.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else if (file.toString().endsWith(".class") && !file.getFileName().toString().equals("module-info.class")) {
                        Files.copy(file, target);
                    }
                }
            }
            return copy;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every package found. */
    public Set<String> packages() {
        return edges.keySet();
    }

    /** Whether {@code from} uses {@code to} directly. */
    public boolean dependsOn(String from, String to) {
        return edges.getOrDefault(from, Set.of()).contains(to);
    }

    /** One cycle per strongly connected group of packages, each as "a -> b -> a"; empty when the graph is acyclic. */
    public List<String> cycles() {
        List<String> cycles = new ArrayList<>();
        for (String start : edges.keySet()) {
            List<String> path = pathBack(start);
            if (path != null && path.stream().allMatch(pkg -> pkg.compareTo(start) >= 0)) {
                cycles.add(String.join(" -> ", path));
            }
        }
        return cycles;
    }

    /** The shortest path from {@code start} back to itself, or {@code null}. */
    private List<String> pathBack(String start) {
        Map<String, String> parent = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String current = queue.removeFirst();
            for (String next : edges.getOrDefault(current, Set.of())) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String step = current; !step.equals(start); step = parent.get(step)) {
                        path.add(1, step);
                    }
                    path.add(start);
                    return path;
                }
                if (!parent.containsKey(next)) {
                    parent.put(next, current);
                    queue.addLast(next);
                }
            }
        }
        return null;
    }
}
