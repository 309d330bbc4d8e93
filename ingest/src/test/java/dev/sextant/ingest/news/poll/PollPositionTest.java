package dev.sextant.ingest.news.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.news.fetch.Validators;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PollPositionTest {

  private static final Instant LATER = Instant.parse("2025-07-01T13:00:00Z");

  @Test
  void shouldRoundTripValidatorsOfEveryShape() {
    Map<String, Validators> validators =
        Map.of(
            "both",
                new Validators(
                    Optional.of("W/\"x\\y\""), Optional.of("Tue, 01 Jul 2025 10:00:00 GMT")),
            "etag", new Validators(Optional.of("\"1\""), Optional.empty()),
            "none", Validators.NONE);
    PollPosition position = new PollPosition(validators, Map.of());

    String text = position.format();

    assertThat(PollPosition.parse(text)).isEqualTo(position);
    assertThat(text).startsWith("{\"v\":1,\"feeds\":{\"both\":");
    assertThat(text).doesNotContain("notBefore");
  }

  @Test
  void shouldRoundTripTheInstantBeforeWhichAFeedIsNotFetched() {
    PollPosition position =
        new PollPosition(
            Map.of(
                "limited",
                new Validators(Optional.of("\"1\""), Optional.empty()),
                "down",
                Validators.NONE),
            Map.of("limited", LATER, "down", LATER.plusNanos(1_500)));

    String text = position.format();

    assertThat(PollPosition.parse(text)).isEqualTo(position);
    assertThat(text)
        .contains("\"limited\":{\"etag\":\"\\\"1\\\"\",\"notBefore\":\"2025-07-01T13:00:00Z\"}");
  }

  @Test
  void shouldReadAPositionWrittenBeforeFeedsCouldBeHeldBack() {
    PollPosition old =
        PollPosition.parse(
            "{\"v\":1,\"feeds\":{\"coindesk\":{\"etag\":\"\\\"abc\\\"\","
                + "\"lastModified\":\"Tue, 01 Jul 2025 10:00:00 GMT\"},\"bare\":{}}}");

    assertThat(old.validators())
        .isEqualTo(
            Map.of(
                "coindesk",
                new Validators(
                    Optional.of("\"abc\""), Optional.of("Tue, 01 Jul 2025 10:00:00 GMT")),
                "bare",
                Validators.NONE));
    assertThat(old.notBefore()).isEmpty();
  }

  @Test
  void shouldReadAFeedHeldBackWithoutValidatorsAsHavingNone() {
    PollPosition position = new PollPosition(Map.of(), Map.of("new", LATER));

    PollPosition read = PollPosition.parse(position.format());

    assertThat(read.notBefore()).isEqualTo(Map.of("new", LATER));
    assertThat(read.validators()).isEqualTo(Map.of("new", Validators.NONE));
  }

  @Test
  void shouldReadTheEmptyPositionAsNoValidators() {
    assertThat(PollPosition.parse("")).isEqualTo(PollPosition.EMPTY);
  }

  @Test
  void shouldRefuseTextThatIsNotAPosition() {
    assertThatThrownBy(() -> PollPosition.parse("not json"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PollPosition.parse("{\"v\":2,\"feeds\":{}}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> PollPosition.parse("{\"v\":1,\"feeds\":{\"a\":{\"notBefore\":\"soon\"}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notBefore");
  }
}
