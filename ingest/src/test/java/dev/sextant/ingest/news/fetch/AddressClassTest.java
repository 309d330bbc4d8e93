package dev.sextant.ingest.news.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
}
