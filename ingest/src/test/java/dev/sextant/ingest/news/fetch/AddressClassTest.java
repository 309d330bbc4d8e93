package dev.sextant.ingest.news.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "127.0.0.1, LOOPBACK",
    "127.8.9.10, LOOPBACK",
    "::1, LOOPBACK",
    "10.0.0.1, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "192.168.1.1, PRIVATE",
    "fc00::1, PRIVATE",
    "fd12:3456:789a::1, PRIVATE",
    "100.64.0.1, PRIVATE",
    "100.127.255.255, PRIVATE",
    "169.254.169.254, LINK_LOCAL",
    "169.254.0.1, LINK_LOCAL",
    "fe80::1, LINK_LOCAL",
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "::, UNSPECIFIED",
    "224.0.0.1, MULTICAST",
    "239.255.255.250, MULTICAST",
    "ff02::1, MULTICAST",
    // An IPv4 address written inside IPv6 is judged by the IPv4 address.
    "::ffff:169.254.169.254, LINK_LOCAL",
    "::127.0.0.1, LOOPBACK",
    // IPv4-translated (::ffff:0:0:0/96, SIIT).
    "::ffff:0:7f00:1, LOOPBACK",
    "::ffff:0:a9fe:a9fe, LINK_LOCAL",
    // NAT64, the well-known prefix 64:ff9b::/96: the IPv4 address the translator reaches.
    "64:ff9b::a9fe:a9fe, LINK_LOCAL",
    "64:ff9b::7f00:1, LOOPBACK",
    "64:ff9b::a00:1, PRIVATE",
    "64:ff9b::808:808, PUBLIC",
    // NAT64, the local-use prefix 64:ff9b:1::/48: not globally reachable, private unless its
    // last 32 bits carry an address that is worse.
    "64:ff9b:1::7f00:1, LOOPBACK",
    "64:ff9b:1::a9fe:a9fe, LINK_LOCAL",
    "64:ff9b:1::808:808, PRIVATE",
    "64:ff9b:1:abcd::808:808, PRIVATE",
    // 6to4 (2002::/16): the IPv4 address in bits 16 to 47.
    "2002:a9fe:a9fe::1, LINK_LOCAL",
    "2002:7f00:1::1, LOOPBACK",
    "2002:c0a8:101::1, PRIVATE",
    "2002:808:808::1, PUBLIC",
    // Teredo (2001::/32): the client's IPv4 address, inverted, in the last 32 bits.
    "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2, PUBLIC",
    // Near the prefixes but outside them.
    "64:ff9c::7f00:1, PUBLIC",
    "2003::7f00:1, PUBLIC",
    "2001:1::7f00:1, PUBLIC",
    "8.8.8.8, PUBLIC",
    "93.184.215.14, PUBLIC",
    "172.32.0.1, PUBLIC",
    "100.63.255.255, PUBLIC",
    "100.128.0.1, PUBLIC",
    "2606:4700::1111, PUBLIC",
  })
  void shouldClassifyAddresses(String literal, AddressClass expected) throws UnknownHostException {
    assertThat(AddressClass.of(InetAddress.getByName(literal))).isEqualTo(expected);
  }

  @Test
  void shouldJudgeAnIpv4MappedAddressKeptAsIpv6ByItsIpv4Address() throws UnknownHostException {
    // InetAddress.getByName turns ::ffff:a.b.c.d into IPv4; a resolver need not.
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 169;
    mapped[13] = (byte) 254;
    mapped[14] = (byte) 169;
    mapped[15] = (byte) 254;
    InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
    assertThat(address).isInstanceOf(Inet6Address.class);

    assertThat(AddressClass.of(address)).isEqualTo(AddressClass.LINK_LOCAL);
  }
}
