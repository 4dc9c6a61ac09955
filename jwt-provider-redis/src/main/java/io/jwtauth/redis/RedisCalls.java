package io.jwtauth.redis;

import io.jwtauth.core.spi.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.function.Supplier;

/**
 * Every call to Redis goes through here: a failure to reach it (refused, reset, timed out, not yet reconnected) becomes
 * {@link StoreUnavailableException} (core answers 503), and a script that Redis no longer knows (it restarted) is
 * loaded again once. Thread-safe: the connection is Lettuce's, shared by all threads.
 */
final class RedisCalls {
    private final RedisCommands<String, String> commands;
    private final String maskedUrl;

    RedisCalls(RedisCommands<String, String> commands, String maskedUrl) {
        this.commands = commands;
        this.maskedUrl = maskedUrl;
    }

    /** A Lua script, sent by its SHA-1 and loaded when Redis does not know it. */
    static final class Script {
        final String text;
        volatile String sha;

        Script(String text) {
            this.text = text;
        }
    }

    <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisCommandExecutionException e) {
            if (String.valueOf(e.getMessage()).contains("jwtauth:")) {
                throw new IllegalStateException(e.getMessage(), e); // a script's own refusal (a session id taken)
            }
            throw unavailable(e);
        } catch (RedisException e) {
            throw unavailable(e);
        }
    }

    void run(Runnable command) {
        call(() -> {
            command.run();
            return null;
        });
    }

    /** Runs {@code script} with {@code keys} and {@code args}. */
    <T> T eval(Script script, ScriptOutputType type, String[] keys, String... args) {
        return call(() -> {
            if (script.sha == null) {
                script.sha = commands.scriptLoad(script.text);
            }
            try {
                return commands.evalsha(script.sha, type, keys, args);
            } catch (RedisNoScriptException restarted) {
                script.sha = commands.scriptLoad(script.text);
                return commands.evalsha(script.sha, type, keys, args);
            }
        });
    }

    RedisCommands<String, String> commands() {
        return commands;
    }

    private StoreUnavailableException unavailable(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : io.jwtauth.core.config.Settings.maskCredentials(e.getMessage());
        return new StoreUnavailableException("redis at " + maskedUrl + ": " + message, e);
    }
}
