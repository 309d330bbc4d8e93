package dev.sextant.ingest.news.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Where an address leads: the public internet or one of the ranges a feed must not send the poller
 * to (loopback, private networks, link-local with the cloud metadata service, the unspecified
 * address, multicast). See docs/news/fetching.md.
 */
public enum AddressClass {
  PUBLIC("public"),
  /** 127.0.0.0/8, ::1. */
  LOOPBACK("loopback"),
  /** RFC 1918, fc00::/7 (unique local), the deprecated fec0::/10, and 100.64.0.0/10 (CGNAT). */
  PRIVATE("private"),
  /** 169.254.0.0/16 (169.254.169.254 is the cloud metadata service), fe80::/10. */
  LINK_LOCAL("link-local"),
  /** 0.0.0.0/8 and ::, which reach the local host on common systems. */
  UNSPECIFIED("unspecified"),
  /** 224.0.0.0/4, ff00::/8. */
  MULTICAST("multicast");

  private final String label;

  AddressClass(String label) {
    this.label = label;
  }

  /** The class in words, for messages. */
  public String label() {
    return label;
  }

  public static AddressClass of(InetAddress address) {
    InetAddress judged = embeddedIpv4(address);
    if (judged.isLoopbackAddress()) {
      return LOOPBACK;
    }
    if (judged.isAnyLocalAddress() || isZeroNetwork(judged)) {
      return UNSPECIFIED;
    }
    if (judged.isLinkLocalAddress()) {
      return LINK_LOCAL;
    }
    if (judged.isMulticastAddress()) {
      return MULTICAST;
    }
    if (judged.isSiteLocalAddress() || isUniqueLocal(judged) || isSharedAddressSpace(judged)) {
      return PRIVATE;
    }
    return PUBLIC;
  }

  /** fc00::/7: the JDK's isSiteLocalAddress knows only the deprecated fec0::/10. */
  private static boolean isUniqueLocal(InetAddress address) {
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
  }

  /** 100.64.0.0/10, carrier-grade NAT (RFC 6598): private to a provider's network. */
  private static boolean isSharedAddressSpace(InetAddress address) {
    byte[] b = address.getAddress();
    return address instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
  }

  /** 0.0.0.0/8, "this network": on Linux, connecting to 0.0.0.0 reaches the local host. */
  private static boolean isZeroNetwork(InetAddress address) {
    return address instanceof Inet4Address && address.getAddress()[0] == 0;
  }

  /**
   * The IPv4 address inside an IPv4-compatible IPv6 address ({@code ::127.0.0.1}), which some
   * stacks route as IPv4; the JDK already turns IPv4-mapped ones ({@code ::ffff:a.b.c.d}) into
   * IPv4. {@code ::} and {@code ::1} are left as they are.
   */
  private static InetAddress embeddedIpv4(InetAddress address) {
    if (!(address instanceof Inet6Address v6) || !v6.isIPv4CompatibleAddress()) {
      return address;
    }
    byte[] b = v6.getAddress();
    if (b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0) {
      return address;
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
