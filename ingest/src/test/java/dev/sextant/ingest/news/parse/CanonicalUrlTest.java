package dev.sextant.ingest.news.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "HTTPS://WWW.Example.COM/Path/To?x=1 | https://www.example.com/Path/To?x=1",
        "http://example.com:80/a | http://example.com/a",
        "https://example.com:443/a | https://example.com/a",
        "https://example.com:8443/a | https://example.com:8443/a",
        "http://example.com:443/a | http://example.com:443/a",
        "https://example.com | https://example.com/",
        "https://example.com/a#section-2 | https://example.com/a",
        "https://example.com/a?utm_source=rss&utm_medium=referral&utm_campaign=x | https://example.com/a",
        "https://example.com/a?b=2&utm_source=rss&a=1 | https://example.com/a?b=2&a=1",
        "https://example.com/a?UTM_Source=x&id=9 | https://example.com/a?id=9",
        "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=5&ref_src=6 | https://example.com/a",
        "https://example.com/a?igshid=1&ocid=2&wt_mc=rss.x&msclkid=3&keep=yes | https://example.com/a?keep=yes",
        "https://example.com/a?%75tm_source=x&q=a%20b | https://example.com/a?q=a%20b",
        "https://example.com/a?&&x=1& | https://example.com/a?x=1",
        "https://example.com/a?flag | https://example.com/a?flag",
        "https://example.com/a?reference=1&prefix_utm=2 | https://example.com/a?reference=1&prefix_utm=2",
        "https://user:pw@example.com/a | https://example.com/a",
        "  https://example.com/a  | https://example.com/a",
        "https://example.com/caf%C3%A9 | https://example.com/caf%C3%A9",
      })
  void shouldCanonicalize(String input, String expected) {
    assertThat(CanonicalUrl.canonicalize(input)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<b>x</b>",
        "ftp://example.com/a",
        "mailto:a@example.com",
        "/relative/path",
        "https:///no-host",
        "https://exa mple.com/a",
        "",
        "   "
      })
  void shouldRefuseWhatIsNotAnAbsoluteHttpUrl(String input) {
    assertThatThrownBy(() -> CanonicalUrl.canonicalize(input))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://example.com/a?x=1 | https://example.com/a?x=1",
        "https://example.com/a | https://example.com/a",
        "http://example.com:8080/a | https://example.com:8080/a",
        "http://www.example.com/a | https://www.example.com/a",
        "http://http.example.com/http://x | https://http.example.com/http://x",
      })
  void shouldIdentifyAStoryByItsUrlWithHttpUpgradedToHttps(String canonical, String identity) {
    assertThat(CanonicalUrl.identity(canonical)).isEqualTo(identity);
  }

  @ParameterizedTest
  @ValueSource(strings = {"utm_source", "utm_anything", "fbclid", "GCLID", "ref", "igshid", "ocid"})
  void shouldKnowTrackingParameters(String name) {
    assertThat(CanonicalUrl.isTracking(name)).isTrue();
  }
}
