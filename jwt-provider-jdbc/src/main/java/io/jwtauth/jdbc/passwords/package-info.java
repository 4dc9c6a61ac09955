/**
 * Password hashing: argon2id by default; bcrypt, scrypt and PBKDF2 verified for existing user tables and
 * upgraded on login. Stable.
 */
package io.jwtauth.jdbc.passwords;
