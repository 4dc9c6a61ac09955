#!/usr/bin/env bash
# One-time setup of a WildFly (27 or later, standalone) for jwtauth's container-enforced mode
# (jwtauth.container-auth=true): Undertow's application security domain "other" (the default of every WAR without a
# jboss-web.xml) must not integrate Jakarta Authentication with Elytron, or Elytron looks jwtauth's users up in its
# own realm and answers 500. Idempotent; run it before the server starts. The filter alone needs no setup.
#
# Usage: setup.sh WILDFLY_HOME [SECURITY_DOMAIN]   (default: other)
set -euo pipefail
home=${1:?usage: setup.sh WILDFLY_HOME [SECURITY_DOMAIN]}
domain=${2:-other}
if [ ! -x "$home/bin/jboss-cli.sh" ]; then
  echo "setup.sh: $home is not a WildFly home (no bin/jboss-cli.sh)" >&2
  exit 2
fi
"$home/bin/jboss-cli.sh" --commands="embed-server --std-out=discard --server-config=standalone.xml,\
/subsystem=undertow/application-security-domain=$domain:write-attribute(name=integrated-jaspi,value=false),\
stop-embedded-server" </dev/null
echo "setup.sh: WildFly at $home: security domain '$domain' has integrated-jaspi=false"
