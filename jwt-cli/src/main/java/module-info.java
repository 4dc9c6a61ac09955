/** The operators' command line: keygen, jwks, decode, verify, hash-password, schema. */
module io.jwtauth.cli {
    requires io.jwtauth.core;
    requires io.jwtauth.jdbc;
    requires info.picocli;

    // picocli fills the commands' annotated fields by reflection.
    opens io.jwtauth.cli to info.picocli;
}
