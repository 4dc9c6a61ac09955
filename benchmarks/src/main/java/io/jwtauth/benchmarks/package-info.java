/** JMH and HTTP load benchmarks; see {@code benchmarks/README.md} for how to run them and the latest figures. Not shipped. */
package io.jwtauth.benchmarks;
