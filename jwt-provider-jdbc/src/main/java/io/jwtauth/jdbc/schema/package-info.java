/**
 * The jwtauth tables: one script per {@link io.jwtauth.jdbc.schema.Dialect} (also for DBAs to run by
 * hand) and {@link io.jwtauth.jdbc.schema.SchemaInstaller}. Stable: table changes come with migration notes.
 */
package io.jwtauth.jdbc.schema;
