/** The embedded-Jetty launcher of the runnable jar; not part of the WAR. */
package io.jwtauth.sample.launcher;
