package dev.sextant.ingest.news.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The addresses a host name stands for, to judge where a redirect leads before following it. An
 * interface so tests can make a public-looking name stand for loopback.
 */
@FunctionalInterface
public interface HostResolver {

  /** The system's resolver; an IP literal is read as written, without a lookup. */
  HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * @param host a URL's host as {@link java.net.URI#getHost()} gives it (IPv6 in brackets)
   * @return at least one address
   * @throws UnknownHostException when the name stands for no address
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
