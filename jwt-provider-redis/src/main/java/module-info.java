/**
 * jwtauth's session store on Redis: sessions, their change feed and failed-login counts, beside any identity store
 * ({@code jwtauth.sessions.store=redis}). Applications configure it with {@code jwtauth.redis.*}; everything here is
 * internal but the factory the service loader finds.
 */
@SuppressWarnings("requires-automatic")
module io.jwtauth.redis {
    requires transitive io.jwtauth.core;
    requires lettuce.core;
    requires org.slf4j;

    exports io.jwtauth.redis;

    provides io.jwtauth.core.spi.SessionStoreFactory with io.jwtauth.redis.RedisStoreFactory;
}
