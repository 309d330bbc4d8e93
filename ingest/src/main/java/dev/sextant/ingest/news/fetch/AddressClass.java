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
  /**
   * RFC 1918, fc00::/7 (unique local), the deprecated fec0::/10, 100.64.0.0/10 (CGNAT), and the
   * local-use NAT64 prefix 64:ff9b:1::/48.
   */
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

  /**
   * The class of {@code address}; an IPv6 address that carries an IPv4 address (mapped, translated,
   * compatible, NAT64, 6to4, Teredo) is judged by the IPv4 address, where a packet to it may end
   * up.
   */
  public static AddressClass of(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      if (startsWith(b, LOCAL_USE_NAT64)) {
        // RFC 8215: not globally reachable, so private; where the translator puts the IPv4
        // address depends on a prefix length chosen locally, so only the common /96 layout (last
        // 32 bits) is read, and only to find something worse than private.
        AddressClass inner = ofIpv4(b, 12, false);
        return inner == PUBLIC ? PRIVATE : inner;
      }
      InetAddress embedded = embeddedIpv4(b);
      if (embedded != null) {
        return classify(embedded);
      }
    }
    return classify(address);
  }

  private static AddressClass classify(InetAddress judged) {
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

  // Prefixes of IPv6 addresses that carry an IPv4 address a packet may end up at.
  private static final byte[] MAPPED = prefix(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff);
  private static final byte[] TRANSLATED = prefix(0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0);
  private static final byte[] COMPATIBLE = prefix(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  private static final byte[] NAT64 = prefix(0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0);
  private static final byte[] LOCAL_USE_NAT64 = prefix(0, 0x64, 0xff, 0x9b, 0, 1);
  private static final byte[] SIX_TO_FOUR = prefix(0x20, 0x02);
  private static final byte[] TEREDO = prefix(0x20, 0x01, 0, 0);

  /**
   * The IPv4 address inside an IPv6 address that stands for one, or null: IPv4-mapped ({@code
   * ::ffff:a.b.c.d}, which the JDK turns into IPv4 when it parses one, but a resolver need not),
   * IPv4-translated ({@code ::ffff:0:a.b.c.d}), IPv4-compatible ({@code ::a.b.c.d}, but not {@code
   * ::} and {@code ::1}), NAT64 ({@code 64:ff9b::a.b.c.d}), 6to4 ({@code 2002:AABB:CCDD::}) and
   * Teredo (the client's address, inverted, in the last 32 bits).
   */
  private static InetAddress embeddedIpv4(byte[] b) {
    if (startsWith(b, MAPPED) || startsWith(b, TRANSLATED) || startsWith(b, NAT64)) {
      return ipv4(b, 12, false);
    }
    if (startsWith(b, COMPATIBLE)) {
      boolean unspecifiedOrLoopback = b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0;
      return unspecifiedOrLoopback ? null : ipv4(b, 12, false);
    }
    if (startsWith(b, SIX_TO_FOUR)) {
      return ipv4(b, 2, false);
    }
    if (startsWith(b, TEREDO)) {
      return ipv4(b, 12, true);
    }
    return null;
  }

  private static AddressClass ofIpv4(byte[] b, int from, boolean inverted) {
    return classify(ipv4(b, from, inverted));
  }

  private static InetAddress ipv4(byte[] b, int from, boolean inverted) {
    byte[] v4 = Arrays.copyOfRange(b, from, from + 4);
    if (inverted) {
      for (int i = 0; i < v4.length; i++) {
        v4[i] = (byte) ~v4[i];
      }
    }
    try {
      return InetAddress.getByAddress(v4);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  private static boolean startsWith(byte[] address, byte[] prefix) {
    return Arrays.equals(address, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] prefix(int... bytes) {
    byte[] prefix = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      prefix[i] = (byte) bytes[i];
    }
    return prefix;
  }
}
