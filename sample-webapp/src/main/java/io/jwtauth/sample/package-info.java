/** The sample application: plain servlets behind the jwtauth filter, configured by one web.xml. */
package io.jwtauth.sample;
