package io.jwtauth.core.testing;

import java.util.Random;

/** Seeded random mutations of a string: what a fuzzer or an attacker throws at a parser. Not thread-safe. */
public final class Mutator {
    private static final String INTERESTING = "\u0000\"\\{}[]:,.=+/-_ \t\n\u00e9\u2028\ud83d\ude00AZaz09";

    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    public String mutate(String input) {
        StringBuilder out = new StringBuilder(input);
        int rounds = 1 + random.nextInt(4);
        for (int round = 0; round < rounds; round++) {
            int position = out.length() == 0 ? 0 : random.nextInt(out.length());
            switch (random.nextInt(9)) {
                case 0 -> { // flip a bit of one character
                    if (out.length() > 0) {
                        out.setCharAt(position, (char) (out.charAt(position) ^ (1 << random.nextInt(7))));
                    }
                }
                case 1 -> out.insert(position, INTERESTING.charAt(random.nextInt(INTERESTING.length())));
                case 2 -> {
                    if (out.length() > 0) {
                        out.deleteCharAt(position);
                    }
                }
                case 3 -> out.setLength(position); // truncate
                case 4 -> { // duplicate a run
                    int end = Math.min(out.length(), position + 1 + random.nextInt(40));
                    out.insert(end, out.substring(position, end));
                }
                case 5 -> { // swap two runs around a dot
                    String text = out.toString();
                    int dot = text.indexOf('.');
                    if (dot > 0) {
                        out.setLength(0);
                        out.append(text.substring(dot + 1)).append('.').append(text, 0, dot);
                    }
                }
                case 6 -> out.append("A".repeat(random.nextInt(3) == 0 ? 20_000 : 8));
                case 7 -> { // replace a character with a random base64url one
                    if (out.length() > 0) {
                        out.setCharAt(position, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charAt(random.nextInt(64)));
                    }
                }
                default -> out.insert(position, "{\"a\":[".repeat(1 + random.nextInt(50)));
            }
        }
        return out.toString();
    }
}
