/** The {@code jwtauth} operator tool: keygen, jwks, decode, verify and hash-password. Its commands and exit codes are a contract. */
package io.jwtauth.cli;
