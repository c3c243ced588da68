package io.isthmus.server.onprem;

import static org.junit.jupiter.api.Assumptions.abort;

import io.isthmus.testsupport.NamedLauncher;
import io.isthmus.testsupport.NamedServer;

/**
 * The on-premises DNS contract on the local {@code named} (Debian package bind9), the path of every
 * build; skipped, with the reason, where it is not installed.
 */
class NamedServerIT extends OnPremDnsContract {

  @Override
  NamedLauncher launcher() {
    if (!NamedServer.available()) {
      abort(
          "named (Debian package bind9) is not installed: apt-get install bind9"
              + " (or point -Disthmus.named at the binary)");
    }
    return NamedServer.LOCAL;
  }
}
