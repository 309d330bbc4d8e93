package dev.sextant.ingest.news.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.news.fetch.Validators;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollPositionTest {

  @Test
  void shouldRoundTripValidatorsOfEveryShape() {
    Map<String, Validators> validators =
        Map.of(
            "both",
                new Validators(
                    Optional.of("W/\"x\\y\""), Optional.of("Tue, 01 Jul 2025 10:00:00 GMT")),
            "etag", new Validators(Optional.of("\"1\""), Optional.empty()),
            "none", Validators.NONE);

    String text = PollPosition.format(validators);

    assertThat(PollPosition.parse(text)).isEqualTo(validators);
    assertThat(text).startsWith("{\"v\":1,\"feeds\":{\"both\":");
  }

  @Test
  void shouldReadTheEmptyPositionAsNoValidators() {
    assertThat(PollPosition.parse("")).isEmpty();
  }

  @Test
  void shouldRefuseTextThatIsNotAPosition() {
    assertThatThrownBy(() -> PollPosition.parse("not json"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PollPosition.parse("{\"v\":2,\"feeds\":{}}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
