package dev.regatta.runner.transport;

import javax.net.ssl.SSLContext;

/**
 * How a TLS connection is set up: the context (whose trust manager verifies the certificate chain) and
 * whether the host name must match the certificate. Both are on unless the run says insecure.
 */
public record TlsSettings(SSLContext context, boolean verifyHostname) {
  /** The JDK's trust store, a PEM CA bundle, or (insecure) no verification of chain or host name. */
  public static TlsSettings of(boolean insecure, String caPem) {
    return new TlsSettings(Tls.context(insecure, caPem), !insecure);
  }
}
